// The JSON files stori-cli reads (examples/*.json): one object, read as the server reads
// request_json (server/read/read_request.h: protobuf's JSON mapping or Stori's own shapes), as
//   - a GenerateSectionRequest with Maestro's flat fields when it has "flat" or flat fields at
//     the top level ({"genre", "tempo", "instruments", "bars"}): the song is the one-section
//     RMS convert::RmsFromFlat makes of it; metadata, seed, preset and constraints carried over;
//   - else a GenerateSongRequest ("rms", or an RMS at the top level).
// Validated with the server's validator (server/validate/request_rules.h).
#ifndef STORI_TOOLS_CLI_REQUEST_FILE_H_
#define STORI_TOOLS_CLI_REQUEST_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/read/request_warning.h"
#include "server/validate/field_violations.h"
#include "stori/generation/v1/service.pb.h"

namespace stori::cli {

namespace v1 = ::stori::generation::v1;

struct RequestFile {
  v1::GenerateSongRequest request;  // meaningful only when violations is empty
  // Every violation, field paths as the server names them (for a flat file: "flat.bars"; for a
  // bare RMS: "rms.sections[0].bars").
  server::validate::FieldViolations violations;
  // Defaults taken and names mapped while reading (server/read/request_defaults.h).
  server::read::RequestWarnings warnings;
};

// Errors: kInvalidArgument when `json` is not JSON or not the message its keys say (the parser's
// message). Validation problems are not errors: they come back in RequestFile::violations.
// Thread safety: pure function.
absl::StatusOr<RequestFile> SongRequestFromJson(absl::string_view json);

}  // namespace stori::cli

#endif  // STORI_TOOLS_CLI_REQUEST_FILE_H_
