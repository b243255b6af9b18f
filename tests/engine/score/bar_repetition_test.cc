// Tests of engine/score/bar_repetition.h on hand-built melodies whose answer is worked out in the
// comments: bars that repeat, bars transposed, bars that share part of their figure, and the
// cases with nothing to repeat.
#include "engine/score/bar_repetition.h"

#include <vector>

#include "gtest/gtest.h"

namespace stori::score {
namespace {

using tokens::GridNote;

constexpr int kBar = 48;  // 4/4 on the 12-per-beat grid: 16 cells of 3 steps

// Quarter notes at `cells` (16th cells of bar `bar`) with `pitches`.
void AddBar(int bar, const std::vector<int>& cells, const std::vector<int>& pitches,
            std::vector<GridNote>* notes) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    notes->push_back(GridNote{bar * kBar + 3 * cells[i], 12, pitches[i], 80});
  }
}

TEST(BarRepetition, UndefinedWithFewerThanTwoBarsWithOnsets) {
  std::vector<GridNote> notes;
  EXPECT_FALSE(BarRepetition(notes, kBar, 4).has_value());
  AddBar(1, {0, 4, 8}, {60, 62, 64}, &notes);
  EXPECT_FALSE(BarRepetition(notes, kBar, 4).has_value());  // one bar sounds
  EXPECT_FALSE(BarRepetition(notes, kBar, 1).has_value());  // one bar in all
}

TEST(BarRepetition, MinSoundingBarsRaisesTheThreshold) {
  std::vector<GridNote> notes;
  AddBar(0, {0, 4}, {60, 62}, &notes);
  AddBar(1, {0, 4}, {60, 62}, &notes);
  EXPECT_DOUBLE_EQ(*BarRepetition(notes, kBar, 4), 1.0);
  EXPECT_FALSE(BarRepetition(notes, kBar, 4, /*min_sounding_bars=*/3).has_value());
  AddBar(3, {0, 4}, {65, 67}, &notes);
  EXPECT_DOUBLE_EQ(*BarRepetition(notes, kBar, 4, 3), 1.0);
}

TEST(BarRepetition, RepeatedAndTransposedBarsScoreOne) {
  std::vector<GridNote> notes;
  AddBar(0, {0, 4, 8, 12}, {60, 62, 64, 65}, &notes);
  AddBar(1, {0, 4, 8, 12}, {60, 62, 64, 65}, &notes);  // the same
  AddBar(3, {0, 4, 8, 12}, {67, 69, 71, 72}, &notes);  // a fifth higher; bar 2 is silent
  EXPECT_DOUBLE_EQ(*BarRepetition(notes, kBar, 4), 1.0);
}

TEST(BarRepetition, PartlySharedFigure) {
  // Bar 1 keeps 3 of bar 0's 4 onsets and their pitches: rhythm J = 3/4, figure J = 3/4,
  // similarity 0.75 for both bars.
  std::vector<GridNote> notes;
  AddBar(0, {0, 4, 8, 12}, {60, 62, 64, 65}, &notes);
  AddBar(1, {0, 4, 8}, {60, 62, 64}, &notes);
  EXPECT_DOUBLE_EQ(*BarRepetition(notes, kBar, 2), 0.75);
}

TEST(BarRepetition, SameRhythmNewPitchesScoresHalfAndMore) {
  // Same cells, relative pitches (0, 2, 4, 5) against (0, -1, -3, -5): rhythm J = 1, figure
  // J = 1/7 (only (0, 0) shared: 1 of 7 pairs), similarity 0.5 + 0.5 / 7.
  std::vector<GridNote> notes;
  AddBar(0, {0, 4, 8, 12}, {60, 62, 64, 65}, &notes);
  AddBar(1, {0, 4, 8, 12}, {72, 71, 69, 67}, &notes);
  EXPECT_DOUBLE_EQ(*BarRepetition(notes, kBar, 2), 0.5 + 0.5 / 7);
}

TEST(BarRepetition, EachBarTakesItsBestMatch) {
  // Bars 0 and 1 equal (1 each); bar 2 shares no cell with them (0): (1 + 1 + 0) / 3.
  std::vector<GridNote> notes;
  AddBar(0, {0, 4, 8, 12}, {60, 62, 64, 65}, &notes);
  AddBar(1, {0, 4, 8, 12}, {60, 62, 64, 65}, &notes);
  AddBar(2, {2, 6}, {60, 61}, &notes);
  EXPECT_DOUBLE_EQ(*BarRepetition(notes, kBar, 3), 2.0 / 3.0);
}

TEST(BarRepetition, ReadsTheTopLineAndIgnoresNotesOutsideTheSection) {
  // Bar 1 is bar 0 with a chord under each note: the top line is the same figure.
  std::vector<GridNote> notes;
  AddBar(0, {0, 4, 8, 12}, {60, 62, 64, 65}, &notes);
  AddBar(1, {0, 4, 8, 12}, {60, 62, 64, 65}, &notes);
  AddBar(1, {0, 4, 8, 12}, {48, 50, 52, 53}, &notes);
  AddBar(2, {1, 3}, {70, 71}, &notes);  // after the 2-bar section
  EXPECT_DOUBLE_EQ(*BarRepetition(notes, kBar, 2), 1.0);
}

}  // namespace
}  // namespace stori::score
