#include "engine/tokens/track_attributes.h"

#include <optional>
#include <utility>
#include <vector>

#include "engine/tokens/vocabulary.h"
#include "gtest/gtest.h"

namespace stori::tokens {
namespace {

TEST(MeasureTrack, MeasuresEachAttribute) {
  // Two bars: a C major triad on beat 1 of each bar (1 beat long) and an off-beat 16th E5.
  std::vector<GridNote> notes = {{0, 12, 60, 72},  {0, 12, 64, 72},  {0, 12, 67, 72},
                                 {48, 12, 60, 88}, {48, 12, 64, 88}, {48, 12, 67, 88},
                                 {51, 3, 76, 104}};
  const TrackAttributes a = MeasureTrack(notes, 2, 4 * kStepsPerBeat);
  EXPECT_DOUBLE_EQ(a.notes_per_bar, 3.5);
  EXPECT_NEAR(a.register_center, (60 + 64 + 67) * 2.0 / 7 + 76.0 / 7, 1e-9);
  EXPECT_NEAR(a.syncopation, 1.0 / 3, 1e-9);  // onsets 0, 48, 51: one off the eighth grid
  EXPECT_NEAR(a.polyphony, 7.0 / 3, 1e-9);
  EXPECT_NEAR(a.note_length, (6 * 1.0 + 0.25) / 7, 1e-9);
  EXPECT_DOUBLE_EQ(a.empty_beat_rate, 6.0 / 8);  // only beat 1 of each bar sounds
  const AttributeBins b = AttributeBinsOf(a);
  EXPECT_EQ(b.density, BinOf(3.5, kDensityEdges));
  EXPECT_EQ(b.polyphony, 2);  // 1.75 <= 2.33 < 2.5
  EXPECT_EQ(b.empty_beats, 5);  // 0.75 >= 0.6
}

TEST(MeasureTrack, EmptyTrackIsAllZero) {
  const TrackAttributes a = MeasureTrack({}, 4, 4 * kStepsPerBeat);
  EXPECT_EQ(a.notes_per_bar, 0);
  EXPECT_EQ(a.empty_beat_rate, 1.0);
  EXPECT_EQ(AttributeBinsOf(a).density, 0);
  EXPECT_EQ(AttributeBinsOf(a).empty_beats, kNumEmptyBeatBins - 1);
}

TEST(MeasureTrack, EmptyBeatBinsCountSilentBeatsOfAFourBarWindow) {
  // 4 bars of 4/4 (16 beats): one-beat notes on the first 16 - k beats leave k beats silent.
  auto bin_with_silent_beats = [](int silent) {
    std::vector<GridNote> notes;
    for (int beat = 0; beat < 16 - silent; ++beat) {
      notes.push_back({beat * kStepsPerBeat, kStepsPerBeat, 60, 72});
    }
    return AttributeBinsOf(MeasureTrack(notes, 4, 4 * kStepsPerBeat)).empty_beats;
  };
  EXPECT_EQ(bin_with_silent_beats(0), 0);
  EXPECT_EQ(bin_with_silent_beats(1), 1);
  EXPECT_EQ(bin_with_silent_beats(2), 2);
  EXPECT_EQ(bin_with_silent_beats(3), 3);
  EXPECT_EQ(bin_with_silent_beats(4), 3);
  EXPECT_EQ(bin_with_silent_beats(5), 4);
  EXPECT_EQ(bin_with_silent_beats(9), 4);
  EXPECT_EQ(bin_with_silent_beats(10), 5);
}

TEST(BinOf, EdgesBelongToTheUpperBin) {
  EXPECT_EQ(BinOf(36.0, kRegisterEdges), 1);
  EXPECT_EQ(BinOf(35.9, kRegisterEdges), 0);
  EXPECT_EQ(BinOf(200.0, kRegisterEdges), kNumRegisterBins - 1);
}

}  // namespace
TEST(SoundingBeatMask, MarksTheBeatsANoteSoundsInAndAgreesWithEmptyBeatRate) {
  // One 4/4 bar (12 steps a beat): a note over beats 0-1 (steps 0..17) and one inside beat 3.
  const std::vector<GridNote> notes = {{0, 18, 60, 80}, {39, 3, 62, 80}};
  EXPECT_EQ(SoundingBeatMask(notes, 48, 1), std::vector<bool>({true, true, false, true}));
  EXPECT_DOUBLE_EQ(EmptyBeatRate(notes, 48, 1), 0.25);
  EXPECT_TRUE(SoundingBeatMask(notes, 48, 0).empty());
}

TEST(EmptyBeatCountRange, MatchesTheBinsOfEmptyBeatRate) {
  using Range = std::optional<std::pair<int, int>>;
  EXPECT_EQ(BeatsInWindow(4, 48), 16);
  EXPECT_EQ(BeatsInWindow(4, 42), 14);  // 7/8: 3.5 beats a bar
  EXPECT_EQ(EmptyBeatCountRange(0, 16), Range({0, 0}));
  EXPECT_EQ(EmptyBeatCountRange(1, 16), Range({1, 1}));
  EXPECT_EQ(EmptyBeatCountRange(2, 16), Range({2, 2}));
  EXPECT_EQ(EmptyBeatCountRange(3, 16), Range({3, 4}));
  EXPECT_EQ(EmptyBeatCountRange(4, 16), Range({5, 9}));
  EXPECT_EQ(EmptyBeatCountRange(5, 16), Range({10, 16}));
  EXPECT_EQ(EmptyBeatCountRange(1, 32), Range({1, 2}));
  EXPECT_EQ(EmptyBeatCountRange(1, 4), std::nullopt);  // 1 of 4 beats is already bin 3
  EXPECT_EQ(EmptyBeatCountRange(6, 16), std::nullopt);
  EXPECT_EQ(EmptyBeatCountRange(0, 0), std::nullopt);
  for (int beats : {7, 14, 16, 24, 32, 64}) {
    for (int count = 0; count <= beats; ++count) {
      const int bin = BinOf(static_cast<double>(count) / beats, kEmptyBeatEdges);
      const Range range = EmptyBeatCountRange(bin, beats);
      ASSERT_TRUE(range.has_value());
      EXPECT_LE(range->first, count);
      EXPECT_GE(range->second, count);
    }
  }
}

}  // namespace stori::tokens
