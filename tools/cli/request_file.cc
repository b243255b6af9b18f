#include "tools/cli/request_file.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "server/convert/from_proto.h"
#include "server/read/read_request.h"
#include "server/validate/request_rules.h"

namespace stori::cli {

absl::StatusOr<RequestFile> SongRequestFromJson(absl::string_view json) {
  RequestFile out;
  // Read as a GenerateSectionRequest first: that tells a flat request from an RMS.
  v1::GenerateSectionRequest section_in;
  section_in.set_request_json(std::string(json));
  v1::GenerateSectionRequest section;
  server::read::RequestWarnings section_warnings;
  if (absl::Status s = server::read::ReadRequest(section_in, &section, &section_warnings);
      !s.ok()) {
    return s;
  }
  if (section.has_flat()) {
    out.warnings = std::move(section_warnings);
    out.violations = server::validate::ValidateGenerateSectionRequest(section);
    *out.request.mutable_metadata() = section.metadata();
    *out.request.mutable_rms() = server::convert::RmsFromFlat(section.flat());
    if (section.has_seed()) out.request.set_seed(section.seed());
    out.request.set_quality_preset(section.quality_preset());
    *out.request.mutable_constraints() = section.constraints();
    out.request.set_include_intent_trace(section.include_intent_trace());
    return out;
  }
  v1::GenerateSongRequest song_in;
  song_in.set_request_json(std::string(json));
  if (absl::Status s = server::read::ReadRequest(song_in, &out.request, &out.warnings);
      !s.ok()) {
    return s;
  }
  out.violations = server::validate::ValidateGenerateSongRequest(out.request);
  return out;
}

}  // namespace stori::cli
