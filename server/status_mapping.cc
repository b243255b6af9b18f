#include "server/status_mapping.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace stori::server {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  google::rpc::Status rich;
  status.ForEachPayload([&rich](absl::string_view type_url, const absl::Cord& payload) {
    if (!absl::StartsWith(type_url, "type.googleapis.com/google.rpc.")) return;
    google::protobuf::Any* detail = rich.add_details();
    detail->set_type_url(std::string(type_url));
    detail->set_value(std::string(payload));
  });
  if (rich.details_size() == 0) return grpc::Status(code, std::string(status.message()));
  rich.set_code(static_cast<int>(code));
  rich.set_message(std::string(status.message()));
  return grpc::Status(code, rich.message(), rich.SerializeAsString());
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
