#include "server/read/read_request.h"

#include "engine/common/status_macros.h"
#include "server/read/request_defaults.h"
#include "server/read/request_json.h"

namespace stori::server::read {
namespace {

// `in` with request_json read under its typed fields.
template <typename Request>
absl::Status ReadJson(const Request& in, Request* out, RequestWarnings* warnings) {
  if (in.request_json().empty()) {
    *out = in;
    return absl::OkStatus();
  }
  STORI_RETURN_IF_ERROR(ReadRequestJson(in.request_json(), out, warnings));
  Request typed = in;
  typed.clear_request_json();
  out->MergeFrom(typed);
  return absl::OkStatus();
}

// The spec of a request that holds an RMS or a flat spec.
template <typename Request>
void DefaultSpec(Request* request, RequestWarnings* warnings) {
  if (request->has_rms()) ApplyDefaults(request->mutable_rms(), "rms", warnings);
  if (request->has_flat()) ApplyDefaults(request->mutable_flat(), "flat", warnings);
}

}  // namespace

absl::Status ReadRequest(const v1::GenerateSectionRequest& in, v1::GenerateSectionRequest* out,
                         RequestWarnings* warnings) {
  STORI_RETURN_IF_ERROR(ReadJson(in, out, warnings));
  DefaultSpec(out, warnings);
  return absl::OkStatus();
}

absl::Status ReadRequest(const v1::RefineSectionRequest& in, v1::RefineSectionRequest* out,
                         RequestWarnings* warnings) {
  STORI_RETURN_IF_ERROR(ReadJson(in, out, warnings));
  DefaultSpec(out, warnings);
  return absl::OkStatus();
}

absl::Status ReadRequest(const v1::GenerateSongRequest& in, v1::GenerateSongRequest* out,
                         RequestWarnings* warnings) {
  STORI_RETURN_IF_ERROR(ReadJson(in, out, warnings));
  if (out->has_rms()) ApplyDefaults(out->mutable_rms(), "rms", warnings);
  return absl::OkStatus();
}

}  // namespace stori::server::read
