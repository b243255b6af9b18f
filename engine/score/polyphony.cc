#include "engine/score/polyphony.h"

#include <algorithm>
#include <map>

namespace stori::score {

absl::optional<double> Polyphony(absl::Span<const tokens::GridNote> notes) {
  // Sweep over note starts and ends: sounding count changes only there.
  std::map<int, int> delta;
  for (const tokens::GridNote& note : notes) {
    const int duration = std::max(note.duration_steps, 1);
    ++delta[note.start_step];
    --delta[note.start_step + duration];
  }
  if (delta.empty()) return absl::nullopt;
  long sounding_steps = 0, note_steps = 0;
  int sounding = 0, previous = delta.begin()->first;
  for (const auto& [step, change] : delta) {
    if (sounding > 0) {
      sounding_steps += step - previous;
      note_steps += static_cast<long>(sounding) * (step - previous);
    }
    sounding += change;
    previous = step;
  }
  return static_cast<double>(note_steps) / sounding_steps;
}

}  // namespace stori::score
