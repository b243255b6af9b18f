#include "engine/score/scale_consistency.h"

#include "engine/music/pitch_class.h"
#include "engine/score/pitch_class_entropy.h"

namespace stori::score {
namespace {

constexpr std::array<int, 7> kMajorSteps = {0, 2, 4, 5, 7, 9, 11};
constexpr std::array<int, 7> kMinorSteps = {0, 2, 3, 5, 7, 8, 10};

double InScaleShare(const std::array<double, 12>& histogram, double total, const music::Key& key) {
  const std::array<bool, 12> mask = ScaleMask(key);
  double in_scale = 0;
  for (int pc = 0; pc < 12; ++pc) {
    if (mask[pc]) in_scale += histogram[pc];
  }
  return in_scale / total;
}

}  // namespace

std::array<bool, 12> ScaleMask(const music::Key& key) {
  std::array<bool, 12> mask{};
  for (int step : key.minor ? kMinorSteps : kMajorSteps) {
    mask[music::PitchClass(key.tonic_pc + step)] = true;
  }
  return mask;
}

absl::optional<double> InScaleRate(absl::Span<const tokens::GridNote> notes,
                                   const music::Key& key) {
  if (notes.empty()) return absl::nullopt;
  return InScaleShare(PitchClassHistogram(notes, NoteWeighting::kCount),
                      static_cast<double>(notes.size()), key);
}

absl::optional<double> ScaleConsistency(absl::Span<const tokens::GridNote> notes,
                                        music::Key* best_key) {
  if (notes.empty()) return absl::nullopt;
  const std::array<double, 12> histogram = PitchClassHistogram(notes, NoteWeighting::kCount);
  const double total = static_cast<double>(notes.size());
  double best = -1;
  for (int tonic = 0; tonic < 12; ++tonic) {
    for (bool minor : {false, true}) {
      const music::Key key{tonic, minor};
      const double share = InScaleShare(histogram, total, key);
      if (share > best) {
        best = share;
        if (best_key != nullptr) *best_key = key;
      }
    }
  }
  return best;
}

}  // namespace stori::score
