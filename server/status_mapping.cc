#include "server/status_mapping.h"

#include <string>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace stori::server {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

grpc::Status ToGrpcStatus(const validate::FieldViolations& violations) {
  if (violations.empty()) {
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        "validation failed without naming a field (server bug)");
  }
  google::rpc::Status rich;
  rich.set_code(grpc::StatusCode::INVALID_ARGUMENT);
  rich.set_message(violations.Summary());
  rich.add_details()->PackFrom(violations.ToBadRequest());
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, rich.message(), rich.SerializeAsString());
}

}  // namespace stori::server
