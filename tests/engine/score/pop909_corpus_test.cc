// Calibration: the measures on many POP909 songs from the shared data set (skipped when absent).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "engine/dataset/pop909_windows.h"
#include "engine/score/chord_timeline.h"
#include "engine/score/chord_tone_ratio.h"
#include "engine/score/groove_consistency.h"
#include "engine/score/leap_rate.h"
#include "engine/score/pitch_class_entropy.h"
#include "engine/score/scale_consistency.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::score {
namespace {

struct Dist {
  std::vector<double> v;
  void Add(const absl::optional<double>& x) {
    if (x) v.push_back(*x);
  }
  void Print(const char* name) {
    std::sort(v.begin(), v.end());
    if (v.empty()) return;
    double sum = 0;
    for (double x : v) sum += x;
    std::printf("%s n=%zu mean=%.3f p10=%.3f p50=%.3f p90=%.3f\n", name, v.size(), sum / v.size(),
                v[v.size() / 10], v[v.size() / 2], v[v.size() * 9 / 10]);
  }
};

// Disabled: reads 80 songs (about a minute here). Recompute the figures quoted in
// dimension_scores.h with: score_test --gtest_also_run_disabled_tests --gtest_filter=*Corpus*
TEST(Pop909Corpus, DISABLED_Calibration) {
  const std::string root = testing::SharedDataDir() + "/pop909";
  if (!std::filesystem::exists(root)) GTEST_SKIP() << "no " << root;
  Dist bass_ctr, harmony_ctr, melody_ctr, melody_key, melody_sc, pce, leap, groove_bass, groove_mel;
  for (int song = 1; song <= 80; ++song) {
    char dir[16];
    std::snprintf(dir, sizeof dir, "/%03d", song);
    auto windows = dataset::Pop909Windows(root + dir, dataset::WindowOptions{});
    if (!windows.ok()) continue;
    for (const auto& w : *windows) {
      const ChordTimeline chords = ChordTimelineFromBarChords(w.chords, w.steps_per_bar);
      for (const auto& t : w.tracks) {
        if (t.role == tokens::TokenRole::kBass) {
          bass_ctr.Add(ChordToneRatio(t.notes, chords));
          groove_bass.Add(GrooveConsistency(t.notes, w.steps_per_bar, w.bars, 3));
        }
        if (t.role == tokens::TokenRole::kHarmony) harmony_ctr.Add(ChordToneRatio(t.notes, chords));
        if (t.role == tokens::TokenRole::kMelody) {
          melody_ctr.Add(ChordToneRatio(t.notes, chords));
          melody_sc.Add(ScaleConsistency(t.notes));
          if (w.key != tokens::kNoKeyValue) {
            melody_key.Add(InScaleRate(t.notes, music::Key{w.key / 2, w.key % 2 == 1}));
          }
          pce.Add(PitchClassEntropy(t.notes));
          leap.Add(LeapRate(t.notes));
          groove_mel.Add(GrooveConsistency(t.notes, w.steps_per_bar, w.bars, 3));
        }
      }
    }
  }
  bass_ctr.Print("bass_ctr");
  harmony_ctr.Print("harmony_ctr");
  melody_ctr.Print("melody_ctr");
  melody_sc.Print("melody_scale_consistency");
  melody_key.Print("melody_in_key");
  pce.Print("melody_pce");
  leap.Print("melody_leap");
  groove_bass.Print("bass_groove16");
  groove_mel.Print("melody_groove16");
}

}  // namespace
}  // namespace stori::score
