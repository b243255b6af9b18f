// Leap rate: the share of successive melodic intervals larger than a step. Steps are seconds
// (1-2 semitones) and leaps anything wider, as in common-practice voice-leading terminology; the
// threshold is targets::TrackTargets::leap_probability's ("share of successive intervals > 2
// semitones"), so measured and requested figures compare directly. MusPy and mgeval have no leap
// measure; mgeval's pitch-interval histogram is the nearest (Yang & Lerch 2020).
#ifndef STORI_ENGINE_SCORE_LEAP_RATE_H_
#define STORI_ENGINE_SCORE_LEAP_RATE_H_

#include <vector>

#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "engine/tokens/grid_note.h"

namespace stori::score {

inline constexpr int kMaxStepSemitones = 2;  // a whole tone; 3 semitones and more is a leap

// The monophonic line of `notes`: at each distinct start_step the highest note (skyline), in
// onset order. Thread safety: pure function.
std::vector<tokens::GridNote> TopLine(absl::Span<const tokens::GridNote> notes);

// Returns #{i : |p[i+1] - p[i]| > max_step_semitones} / (n - 1), 0..1, over the pitches p of
// TopLine(notes) (repeated notes count as intervals of 0, so not as leaps). nullopt when the
// line has fewer than 2 notes. Pitched tracks only. Thread safety: pure function.
absl::optional<double> LeapRate(absl::Span<const tokens::GridNote> notes,
                                int max_step_semitones = kMaxStepSemitones);

}  // namespace stori::score

#endif  // STORI_ENGINE_SCORE_LEAP_RATE_H_
