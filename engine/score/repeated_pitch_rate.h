// Repeated-pitch rate: the share of successive notes of a monophonic line that repeat the
// previous note's pitch (issue 15 point 1: the generated melody repeated its previous pitch 30%
// of the time against 18% in POP909). mgeval's pitch-interval histogram (Yang & Lerch 2020)
// holds it as the weight of interval 0; leap_rate.h measures the other end (leaps).
#ifndef STORI_ENGINE_SCORE_REPEATED_PITCH_RATE_H_
#define STORI_ENGINE_SCORE_REPEATED_PITCH_RATE_H_

#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "engine/tokens/grid_note.h"

namespace stori::score {

// Which note of a chord (notes sharing a start_step) stands for the line.
enum class LineVoice {
  kHighest,  // a melody: the skyline, as score::TopLine
  kLowest,   // a bass line
};

// Returns #{i : p[i] == p[i-1]} / (n - 1), 0..1, over the pitches p of the line of `notes`: at
// each distinct start_step, in onset order, the highest or lowest note as `voice` asks. nullopt
// when the line has fewer than 2 notes. Pitched tracks only. Thread safety: pure function.
absl::optional<double> RepeatedPitchRate(absl::Span<const tokens::GridNote> notes, LineVoice voice);

}  // namespace stori::score

#endif  // STORI_ENGINE_SCORE_REPEATED_PITCH_RATE_H_
