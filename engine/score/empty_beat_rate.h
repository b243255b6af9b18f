// Empty-beat rate, MusPy (Dong et al., ISMIR 2020) `empty_beat_rate`, as in Pypianoroll and
// mgeval (Yang & Lerch, "On the evaluation of generative models in music", 2020):
//   empty_beat_rate = #beats in which no note sounds / #beats
#ifndef STORI_ENGINE_SCORE_EMPTY_BEAT_RATE_H_
#define STORI_ENGINE_SCORE_EMPTY_BEAT_RATE_H_

#include "absl/types/span.h"
#include "engine/tokens/grid_note.h"

namespace stori::score {

// Returns the share 0..1 of beats (quarter notes of tokens::kStepsPerBeat steps) of the section
// [0, bars * steps_per_bar) during which no note sounds: beat b is occupied when some note's
// [start_step, start_step + duration_steps) overlaps [b * 12, (b + 1) * 12). A bar whose length
// is not a whole number of beats (7/8) ends in a shorter beat, which counts as one beat.
// Pass one track's notes, or all tracks' notes concatenated for the section's rate.
// Returns 1 for no notes; 0 when bars * steps_per_bar <= 0 (no beats).
// Thread safety: pure function.
double EmptyBeatRate(absl::Span<const tokens::GridNote> notes, int steps_per_bar, int bars);

}  // namespace stori::score

#endif  // STORI_ENGINE_SCORE_EMPTY_BEAT_RATE_H_
