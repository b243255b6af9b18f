// Polyphony, MusPy (Dong et al., ISMIR 2020) `polyphony`: the mean number of pitches sounding at
// the time steps where at least one pitch sounds. (tokens::TrackAttributes::polyphony is the
// cheaper notes-per-onset figure used for control tokens; this is the MusPy measure.)
#ifndef STORI_ENGINE_SCORE_POLYPHONY_H_
#define STORI_ENGINE_SCORE_POLYPHONY_H_

#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "engine/tokens/grid_note.h"

namespace stori::score {

// Returns sum over steps s of sounding(s) / #{s : sounding(s) >= 1}, >= 1, where sounding(s)
// counts notes with start_step <= s < start_step + duration_steps (one grid step = 1/12 beat).
// Equal pitches sounding together count twice (MusPy counts piano-roll cells; our tracks hold no
// such duplicates). Returns nullopt for no notes. Pitched tracks only (MusPy ignores drums).
// Thread safety: pure function.
absl::optional<double> Polyphony(absl::Span<const tokens::GridNote> notes);

}  // namespace stori::score

#endif  // STORI_ENGINE_SCORE_POLYPHONY_H_
