// The only absl -> gRPC status mapping of the service. absl and gRPC both number their codes
// as google.rpc.Code, so codes pass through unchanged; validation violations become
// INVALID_ARGUMENT carrying a google.rpc.Status whose details hold one google.rpc.BadRequest,
// sent in the grpc-status-details-bin trailer (the gRPC "richer error model",
// https://grpc.io/docs/guides/error/).
#ifndef STORI_SERVER_STATUS_MAPPING_H_
#define STORI_SERVER_STATUS_MAPPING_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"
#include "server/validate/field_violations.h"

namespace stori::server {

// Returns a gRPC status with the same code and message; OK for OK. Payloads whose type URL is a
// google.rpc detail ("type.googleapis.com/google.rpc.RetryInfo", set by server/admission.cc)
// travel as the details of a google.rpc.Status in grpc-status-details-bin; others are dropped.
// Thread safety: pure function.
grpc::Status ToGrpcStatus(const absl::Status& status);

// Returns INVALID_ARGUMENT with message violations.Summary() and binary details: a serialized
// google.rpc.Status {code 3, message, details: [Any(google.rpc.BadRequest)]} listing the
// reported violations (at most kMaxReportedViolations). `violations` must be non-empty; an empty
// set maps to INTERNAL (a caller bug, not a client error).
// Thread safety: pure function.
grpc::Status ToGrpcStatus(const validate::FieldViolations& violations);

}  // namespace stori::server

#endif  // STORI_SERVER_STATUS_MAPPING_H_
