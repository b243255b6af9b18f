#include "engine/score/pitch_range.h"

#include <algorithm>

namespace stori::score {

absl::optional<int> PitchRange(absl::Span<const tokens::GridNote> notes) {
  if (notes.empty()) return absl::nullopt;
  const auto [lowest, highest] = std::minmax_element(
      notes.begin(), notes.end(),
      [](const tokens::GridNote& a, const tokens::GridNote& b) { return a.pitch < b.pitch; });
  return highest->pitch - lowest->pitch;
}

}  // namespace stori::score
