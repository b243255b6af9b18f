#include "engine/evaluate/mean_duration.h"

#include "engine/tokens/vocabulary.h"

namespace stori::evaluate {

absl::optional<double> MeanDurationBeats(absl::Span<const tokens::GridNote> notes) {
  if (notes.empty()) return absl::nullopt;
  double steps = 0;
  for (const tokens::GridNote& n : notes) steps += n.duration_steps;
  return steps / static_cast<double>(notes.size()) / tokens::kStepsPerBeat;
}

}  // namespace stori::evaluate
