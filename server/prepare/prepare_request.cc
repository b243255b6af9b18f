#include "server/prepare/prepare_request.h"

#include <utility>

#include "absl/random/random.h"
#include "absl/status/status.h"
#include "server/convert/from_proto.h"
#include "server/read/read_request.h"
#include "server/validate/request_rules.h"

namespace stori::server::prepare {
namespace {

// The request's seed, or one drawn for it.
template <typename Served>
std::uint64_t SeedOf(const Served& served) {
  if (served.has_seed()) return served.seed();
  absl::BitGen gen;
  return absl::Uniform<std::uint64_t>(gen);
}

absl::StatusOr<SectionRequest> Convert(const v1::GenerateSectionRequest& r, std::uint64_t seed) {
  return convert::SectionRequestFromProto(r, seed);
}
absl::StatusOr<RefinementRequest> Convert(const v1::RefineSectionRequest& r, std::uint64_t seed) {
  return convert::RefinementRequestFromProto(r, seed);
}
absl::StatusOr<std::vector<SectionRequest>> Convert(const v1::GenerateSongRequest& r,
                                                    std::uint64_t seed) {
  return convert::SongRequestsFromProto(r, seed);
}

validate::FieldViolations Validate(const v1::GenerateSectionRequest& r) {
  return validate::ValidateGenerateSectionRequest(r);
}
validate::FieldViolations Validate(const v1::RefineSectionRequest& r) {
  return validate::ValidateRefineSectionRequest(r);
}
validate::FieldViolations Validate(const v1::GenerateSongRequest& r) {
  return validate::ValidateGenerateSongRequest(r);
}

absl::Status Rejected(const validate::FieldViolations& violations) {
  return absl::InvalidArgumentError(violations.Summary());
}

template <typename Served, typename EngineRequest>
absl::StatusOr<Prepared<Served, EngineRequest>> Prepare(const Served& in,
                                                       validate::FieldViolations* violations) {
  Prepared<Served, EngineRequest> out;
  if (absl::Status s = read::ReadRequest(in, &out.served, &out.warnings); !s.ok()) {
    violations->Add("request_json", s.message());
    return Rejected(*violations);
  }
  violations->Append(Validate(out.served));
  if (!violations->empty()) return Rejected(*violations);
  out.seed = SeedOf(out.served);
  absl::StatusOr<EngineRequest> request = Convert(out.served, out.seed);
  if (!request.ok()) return request.status();
  out.request = *std::move(request);
  return out;
}

}  // namespace

absl::StatusOr<PreparedSection> PrepareRequest(const v1::GenerateSectionRequest& in,
                                               validate::FieldViolations* violations) {
  return Prepare<v1::GenerateSectionRequest, SectionRequest>(in, violations);
}

absl::StatusOr<PreparedRefinement> PrepareRequest(const v1::RefineSectionRequest& in,
                                                  validate::FieldViolations* violations) {
  return Prepare<v1::RefineSectionRequest, RefinementRequest>(in, violations);
}

absl::StatusOr<PreparedSong> PrepareRequest(const v1::GenerateSongRequest& in,
                                            validate::FieldViolations* violations) {
  return Prepare<v1::GenerateSongRequest, std::vector<SectionRequest>>(in, violations);
}

absl::StatusOr<std::vector<SectionRequest>> SeedAndConvert(const v1::GenerateSongRequest& request,
                                                           std::uint64_t* seed) {
  *seed = SeedOf(request);
  return Convert(request, *seed);
}

}  // namespace stori::server::prepare
