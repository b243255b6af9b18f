#include "engine/score/pitch_class_entropy.h"

#include <cmath>

#include "engine/music/pitch_class.h"

namespace stori::score {

std::array<double, 12> PitchClassHistogram(absl::Span<const tokens::GridNote> notes,
                                           NoteWeighting weighting) {
  std::array<double, 12> histogram{};
  for (const tokens::GridNote& note : notes) {
    histogram[music::PitchClass(note.pitch)] +=
        weighting == NoteWeighting::kCount ? 1.0 : note.duration_steps;
  }
  return histogram;
}

absl::optional<double> PitchClassEntropy(absl::Span<const tokens::GridNote> notes,
                                         NoteWeighting weighting) {
  const std::array<double, 12> histogram = PitchClassHistogram(notes, weighting);
  double total = 0;
  for (double h : histogram) total += h;
  if (total <= 0) return absl::nullopt;
  double entropy = 0;
  for (double h : histogram) {
    if (h <= 0) continue;
    const double p = h / total;
    entropy -= p * std::log2(p);
  }
  return entropy;
}

}  // namespace stori::score
