// The chords of a section whose request gives none (Stori's flat requests never do): a common
// four-chord pop loop in the section's key, so that bass, harmony and melody share a harmony
// instead of each wandering (without chords the model conditions on "no chord" and leaves the
// key: 33% of a flat request's bass notes were in key). Loops by mode and valence, brightest
// first (degrees of the key; major: I V vi IV, I vi IV V, vi IV I V; natural minor:
// i VI III VII, i VII VI VII, i iv v i); tension > 0.6 ends each loop on the dominant seventh
// (V7, harmonic minor's in a minor key). One chord per harmonic_rhythm_bars bars
// (GenerationConstraints, default 1; changes fall on whole beats).
#ifndef STORI_ENGINE_GENERATE_DEFAULT_PROGRESSION_H_
#define STORI_ENGINE_GENERATE_DEFAULT_PROGRESSION_H_

#include <string>
#include <vector>

#include "engine/section/section_request.h"
#include "engine/music/key.h"

namespace stori::generate {

// Threshold above which a loop ends on V7 (0..1 tension).
inline constexpr float kDominantSeventhTension = 0.6f;

// The progression for `section` (its bars, meter and emotion) in `key`: chord events sorted by
// start_beat, symbols that music::ParseChordSymbol reads (e.g. "Am", "F", "E7"), the first at
// bar 0 beat 0. `harmonic_rhythm_bars` <= 0 means 1.
// Thread safety: pure function.
std::vector<ChordEvent> DefaultProgression(const SectionSpec& section, const music::Key& key,
                                           float harmonic_rhythm_bars);

// "Am F C G" for the first loop of `chords` (for the warning that reports the choice).
std::string ProgressionText(const std::vector<ChordEvent>& chords);

}  // namespace stori::generate

#endif  // STORI_ENGINE_GENERATE_DEFAULT_PROGRESSION_H_
