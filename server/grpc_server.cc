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
                                              GenerationService& service) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  StartedServer started;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen_address, grpc::InsecureServerCredentials(), &started.port);
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
  builder.RegisterService(&service);
  started.server = builder.BuildAndStart();
  if (started.server == nullptr || started.port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", listen_address));
  }
  return started;
}

}  // namespace stori::server
