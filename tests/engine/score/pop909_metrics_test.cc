// The metrics on real music: POP909 songs 098 and 004 (tests/fixtures/pop909/, MIT licence, see
// tests/fixtures/CREDITS.md) cut into 4-bar windows by engine/dataset.
#include <cstdio>
#include <string>
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

using tokens::FindTrack;

struct Mean {
  double sum = 0;
  int n = 0;
  void Add(const absl::optional<double>& v) {
    if (v) sum += *v, ++n;
  }
  double value() const { return n ? sum / n : 0; }
};

class Pop909Metrics : public ::testing::TestWithParam<const char*> {};

TEST_P(Pop909Metrics, RealSongScoresPlausibly) {
  auto windows = dataset::Pop909Windows(
      testing::SourcePath(std::string("tests/fixtures/pop909/") + GetParam()),
      dataset::WindowOptions{});
  ASSERT_TRUE(windows.ok()) << windows.status();
  ASSERT_FALSE(windows->empty());
  Mean bass_ctr, harmony_ctr, melody_ctr, melody_sc, melody_in_key, melody_pce, melody_leap,
      bass_groove16, harmony_groove16, melody_groove16, bass_groove;
  for (const tokens::RemiWindow& w : *windows) {
    const ChordTimeline chords = ChordTimelineFromBarChords(w.chords, w.steps_per_bar);
    const auto* bass = FindTrack(w, tokens::TokenRole::kBass);
    const auto* harmony = FindTrack(w, tokens::TokenRole::kHarmony);
    const auto* melody = FindTrack(w, tokens::TokenRole::kMelody);
    if (bass) {
      bass_ctr.Add(ChordToneRatio(bass->notes, chords));
      bass_groove16.Add(GrooveConsistency(bass->notes, w.steps_per_bar, w.bars, 3));
      bass_groove.Add(GrooveConsistency(bass->notes, w.steps_per_bar, w.bars));
    }
    if (harmony) {
      harmony_ctr.Add(ChordToneRatio(harmony->notes, chords));
      harmony_groove16.Add(GrooveConsistency(harmony->notes, w.steps_per_bar, w.bars, 3));
    }
    if (melody) {
      melody_ctr.Add(ChordToneRatio(melody->notes, chords));
      melody_sc.Add(ScaleConsistency(melody->notes));
      if (w.key != tokens::kNoKeyValue) {
        melody_in_key.Add(InScaleRate(melody->notes, music::Key{w.key / 2, w.key % 2 == 1}));
      }
      melody_pce.Add(PitchClassEntropy(melody->notes));
      melody_leap.Add(LeapRate(melody->notes));
      melody_groove16.Add(GrooveConsistency(melody->notes, w.steps_per_bar, w.bars, 3));
    }
  }
  std::printf(
      "windows=%zu bass_ctr=%.3f harmony_ctr=%.3f melody_ctr=%.3f melody_scale=%.3f "
      "melody_in_key=%.3f melody_pce=%.3f melody_leap=%.3f groove16 bass=%.3f harmony=%.3f "
      "melody=%.3f bass_groove48=%.3f\n",
      windows->size(), bass_ctr.value(), harmony_ctr.value(), melody_ctr.value(), melody_sc.value(),
      melody_in_key.value(), melody_pce.value(), melody_leap.value(), bass_groove16.value(),
      harmony_groove16.value(), melody_groove16.value(), bass_groove.value());
  EXPECT_GT(bass_ctr.value(), 0.6);
  EXPECT_GT(melody_sc.value(), 0.8);
  EXPECT_GT(melody_in_key.value(), 0.8);
  EXPECT_GT(harmony_ctr.value(), 0.6);
  EXPECT_GT(melody_ctr.value(), 0.4);
}

INSTANTIATE_TEST_SUITE_P(Songs, Pop909Metrics, ::testing::Values("098", "004"));

}  // namespace
}  // namespace stori::score
