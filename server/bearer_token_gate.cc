#include "server/bearer_token_gate.h"

#include <cstddef>
#include <iterator>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"

namespace stori::server {
namespace {

constexpr absl::string_view kAuthorizationKey = "authorization";
constexpr absl::string_view kBearerScheme = "bearer";

grpc::Status Unauthenticated(absl::string_view why) {
  return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, std::string(why));
}

// A GenerateSong call refused before it started: finishes with `status` at once.
class RefusedSong final : public grpc::ServerWriteReactor<v1::GenerateSongResponse> {
 public:
  explicit RefusedSong(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace

bool ConstantTimeEquals(absl::string_view presented, absl::string_view expected) {
  if (expected.empty()) return presented.empty();
  // Every byte of `presented` is compared with `expected` (repeated when shorter) and the
  // differences are OR-ed: no early exit. `volatile` keeps the compiler from adding one.
  volatile unsigned char diff = presented.size() == expected.size() ? 0 : 1;
  std::size_t j = 0;
  for (const char c : presented) {
    diff = diff | (static_cast<unsigned char>(c) ^ static_cast<unsigned char>(expected[j]));
    j = j + 1 == expected.size() ? 0 : j + 1;
  }
  return diff == 0;
}

grpc::Status CheckBearerToken(
    const std::multimap<grpc::string_ref, grpc::string_ref>& client_metadata,
    absl::string_view expected) {
  const auto [first, last] = client_metadata.equal_range(
      grpc::string_ref(kAuthorizationKey.data(), kAuthorizationKey.size()));
  if (first == last) {
    return Unauthenticated(
        "missing bearer token: send the metadata \"authorization: Bearer <token>\"");
  }
  if (std::next(first) != last) {
    return Unauthenticated("more than one \"authorization\" metadata entry");
  }
  absl::string_view value(first->second.data(), first->second.size());
  if (value.size() <= kBearerScheme.size() || !absl::StartsWithIgnoreCase(value, kBearerScheme) ||
      value[kBearerScheme.size()] != ' ') {
    return Unauthenticated("\"authorization\" metadata is not \"Bearer <token>\"");
  }
  value.remove_prefix(kBearerScheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (value.empty()) return Unauthenticated("\"authorization\" metadata has an empty bearer token");
  if (!ConstantTimeEquals(value, expected)) return Unauthenticated("invalid bearer token");
  return grpc::Status::OK;
}

BearerTokenGate::BearerTokenGate(GenerationService& inner, std::string token,
                                 ServiceMetrics* metrics)
    : inner_(inner), token_(std::move(token)), metrics_(metrics) {}

grpc::Status BearerTokenGate::Check(const char* rpc,
                                    const grpc::CallbackServerContext& context) const {
  grpc::Status status = CheckBearerToken(context.client_metadata(), token_);
  if (!status.ok()) {
    if (metrics_ != nullptr) metrics_->RequestFinished(rpc, status.error_code(), 0.0, 0.0);
    spdlog::warn("event=request_unauthenticated rpc={} peer={} reason=\"{}\"", rpc, context.peer(),
                 status.error_message());
  }
  return status;
}

grpc::ServerUnaryReactor* BearerTokenGate::GenerateSection(
    grpc::CallbackServerContext* context, const v1::GenerateSectionRequest* request,
    v1::GenerateSectionResponse* response) {
  if (grpc::Status status = Check("GenerateSection", *context); !status.ok()) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(status);
    return reactor;
  }
  return inner_.GenerateSection(context, request, response);
}

grpc::ServerUnaryReactor* BearerTokenGate::RefineSection(grpc::CallbackServerContext* context,
                                                         const v1::RefineSectionRequest* request,
                                                         v1::RefineSectionResponse* response) {
  if (grpc::Status status = Check("RefineSection", *context); !status.ok()) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(status);
    return reactor;
  }
  return inner_.RefineSection(context, request, response);
}

grpc::ServerWriteReactor<v1::GenerateSongResponse>* BearerTokenGate::GenerateSong(
    grpc::CallbackServerContext* context, const v1::GenerateSongRequest* request) {
  if (grpc::Status status = Check("GenerateSong", *context); !status.ok()) {
    return new RefusedSong(status);
  }
  return inner_.GenerateSong(context, request);
}

}  // namespace stori::server
