// ReadRequest: the request the server serves, from the one the caller sent. `request_json`
// (when set) is read by server/read/request_json.h, the typed fields set beside it are merged
// over it (they win), and the defaults and name resolution of server/read/request_defaults.h
// are applied. Validation (server/validate/) runs on the result, strict as before.
#ifndef STORI_SERVER_READ_READ_REQUEST_H_
#define STORI_SERVER_READ_READ_REQUEST_H_

#include "absl/status/status.h"
#include "server/read/request_warning.h"
#include "stori/generation/v1/service.pb.h"

namespace stori::server::read {

namespace v1 = ::stori::generation::v1;

// Each replaces `*out` with the request to serve and appends the warnings its reading produced.
// Errors: kInvalidArgument (its message names the path inside request_json) when request_json is
//   not a JSON object or holds a value its field cannot take (server/read/request_json.h).
// Thread safety: thread-compatible.
absl::Status ReadRequest(const v1::GenerateSectionRequest& in, v1::GenerateSectionRequest* out,
                         RequestWarnings* warnings);
absl::Status ReadRequest(const v1::RefineSectionRequest& in, v1::RefineSectionRequest* out,
                         RequestWarnings* warnings);
absl::Status ReadRequest(const v1::GenerateSongRequest& in, v1::GenerateSongRequest* out,
                         RequestWarnings* warnings);

}  // namespace stori::server::read

#endif  // STORI_SERVER_READ_READ_REQUEST_H_
