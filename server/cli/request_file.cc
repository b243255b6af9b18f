#include "server/cli/request_file.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "server/convert/from_proto.h"
#include "server/validate/request_rules.h"

namespace stori::server::cli {
namespace {

template <typename Message>
absl::Status Parse(absl::string_view json, Message* message, absl::string_view what) {
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("not a ", what, ": ", status.ToString()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<RequestFile> SongRequestFromJson(absl::string_view json) {
  google::protobuf::Struct shape;
  if (absl::Status s = Parse(json, &shape, "JSON object"); !s.ok()) return s;
  RequestFile out;
  if (shape.fields().count("rms") > 0) {
    if (absl::Status s = Parse(json, &out.request, "GenerateSongRequest"); !s.ok()) return s;
    out.violations = validate::ValidateGenerateSongRequest(out.request);
  } else if (shape.fields().count("flat") > 0) {
    v1::GenerateSectionRequest section;
    if (absl::Status s = Parse(json, &section, "GenerateSectionRequest"); !s.ok()) return s;
    out.violations = validate::ValidateGenerateSectionRequest(section);
    *out.request.mutable_metadata() = section.metadata();
    *out.request.mutable_rms() = convert::RmsFromFlat(section.flat());
    if (section.has_seed()) out.request.set_seed(section.seed());
    out.request.set_quality_preset(section.quality_preset());
    *out.request.mutable_constraints() = section.constraints();
    out.request.set_include_intent_trace(section.include_intent_trace());
  } else {
    if (absl::Status s = Parse(json, out.request.mutable_rms(), "RichMusicalSpecification");
        !s.ok()) {
      return s;
    }
    out.violations = validate::ValidateGenerateSongRequest(out.request);
  }
  return out;
}

}  // namespace stori::server::cli
