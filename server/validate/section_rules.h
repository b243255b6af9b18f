// Rules for one SectionSpec of an RMS (proto rms.proto; bounds in server/validate/limits.h):
// bars 1..64, overrides of tempo/key/meter, the EmotionVector, chords inside the section (bar
// < bars, 0 <= beat < beats per bar, symbols that music::ParseChordSymbol reads), motif usages
// that name a motif of the RMS, start inside the section and use an allowed transformation,
// entry/exit states, and track behaviours that name a known track once and enter inside the
// section.
#ifndef STORI_SERVER_VALIDATE_SECTION_RULES_H_
#define STORI_SERVER_VALIDATE_SECTION_RULES_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "server/validate/field_violations.h"
#include "stori/generation/v1/rms.pb.h"

namespace stori::server::validate {
namespace v1 = ::stori::generation::v1;

// What a section may refer to, collected from the RMS before its sections are checked. Points
// into the RMS, which must outlive it.
struct RmsIndex {
  // First motif with each motif_id.
  absl::flat_hash_map<std::string, const v1::Motif*> motifs;
  absl::flat_hash_set<std::string> track_ids;
  // Beats per bar of the song's meter (4 when absent); nullopt when that meter is invalid, in
  // which case beat positions of sections without their own meter are not checked (the meter
  // itself is already reported).
  absl::optional<double> beats_per_bar = 4.0;
};

// Every violation of `section` (at `path`, e.g. "rms.sections[2]"). Uniqueness of section_id is
// checked by ValidateRms. Thread safety: pure function.
FieldViolations ValidateSection(const v1::SectionSpec& section, const RmsIndex& index,
                                absl::string_view path);

// Rules for an entry or exit state: energy 0..1 when present, last_chord empty or a chord
// symbol that parses, a known Register. Thread safety: pure function.
FieldViolations ValidateSectionState(const v1::SectionState& state, absl::string_view path);

}  // namespace stori::server::validate

#endif  // STORI_SERVER_VALIDATE_SECTION_RULES_H_
