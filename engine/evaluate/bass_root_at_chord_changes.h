// Bass on the root at chord changes: the share of a window's chord changes where the bass plays
// the new chord's root (issue 15 point 1: "bass on the chord root at chord changes"). In pop
// arranging the bass states the root on the change (root-position harmony); the measure shows
// whether a generated bass follows the chords the request gives. No MusPy or mgeval
// counterpart; the chord-tone ratio (score/chord_tone_ratio.h) asks the weaker question of any
// chord tone at any time.
#ifndef STORI_ENGINE_EVALUATE_BASS_ROOT_AT_CHORD_CHANGES_H_
#define STORI_ENGINE_EVALUATE_BASS_ROOT_AT_CHORD_CHANGES_H_

#include <vector>

#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "engine/tokens/grid_note.h"
#include "engine/tokens/remi_window.h"

namespace stori::evaluate {

// Chord changes: walking `chords` (RemiWindow::chords: per bar, BarChord {beat, kChord value}),
// a change is every entry whose value differs from the entry before it; the window's first chord
// is not a change (what sounded before the window is unknown). A change sits at step
// bar * steps_per_bar + beat * tokens::kStepsPerBeat. Changes to "none" (no chord) are not judged.
// The bass note of a judged change at step c, next change (or window end) at step e:
//   1. the lowest note starting at c; else
//   2. the note sounding at c (start < c < start + duration; the latest start, then the lowest
//      pitch): a held or anticipated note; else
//   3. the lowest note of the first onset in (c, e).
// A change with none of these (the bass rests through the chord) is not judged.
// Returns #{judged changes whose bass note's pitch class == the chord's root pitch class
// (value / tokens::kNumChordQualities)} / #{judged changes}, 0..1; nullopt when none is judged.
// Thread safety: pure function.
absl::optional<double> BassRootAtChordChanges(
    absl::Span<const tokens::GridNote> bass,
    const std::vector<std::vector<tokens::BarChord>>& chords, int steps_per_bar);

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_BASS_ROOT_AT_CHORD_CHANGES_H_
