#include "engine/score/repeated_pitch_rate.h"

#include <map>

namespace stori::score {

absl::optional<double> RepeatedPitchRate(absl::Span<const tokens::GridNote> notes,
                                         LineVoice voice) {
  std::map<int, int> line;  // start_step -> the line's pitch there
  for (const tokens::GridNote& n : notes) {
    auto [it, inserted] = line.emplace(n.start_step, n.pitch);
    if (inserted) continue;
    if (voice == LineVoice::kHighest ? n.pitch > it->second : n.pitch < it->second) {
      it->second = n.pitch;
    }
  }
  if (line.size() < 2) return absl::nullopt;
  int repeats = 0;
  int previous = line.begin()->second;
  for (auto it = std::next(line.begin()); it != line.end(); ++it) {
    repeats += it->second == previous;
    previous = it->second;
  }
  return static_cast<double>(repeats) / static_cast<double>(line.size() - 1);
}

}  // namespace stori::score
