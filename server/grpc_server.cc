#include "server/grpc_server.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "grpc/grpc.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "server/validate/limits.h"

namespace stori::server {

absl::StatusOr<StartedServer> StartGrpcServer(const std::string& listen_address,
                                              GenerationService& service,
                                              const ServerSecurity& security,
                                              ServiceMetrics* metrics) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  StartedServer started;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen_address, ServerCredentialsFor(security), &started.port);
  builder.SetMaxReceiveMessageSize(validate::kMaxReceiveMessageBytes);
  // Connections end after 5 minutes (plus 30 s for calls on them to finish), so that
  // long-lived clients balancing round-robin over a headless Service re-resolve and find
  // replicas added since. Keepalive pings are accepted every 30 s, with or without calls (the
  // Python client pings every 60 s while a call is in flight).
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS, 5 * 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, 30 * 1000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 30 * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.SetMaxSendMessageSize(validate::kMaxSendMessageBytes);
  if (security.bearer_token.has_value()) {
    started.gate = std::make_unique<BearerTokenGate>(service, *security.bearer_token, metrics);
    builder.RegisterService(started.gate.get());
  } else {
    builder.RegisterService(&service);
  }
  started.server = builder.BuildAndStart();
  if (started.server == nullptr || started.port == 0) {
    if (security.tls.has_value()) {
      return absl::UnavailableError(absl::StrCat(
          "cannot listen on ", listen_address,
          " with TLS: gRPC refused the certificate chain or key (a malformed PEM block, or a key "
          "that does not match the certificate) or the address is in use; gRPC's error log line "
          "above says which"));
    }
    return absl::UnavailableError(absl::StrCat("cannot listen on ", listen_address));
  }
  return started;
}

}  // namespace stori::server
