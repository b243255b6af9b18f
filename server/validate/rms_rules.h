// Rules for a whole RichMusicalSpecification (proto rms.proto): the song-level fields (tempo
// 20..300 BPM, key, meter, genre, title), its tracks (1..16, at most 15 not drums, unique ids,
// a known role, a GM program 0..127 or a GM name), its motifs (at most 32, unique ids, see
// motif_rules.h) and its sections (1..64, unique ids, see section_rules.h), in one pass.
#ifndef STORI_SERVER_VALIDATE_RMS_RULES_H_
#define STORI_SERVER_VALIDATE_RMS_RULES_H_

#include "absl/strings/string_view.h"
#include "server/validate/field_violations.h"
#include "stori/generation/v1/rms.pb.h"

namespace stori::server::validate {
namespace v1 = ::stori::generation::v1;

// Every violation of `rms` (at `path`, e.g. "rms"). Thread safety: pure function.
FieldViolations ValidateRms(const v1::RichMusicalSpecification& rms, absl::string_view path);

// Every violation of one track (at `path`, e.g. "rms.tracks[0]"). Thread safety: pure function.
FieldViolations ValidateTrack(const v1::Track& track, absl::string_view path);

}  // namespace stori::server::validate

#endif  // STORI_SERVER_VALIDATE_RMS_RULES_H_
