// MeanDurationBeats on hand-built notes (engine/evaluate/mean_duration.h).
#include "engine/evaluate/mean_duration.h"

#include <vector>

#include "gtest/gtest.h"

namespace stori::evaluate {
namespace {

tokens::GridNote Note(int start_step, int duration_steps, int pitch = 60) {
  tokens::GridNote n;
  n.start_step = start_step;
  n.duration_steps = duration_steps;
  n.pitch = pitch;
  return n;
}

TEST(MeanDurationBeats, AveragesDurationsInBeats) {
  // A quarter, an eighth and a sixteenth: (1 + 0.5 + 0.25) / 3 beats.
  const std::vector<tokens::GridNote> notes = {Note(0, 12), Note(12, 6), Note(18, 3)};
  ASSERT_TRUE(MeanDurationBeats(notes).has_value());
  EXPECT_NEAR(*MeanDurationBeats(notes), 1.75 / 3, 1e-12);
}

TEST(MeanDurationBeats, EveryChordNoteCounts) {
  // A whole-note triad and one quarter note: (3 * 4 + 1) / 4 beats.
  const std::vector<tokens::GridNote> notes = {Note(0, 48, 60), Note(0, 48, 64), Note(0, 48, 67),
                                               Note(48, 12, 72)};
  EXPECT_NEAR(*MeanDurationBeats(notes), 13.0 / 4, 1e-12);
}

TEST(MeanDurationBeats, NoNotesIsUndefined) { EXPECT_FALSE(MeanDurationBeats({}).has_value()); }

}  // namespace
}  // namespace stori::evaluate
