// Pitch-class entropy: Shannon entropy, in bits, of the normalized 12-bin pitch-class histogram.
// MusPy `pitch_class_entropy` (Dong et al., ISMIR 2020), after Wu & Yang, "The Jazz Transformer on
// the Front Line" (ISMIR 2020): H = -sum_{i=0}^{11} P(pc = i) log2 P(pc = i).
#ifndef STORI_ENGINE_SCORE_PITCH_CLASS_ENTROPY_H_
#define STORI_ENGINE_SCORE_PITCH_CLASS_ENTROPY_H_

#include <array>

#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "engine/score/note_weighting.h"
#include "engine/tokens/grid_note.h"

namespace stori::score {

// Histogram of pitch classes 0..11 (C = 0), each note adding 1 (kCount) or its duration_steps
// (kDuration). Thread safety: pure function.
std::array<double, 12> PitchClassHistogram(absl::Span<const tokens::GridNote> notes,
                                           NoteWeighting weighting = NoteWeighting::kCount);

// Entropy in bits, 0 (one pitch class) .. log2(12) ~= 3.585 (all twelve equally). kCount is
// MusPy's definition. Returns nullopt for no notes (MusPy: NaN). Pitched tracks only.
// Thread safety: pure function.
absl::optional<double> PitchClassEntropy(absl::Span<const tokens::GridNote> notes,
                                         NoteWeighting weighting = NoteWeighting::kCount);

}  // namespace stori::score

#endif  // STORI_ENGINE_SCORE_PITCH_CLASS_ENTROPY_H_
