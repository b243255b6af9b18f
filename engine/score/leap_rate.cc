#include "engine/score/leap_rate.h"

#include <cstdlib>
#include <map>

namespace stori::score {

std::vector<tokens::GridNote> TopLine(absl::Span<const tokens::GridNote> notes) {
  std::map<int, tokens::GridNote> top;  // start_step -> highest note
  for (const tokens::GridNote& note : notes) {
    auto [it, inserted] = top.emplace(note.start_step, note);
    if (!inserted && note.pitch > it->second.pitch) it->second = note;
  }
  std::vector<tokens::GridNote> line;
  line.reserve(top.size());
  for (const auto& entry : top) line.push_back(entry.second);
  return line;
}

absl::optional<double> LeapRate(absl::Span<const tokens::GridNote> notes, int max_step_semitones) {
  const std::vector<tokens::GridNote> line = TopLine(notes);
  if (line.size() < 2) return absl::nullopt;
  int leaps = 0;
  for (std::size_t i = 1; i < line.size(); ++i) {
    leaps += std::abs(line[i].pitch - line[i - 1].pitch) > max_step_semitones;
  }
  return static_cast<double>(leaps) / (line.size() - 1);
}

}  // namespace stori::score
