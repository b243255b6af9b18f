// Pitch range, MusPy (Dong et al., ISMIR 2020) `pitch_range`: highest minus lowest pitch.
#ifndef STORI_ENGINE_SCORE_PITCH_RANGE_H_
#define STORI_ENGINE_SCORE_PITCH_RANGE_H_

#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "engine/tokens/grid_note.h"

namespace stori::score {

// Returns max(pitch) - min(pitch) in semitones, 0..127; nullopt for no notes (MusPy returns 0,
// which cannot be told from a single repeated pitch). Pitched tracks only.
// Thread safety: pure function.
absl::optional<int> PitchRange(absl::Span<const tokens::GridNote> notes);

}  // namespace stori::score

#endif  // STORI_ENGINE_SCORE_PITCH_RANGE_H_
