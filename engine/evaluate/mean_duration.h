// Mean note duration in beats (quarter notes), the figure the as-served evaluation compares per
// role (issue 15 point 1: "mean duration"). MusPy has no mean-duration metric; mgeval's note
// length histogram (Yang & Lerch, "On the evaluation of generative models in music", Neural
// Computing and Applications 2020) holds the same information as a histogram.
#ifndef STORI_ENGINE_EVALUATE_MEAN_DURATION_H_
#define STORI_ENGINE_EVALUATE_MEAN_DURATION_H_

#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "engine/tokens/grid_note.h"

namespace stori::evaluate {

// Returns sum(duration_steps) / #notes / tokens::kStepsPerBeat: beats (> 0, one step is 1/12
// beat); every note counts once, chord notes included. nullopt for no notes.
// Thread safety: pure function.
absl::optional<double> MeanDurationBeats(absl::Span<const tokens::GridNote> notes);

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_MEAN_DURATION_H_
