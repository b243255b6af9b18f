// Builds and starts the grpc::Server that main() runs and the in-process tests exercise, so
// both have the same services: GenerationService, the standard grpc.health.v1 health service
// and server reflection (grpc.reflection.v1alpha), with the message size bounds of
// server/validate/limits.h.
#ifndef STORI_SERVER_GRPC_SERVER_H_
#define STORI_SERVER_GRPC_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/server.h"
#include "server/generation_service.h"

namespace stori::server {

struct StartedServer {
  std::unique_ptr<grpc::Server> server;
  int port = 0;  // the bound port (the chosen one when asked for port 0)
};

// Starts a server on `listen_address` ("127.0.0.1:0" picks a free port) with insecure
// credentials (TLS terminates at the mesh / load balancer in deployment). Enables the default
// health service (process-wide setting) and reflection. `service` must outlive the server.
// Errors: kUnavailable when the address cannot be bound.
// Thread safety: thread-safe.
absl::StatusOr<StartedServer> StartGrpcServer(const std::string& listen_address,
                                              GenerationService& service);

}  // namespace stori::server

#endif  // STORI_SERVER_GRPC_SERVER_H_
