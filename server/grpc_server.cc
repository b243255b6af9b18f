#include "server/grpc_server.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
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
  builder.SetMaxSendMessageSize(validate::kMaxSendMessageBytes);
  builder.RegisterService(&service);
  started.server = builder.BuildAndStart();
  if (started.server == nullptr || started.port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", listen_address));
  }
  return started;
}

}  // namespace stori::server
