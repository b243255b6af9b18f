// Share of a track's onsets that lie off the eighth-note grid: sixteenths and triplets. The
// as-served evaluation compares it per role (issue 15 point 1) because the decoder's onset grid
// follows the subdivision target (engine/generate/token_controls.h OnsetStepMask), which can
// remove every onset between eighths. No MusPy or mgeval counterpart; the figure is the
// complement of the on-grid share used for rhythmic quantization studies.
#ifndef STORI_ENGINE_EVALUATE_OFF_EIGHTH_ONSETS_H_
#define STORI_ENGINE_EVALUATE_OFF_EIGHTH_ONSETS_H_

#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "engine/tokens/grid_note.h"

namespace stori::evaluate {

// Grid steps per eighth note: tokens::kStepsPerBeat / 2 = 6 (one step is 1/12 beat).
inline constexpr int kStepsPerEighth = 6;

// Returns #{distinct onset steps s : s % kStepsPerEighth != 0} / #{distinct onset steps}, 0..1.
// Onsets are distinct start_step values, so a chord counts once; steps count from the window
// start, whose bars hold whole beats (3/4, 4/4), so step 0 of every beat is on the grid.
// nullopt for no notes. Any track (drum hits included). Thread safety: pure function.
absl::optional<double> OffEighthOnsetShare(absl::Span<const tokens::GridNote> notes);

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_OFF_EIGHTH_ONSETS_H_
