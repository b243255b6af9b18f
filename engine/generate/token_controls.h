// Request values -> the token-level controls of a decoding window: chords per bar as kChord
// values, the Key token value, the onset-step mask from the subdivision target and the velocity
// bins allowed by the velocity floor/ceiling.
#ifndef STORI_ENGINE_GENERATE_TOKEN_CONTROLS_H_
#define STORI_ENGINE_GENERATE_TOKEN_CONTROLS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "engine/section/section_request.h"
#include "engine/music/chord_symbol.h"
#include "engine/targets/emotion_targets.h"
#include "engine/tokens/remi_window.h"

namespace stori::generate {

// Chords of bars [first_bar, first_bar + bars) of the section: per bar, beat 0 carries the
// chord sounding there (the last change at or before it, else "none") and each later change
// inside the bar is added at its whole beat. Errors: ParseChordSymbol's, naming the chord index.
absl::StatusOr<std::vector<std::vector<tokens::BarChord>>> BarChords(const SectionSpec& section,
                                                                     int first_bar, int bars);

// Key token value (tonic_pc * 2 + minor) of a key name; kNoKeyValue for "".
// Errors: ParseKey's.
absl::StatusOr<int> KeyTokenValue(const std::string& key);

// Allowed onset steps inside a beat (size kStepsPerBeat) for a subdivision target (onsets per
// beat: 1 quarter, 2 eighths, 3 triplets, 4 sixteenths); swing > 0.3 adds the swung position
// (step 8, the third triplet eighth). Unknown subdivisions allow the whole grid.
std::vector<bool> OnsetStepMask(int subdivision, double swing);

// Velocity bins whose centre lies within [floor - 8, ceiling + 8] (half a bin of slack).
void VelocityBinRange(int floor, int ceiling, int* min_bin, int* max_bin);

}  // namespace stori::generate

#endif  // STORI_ENGINE_GENERATE_TOKEN_CONTROLS_H_
