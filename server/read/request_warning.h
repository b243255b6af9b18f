// RequestWarning: something the server noticed while reading a request as the caller wrote it
// (a default taken, a name mapped, a field ignored). The request is still served; each warning
// reaches the result of the section it concerns as a proto Warning (result.proto).
#ifndef STORI_SERVER_READ_REQUEST_WARNING_H_
#define STORI_SERVER_READ_REQUEST_WARNING_H_

#include <string>
#include <vector>

#include "stori/generation/v1/result.pb.h"

namespace stori::server::read {

struct RequestWarning {
  // Zero-based section the warning concerns; -1: the whole request (every section's result).
  int section_index = -1;
  // Proto field path of the cause, e.g. "rms.tracks[2].instrument"; "" if none.
  std::string field_path;
  // What was noticed and what was done.
  std::string message;
};

using RequestWarnings = std::vector<RequestWarning>;

// Appends to `result` every warning of `warnings` whose section_index is -1 or `section_index`,
// in order. Thread safety: thread-compatible.
inline void AppendWarnings(const RequestWarnings& warnings, int section_index,
                           ::stori::generation::v1::SectionResult* result) {
  for (const RequestWarning& w : warnings) {
    if (w.section_index != -1 && w.section_index != section_index) continue;
    ::stori::generation::v1::Warning* out = result->add_warnings();
    out->set_field_path(w.field_path);
    out->set_message(w.message);
  }
}

}  // namespace stori::server::read

#endif  // STORI_SERVER_READ_REQUEST_WARNING_H_
