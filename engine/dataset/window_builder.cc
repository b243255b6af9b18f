#include "engine/dataset/window_builder.h"

#include <algorithm>
#include <map>
#include <utility>

#include "engine/tokens/quantization.h"
#include "engine/tokens/track_attributes.h"
#include "engine/tokens/vocabulary.h"

namespace stori::dataset {

using tokens::GridNote;
using tokens::kStepsPerBeat;

std::vector<GridNote> QuantizeWindow(const std::vector<BeatNote>& notes, double window_start_beat,
                                     double beats, bool drums) {
  const double half_step = 0.5 / kStepsPerBeat;
  const int window_steps = static_cast<int>(beats * kStepsPerBeat + 0.5);
  std::map<std::pair<int, int>, GridNote> by_step_pitch;
  for (const BeatNote& n : notes) {
    const double rel = n.onset_beat - window_start_beat;
    if (rel < -half_step || rel >= beats) continue;
    const int step = tokens::QuantizeOnsetStep(std::max(rel, 0.0));
    if (step >= window_steps) continue;
    GridNote g;
    g.start_step = step;
    g.pitch = n.pitch;
    g.velocity = tokens::VelocityBinCentre(tokens::VelocityBin(n.velocity));
    g.duration_steps = drums ? tokens::kDrumDurationSteps
                             : tokens::kDurationSteps[tokens::QuantizeDurationIndex(
                                   std::max(n.duration_beats, 1e-3))];
    auto [it, inserted] = by_step_pitch.emplace(std::make_pair(step, n.pitch), g);
    if (!inserted && g.duration_steps > it->second.duration_steps) it->second = g;
  }
  std::vector<GridNote> out;
  out.reserve(by_step_pitch.size());
  for (auto& [key, g] : by_step_pitch) out.push_back(g);
  std::sort(out.begin(), out.end());
  return out;
}

tokens::TrackSegment MakeSegment(tokens::TokenRole role, std::vector<GridNote> notes,
                                 int steps_per_bar, int bars) {
  tokens::TrackSegment t;
  t.role = role;
  t.bins = tokens::AttributeBinsOf(tokens::MeasureTrack(notes, bars, steps_per_bar));
  t.notes = std::move(notes);
  return t;
}

void SplitBass(const std::vector<GridNote>& piano, std::vector<GridNote>* bass,
               std::vector<GridNote>* rest) {
  std::size_t i = 0;
  while (i < piano.size()) {
    std::size_t j = i;
    while (j < piano.size() && piano[j].start_step == piano[i].start_step) ++j;
    // piano is sorted by (start_step, pitch): piano[i] is the lowest note of this onset.
    const GridNote& lowest = piano[i];
    bool covered = false;
    for (std::size_t k = 0; k < i; ++k) {
      const GridNote& p = piano[k];
      if (p.start_step + p.duration_steps > lowest.start_step && p.pitch < lowest.pitch) {
        covered = true;
        break;
      }
    }
    const bool is_bass = lowest.pitch < kBassSplitPitch && !covered;
    for (std::size_t k = i; k < j; ++k) {
      (k == i && is_bass ? bass : rest)->push_back(piano[k]);
    }
    i = j;
  }
}

}  // namespace stori::dataset
