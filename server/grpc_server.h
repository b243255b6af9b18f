// Builds and starts the grpc::Server that main() runs and the in-process tests exercise, so both
// have the same services: GenerationService (behind a BearerTokenGate when a token is configured),
// the standard grpc.health.v1 health service and server reflection (grpc.reflection.v1alpha), with
// the message size bounds of server/validate/limits.h, on a plain-text or TLS port
// (server/server_security.h).
#ifndef STORI_SERVER_GRPC_SERVER_H_
#define STORI_SERVER_GRPC_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/server.h"
#include "server/bearer_token_gate.h"
#include "server/generation_service.h"
#include "server/metrics.h"
#include "server/server_security.h"

namespace stori::server {

// Keep it whole while the server runs: `gate` is registered with `server`. Members are destroyed in
// reverse order, so the server goes before the gate.
struct StartedServer {
  std::unique_ptr<BearerTokenGate> gate;  // null without a bearer token
  std::unique_ptr<grpc::Server> server;
  int port = 0;  // the bound port (the chosen one when asked for port 0)
};

// Starts a server on `listen_address` ("127.0.0.1:0" picks a free port) with `security`'s
// credentials (plain text by default; TLS, with client certificates verified when it has a client
// CA) and, when it has a bearer token, GenerationService behind a BearerTokenGate that counts
// refusals in `metrics` (may be null). Health and reflection are open either way. Calls larger than
// validate::kMaxReceiveMessageBytes are refused by gRPC's transport with RESOURCE_EXHAUSTED
// ("Received message larger than max (N vs. 4194304)") before any handler runs. Enables the default
// health service (process-wide setting) and reflection. `service` (and `metrics`) must outlive the
// server.
// Errors: kUnavailable when the address cannot be bound, or with TLS when gRPC refuses the
//   certificate or key (malformed PEM, a key that does not match the certificate).
// Thread safety: thread-safe.
absl::StatusOr<StartedServer> StartGrpcServer(const std::string& listen_address,
                                              GenerationService& service,
                                              const ServerSecurity& security = {},
                                              ServiceMetrics* metrics = nullptr);

}  // namespace stori::server

#endif  // STORI_SERVER_GRPC_SERVER_H_
