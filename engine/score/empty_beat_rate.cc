#include "engine/score/empty_beat_rate.h"

#include <algorithm>
#include <vector>

#include "engine/tokens/vocabulary.h"

namespace stori::score {

double EmptyBeatRate(absl::Span<const tokens::GridNote> notes, int steps_per_bar, int bars) {
  const int total_steps = steps_per_bar * bars;
  if (total_steps <= 0) return 0.0;
  constexpr int kBeat = tokens::kStepsPerBeat;
  const int beats = (total_steps + kBeat - 1) / kBeat;
  std::vector<bool> occupied(beats, false);
  for (const tokens::GridNote& note : notes) {
    const int start = std::max(note.start_step, 0);
    const int end = std::min(note.start_step + std::max(note.duration_steps, 1), total_steps);
    if (start >= end) continue;
    for (int beat = start / kBeat; beat <= (end - 1) / kBeat; ++beat) occupied[beat] = true;
  }
  const auto empty = std::count(occupied.begin(), occupied.end(), false);
  return static_cast<double>(empty) / beats;
}

}  // namespace stori::score
