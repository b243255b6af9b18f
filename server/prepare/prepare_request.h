// PrepareRequest: the one path from the request a caller sent to what the engine runs, shared by
// the three RPCs of server/generation_service.h and by stori-cli:
//   1. read it as sent (server/read/read_request.h: request_json, names, defaults);
//   2. validate every field (server/validate/request_rules.h);
//   3. take its seed, or draw one (returned to the caller as seed_used);
//   4. convert it to the engine's structs (server/convert/from_proto.h).
// No gRPC here: the service maps the errors to gRPC statuses (server/status_mapping.h).
#ifndef STORI_SERVER_PREPARE_PREPARE_REQUEST_H_
#define STORI_SERVER_PREPARE_PREPARE_REQUEST_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/section/section_request.h"
#include "server/read/request_warning.h"
#include "server/validate/field_violations.h"
#include "stori/generation/v1/generation.pb.h"
#include "stori/generation/v1/service.pb.h"

namespace stori::server::prepare {

namespace v1 = ::stori::generation::v1;

// A request ready for the engine. `Served`: the proto as read (step 1; what was validated);
// `EngineRequest`: what the engine runs.
template <typename Served, typename EngineRequest>
struct Prepared {
  Served served;
  EngineRequest request;
  std::uint64_t seed = 0;          // the request's, or the one drawn
  read::RequestWarnings warnings;  // defaults taken and names mapped while reading
};

using PreparedSection = Prepared<v1::GenerateSectionRequest, SectionRequest>;
using PreparedRefinement = Prepared<v1::RefineSectionRequest, RefinementRequest>;
using PreparedSong = Prepared<v1::GenerateSongRequest, std::vector<SectionRequest>>;

// Each runs steps 1-4 on `in`.
// Errors: kInvalidArgument with `*violations` filled (message violations.Summary()) when
//   request_json cannot be read (field "request_json") or a field is invalid; kInvalidArgument
//   with violations left empty when the validated request still cannot be converted (the
//   converter's message names the field). `violations` must not be null.
// Thread safety: thread-safe (no shared state; the seed is drawn from a fresh absl::BitGen).
absl::StatusOr<PreparedSection> PrepareRequest(const v1::GenerateSectionRequest& in,
                                               validate::FieldViolations* violations);
absl::StatusOr<PreparedRefinement> PrepareRequest(const v1::RefineSectionRequest& in,
                                                  validate::FieldViolations* violations);
absl::StatusOr<PreparedSong> PrepareRequest(const v1::GenerateSongRequest& in,
                                            validate::FieldViolations* violations);

// Steps 3-4 alone, for a song request already read and validated (stori-cli reads its files with
// server/cli/request_file.h, which also takes flat and bare-RMS shapes).
// Errors: as convert::SongRequestsFromProto. Thread safety: thread-safe.
absl::StatusOr<std::vector<SectionRequest>> SeedAndConvert(const v1::GenerateSongRequest& request,
                                                           std::uint64_t* seed);

}  // namespace stori::server::prepare

#endif  // STORI_SERVER_PREPARE_PREPARE_REQUEST_H_
