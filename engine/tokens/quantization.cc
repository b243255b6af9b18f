#include "engine/tokens/quantization.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

#include "engine/tokens/vocabulary.h"

namespace stori::tokens {
namespace {
// Steps of one beat that are onsets: 16ths {0, 3, 6, 9} and eighth triplets {0, 4, 8}.
constexpr std::array<int, 7> kBeatGrid = {0, 3, 4, 6, 8, 9, 12};
constexpr int kVelocityBinWidth = 16;  // 128 / kNumVelocityBins
}  // namespace

int QuantizeOnsetStep(double beats) {
  if (beats < 0) beats = 0;
  const double whole = std::floor(beats);
  const double frac_steps = (beats - whole) * kStepsPerBeat;
  int best = 0;
  for (int g : kBeatGrid) {
    if (std::abs(g - frac_steps) < std::abs(best - frac_steps) - 1e-9) best = g;
  }
  return static_cast<int>(whole) * kStepsPerBeat + best;
}

bool IsOnsetGridStep(int step) {
  const int in_beat = step % kStepsPerBeat;
  return std::find(kBeatGrid.begin(), kBeatGrid.end() - 1, in_beat) != kBeatGrid.end() - 1;
}

int QuantizeDurationIndex(double beats) {
  const double steps = beats * kStepsPerBeat;
  int best = 0;
  for (int i = 1; i < static_cast<int>(kDurationSteps.size()); ++i) {
    if (std::abs(kDurationSteps[i] - steps) < std::abs(kDurationSteps[best] - steps)) best = i;
  }
  return best;
}

int VelocityBin(int velocity) {
  return std::clamp(velocity / kVelocityBinWidth, 0, kNumVelocityBins - 1);
}

int VelocityBinCentre(int bin) { return bin * kVelocityBinWidth + kVelocityBinWidth / 2; }

}  // namespace stori::tokens
