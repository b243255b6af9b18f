// Groove consistency, MusPy (Dong et al., ISMIR 2020) `groove_consistency`, after Wu & Yang,
// "The Jazz Transformer on the Front Line" (ISMIR 2020):
//   groove_consistency = 1 - 1/(T-1) * sum_{i=1}^{T-1} d(G_i, G_{i+1}) / |G|
// with T bars, G_i the binary onset grid of bar i (1 where some note starts) and d the Hamming
// distance; MusPy's grid has one cell per time step of the bar (measure_resolution).
#ifndef STORI_ENGINE_SCORE_GROOVE_CONSISTENCY_H_
#define STORI_ENGINE_SCORE_GROOVE_CONSISTENCY_H_

#include <vector>

#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "engine/tokens/grid_note.h"

namespace stori::score {

// Binary onset grid of each bar: grid[bar][cell] is true when a note starts in that cell, with
// cells of `steps_per_cell` grid steps (the last cell of a bar may be shorter). Notes starting
// outside [0, bars * steps_per_bar) are ignored. steps_per_bar >= 1, bars >= 0,
// steps_per_cell >= 1. Thread safety: pure function.
std::vector<std::vector<bool>> OnsetGrids(absl::Span<const tokens::GridNote> notes,
                                          int steps_per_bar, int bars, int steps_per_cell = 1);

// Returns groove consistency in 0..1 over `bars` bars (empty bars count: they are the section's
// bars, not only those with notes). steps_per_cell = 1 is MusPy's definition on our 12-per-beat
// grid (48 cells in 4/4); 3 gives a 16th-note grid (16 cells in 4/4), which the rhythm dimension
// uses because a sparse bar differs from any other in few of 48 cells (dimension_scores.h).
// Returns nullopt when bars < 2 (MusPy: undefined for one measure).
// Thread safety: pure function.
absl::optional<double> GrooveConsistency(absl::Span<const tokens::GridNote> notes,
                                         int steps_per_bar, int bars, int steps_per_cell = 1);

}  // namespace stori::score

#endif  // STORI_ENGINE_SCORE_GROOVE_CONSISTENCY_H_
