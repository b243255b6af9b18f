#include "engine/evaluate/off_eighth_onsets.h"

#include <set>

namespace stori::evaluate {

absl::optional<double> OffEighthOnsetShare(absl::Span<const tokens::GridNote> notes) {
  std::set<int> onsets;
  for (const tokens::GridNote& n : notes) onsets.insert(n.start_step);
  if (onsets.empty()) return absl::nullopt;
  int off = 0;
  for (int step : onsets) off += step % kStepsPerEighth != 0;
  return static_cast<double>(off) / static_cast<double>(onsets.size());
}

}  // namespace stori::evaluate
