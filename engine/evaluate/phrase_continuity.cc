#include "engine/evaluate/phrase_continuity.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "engine/score/bar_repetition.h"

namespace stori::evaluate {
namespace {

constexpr int kContinuitySpanBars = 2;

// Duration-weighted pitch-class histogram of the notes starting in bars [first, end), durations
// cut at the span's end.
std::array<double, 12> PitchClassHistogram(absl::Span<const tokens::GridNote> notes,
                                           int steps_per_bar, int first, int end) {
  std::array<double, 12> h{};
  const int from = first * steps_per_bar, to = end * steps_per_bar;
  for (const tokens::GridNote& n : notes) {
    if (n.start_step < from || n.start_step >= to) continue;
    h[((n.pitch % 12) + 12) % 12] += std::min(n.duration_steps, to - n.start_step);
  }
  return h;
}

}  // namespace

absl::optional<double> BoundaryBarSimilarity(absl::Span<const tokens::GridNote> notes,
                                             int steps_per_bar, int bars, bool drums) {
  if (bars <= kWindowBoundaryBar || steps_per_bar < 1) return absl::nullopt;
  const std::vector<score::BarFigure> f = score::BarFigures(notes, steps_per_bar, bars, drums);
  const score::BarFigure& before = f[kWindowBoundaryBar - 1];
  const score::BarFigure& after = f[kWindowBoundaryBar];
  if (before.empty() || after.empty()) return absl::nullopt;
  return score::BarSimilarity(before, after);
}

absl::optional<double> PhraseAnswerSimilarity(absl::Span<const tokens::GridNote> notes,
                                              int steps_per_bar, int bars, bool drums) {
  if (bars < 2 * kWindowBoundaryBar || steps_per_bar < 1) return absl::nullopt;
  const std::vector<score::BarFigure> f = score::BarFigures(notes, steps_per_bar, bars, drums);
  double sum = 0;
  int pairs = 0;
  for (int b = kWindowBoundaryBar; b < 2 * kWindowBoundaryBar; ++b) {
    if (f[b].empty() || f[b - kWindowBoundaryBar].empty()) continue;
    sum += score::BarSimilarity(f[b], f[b - kWindowBoundaryBar]);
    ++pairs;
  }
  if (pairs == 0) return absl::nullopt;
  return sum / pairs;
}

absl::optional<double> PitchClassContinuity(absl::Span<const tokens::GridNote> notes,
                                            int steps_per_bar, int bars) {
  if (bars < kWindowBoundaryBar + kContinuitySpanBars || steps_per_bar < 1) return absl::nullopt;
  const auto a = PitchClassHistogram(notes, steps_per_bar, kWindowBoundaryBar - kContinuitySpanBars,
                                     kWindowBoundaryBar);
  const auto b = PitchClassHistogram(notes, steps_per_bar, kWindowBoundaryBar,
                                     kWindowBoundaryBar + kContinuitySpanBars);
  double dot = 0, na = 0, nb = 0;
  for (int pc = 0; pc < 12; ++pc) {
    dot += a[pc] * b[pc];
    na += a[pc] * a[pc];
    nb += b[pc] * b[pc];
  }
  if (na == 0 || nb == 0) return absl::nullopt;
  return dot / std::sqrt(na * nb);
}

}  // namespace stori::evaluate
