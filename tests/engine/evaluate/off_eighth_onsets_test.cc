// OffEighthOnsetShare on hand-built onsets (engine/evaluate/off_eighth_onsets.h).
#include "engine/evaluate/off_eighth_onsets.h"

#include <vector>

#include "gtest/gtest.h"

namespace stori::evaluate {
namespace {

tokens::GridNote At(int start_step, int pitch = 60) {
  tokens::GridNote n;
  n.start_step = start_step;
  n.duration_steps = 3;
  n.pitch = pitch;
  return n;
}

TEST(OffEighthOnsetShare, SixteenthsAndTripletsAreOffTheGrid) {
  // Onsets: 0 (beat), 3 (16th), 4 (triplet), 6 (8th), 12 (next beat), 21 (16th of beat 2).
  const std::vector<tokens::GridNote> notes = {At(0), At(3), At(4), At(6), At(12), At(21)};
  EXPECT_NEAR(*OffEighthOnsetShare(notes), 3.0 / 6, 1e-12);
}

TEST(OffEighthOnsetShare, AChordIsOneOnset) {
  // Onset 3 holds a three-note chord, onset 0 one note: one of two onsets is off the grid.
  const std::vector<tokens::GridNote> notes = {At(0), At(3, 60), At(3, 64), At(3, 67)};
  EXPECT_DOUBLE_EQ(*OffEighthOnsetShare(notes), 0.5);
}

TEST(OffEighthOnsetShare, StraightEighthsAreZeroAndNoNotesUndefined) {
  const std::vector<tokens::GridNote> eighths = {At(0), At(6), At(12), At(18), At(90)};
  EXPECT_DOUBLE_EQ(*OffEighthOnsetShare(eighths), 0.0);
  EXPECT_FALSE(OffEighthOnsetShare({}).has_value());
}

}  // namespace
}  // namespace stori::evaluate
