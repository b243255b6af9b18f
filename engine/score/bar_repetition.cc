#include "engine/score/bar_repetition.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <utility>
#include <vector>

#include "engine/score/leap_rate.h"

namespace stori::score {
namespace {

template <typename T>
double Jaccard(const std::set<T>& a, const std::set<T>& b) {
  std::vector<T> common;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
  const std::size_t united = a.size() + b.size() - common.size();
  return united == 0 ? 1.0 : static_cast<double>(common.size()) / united;
}

}  // namespace

std::vector<BarFigure> BarFigures(absl::Span<const tokens::GridNote> notes, int steps_per_bar,
                                  int bars, bool drums) {
  std::vector<BarFigure> figures(std::max(bars, 0));
  if (steps_per_bar < 1 || bars < 1) return figures;
  std::vector<int> first_pitch(bars, -1);
  const std::vector<tokens::GridNote> line =
      drums ? std::vector<tokens::GridNote>(notes.begin(), notes.end()) : TopLine(notes);
  for (const tokens::GridNote& n : line) {  // onset order
    if (n.start_step < 0 || n.start_step >= bars * steps_per_bar) continue;
    const int bar = n.start_step / steps_per_bar;
    const int cell = (n.start_step % steps_per_bar) / kRepetitionCellSteps;
    if (first_pitch[bar] < 0) first_pitch[bar] = drums ? 0 : n.pitch;
    figures[bar].rhythm.insert(cell);
    figures[bar].shape.insert({cell, n.pitch - first_pitch[bar]});
  }
  return figures;
}

double BarSimilarity(const BarFigure& b, const BarFigure& c) {
  return 0.5 * Jaccard(b.rhythm, c.rhythm) + 0.5 * Jaccard(b.shape, c.shape);
}

absl::optional<double> BarRepetition(absl::Span<const tokens::GridNote> notes, int steps_per_bar,
                                     int bars, int min_sounding_bars) {
  if (steps_per_bar < 1 || bars < 2) return absl::nullopt;
  const std::vector<BarFigure> figures = BarFigures(notes, steps_per_bar, bars);
  std::vector<int> sounding;
  for (int b = 0; b < bars; ++b) {
    if (!figures[b].rhythm.empty()) sounding.push_back(b);
  }
  if (static_cast<int>(sounding.size()) < std::max(2, min_sounding_bars)) return absl::nullopt;
  double sum = 0;
  for (int b : sounding) {
    double best = 0;
    for (int c : sounding) {
      if (c == b) continue;
      best = std::max(best, BarSimilarity(figures[b], figures[c]));
    }
    sum += best;
  }
  return sum / sounding.size();
}

}  // namespace stori::score
