#include "engine/score/groove_consistency.h"

namespace stori::score {

std::vector<std::vector<bool>> OnsetGrids(absl::Span<const tokens::GridNote> notes,
                                          int steps_per_bar, int bars, int steps_per_cell) {
  const int cells = (steps_per_bar + steps_per_cell - 1) / steps_per_cell;
  std::vector<std::vector<bool>> grids(bars, std::vector<bool>(cells, false));
  for (const tokens::GridNote& note : notes) {
    if (note.start_step < 0 || note.start_step >= bars * steps_per_bar) continue;
    const int bar = note.start_step / steps_per_bar;
    grids[bar][(note.start_step % steps_per_bar) / steps_per_cell] = true;
  }
  return grids;
}

absl::optional<double> GrooveConsistency(absl::Span<const tokens::GridNote> notes,
                                         int steps_per_bar, int bars, int steps_per_cell) {
  if (bars < 2 || steps_per_bar < 1 || steps_per_cell < 1) return absl::nullopt;
  const std::vector<std::vector<bool>> grids =
      OnsetGrids(notes, steps_per_bar, bars, steps_per_cell);
  const int cells = static_cast<int>(grids[0].size());
  long hamming = 0;
  for (int bar = 1; bar < bars; ++bar) {
    for (int cell = 0; cell < cells; ++cell) hamming += grids[bar - 1][cell] != grids[bar][cell];
  }
  return 1.0 - static_cast<double>(hamming) / (static_cast<double>(cells) * (bars - 1));
}

}  // namespace stori::score
