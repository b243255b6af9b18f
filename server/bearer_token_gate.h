// BearerTokenGate: stori.generation.v1.GenerationService behind a bearer token. Registered with the
// grpc::Server in place of the GenerationService it wraps (server/grpc_server.cc does so when
// --auth_token_file is set); each call must carry the metadata "authorization: Bearer <token>" (RFC
// 6750 §2.1; the scheme's case is ignored, RFC 7235 §2.1) or is answered UNAUTHENTICATED at once,
// before admission, validation or the engine, and counted in the metrics. The other services of the
// server (grpc.health.v1.Health, reflection) are not behind it: probes and grpcurl's listing need
// no token.
//
// Why a wrapping service and not gRPC's hooks (Debian's gRPC 1.51): a server interceptor
// (grpc::experimental::ServerInterceptorFactoryInterface) cannot answer a call itself (Hijack is
// client-only and asserts on a server), so the handler and its work would run anyway; an
// AuthMetadataProcessor works only with TLS credentials (InsecureServerCredentials asserts on it),
// and the token must also work on a plain-text port inside a cluster.
#ifndef STORI_SERVER_BEARER_TOKEN_GATE_H_
#define STORI_SERVER_BEARER_TOKEN_GATE_H_

#include <map>
#include <string>

#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"
#include "grpcpp/support/string_ref.h"
#include "server/generation_service.h"
#include "server/metrics.h"
#include "stori/generation/v1/service.grpc.pb.h"

namespace stori::server {

// Returns whether `presented` equals `expected` in time that depends on the lengths only, never on
// where the bytes differ (so a caller cannot find the token byte by byte from response times).
// Thread safety: pure function.
bool ConstantTimeEquals(absl::string_view presented, absl::string_view expected);

// Returns OK when `client_metadata` holds exactly one "authorization" entry "Bearer <token>" whose
// token equals `expected` (compared in constant time); else UNAUTHENTICATED saying what was wrong
// (missing, more than one, not the Bearer scheme, wrong token) without echoing either token.
// Thread safety: pure function.
grpc::Status CheckBearerToken(
    const std::multimap<grpc::string_ref, grpc::string_ref>& client_metadata,
    absl::string_view expected);

// Thread safety: thread-safe. `inner` (and `metrics`, when not null) must outlive this, and this
// the grpc::Server it is registered with.
class BearerTokenGate final : public v1::GenerationService::CallbackService {
 public:
  // `token` is non-empty (server/server_security.h reads it).
  BearerTokenGate(GenerationService& inner, std::string token, ServiceMetrics* metrics = nullptr);

  grpc::ServerUnaryReactor* GenerateSection(grpc::CallbackServerContext* context,
                                            const v1::GenerateSectionRequest* request,
                                            v1::GenerateSectionResponse* response) override;
  grpc::ServerUnaryReactor* RefineSection(grpc::CallbackServerContext* context,
                                          const v1::RefineSectionRequest* request,
                                          v1::RefineSectionResponse* response) override;
  grpc::ServerWriteReactor<v1::GenerateSongResponse>* GenerateSong(
      grpc::CallbackServerContext* context, const v1::GenerateSongRequest* request) override;

 private:
  // OK, or the UNAUTHENTICATED status after logging and counting the refusal.
  grpc::Status Check(const char* rpc, const grpc::CallbackServerContext& context) const;

  GenerationService& inner_;
  const std::string token_;
  ServiceMetrics* const metrics_;
};

}  // namespace stori::server

#endif  // STORI_SERVER_BEARER_TOKEN_GATE_H_
