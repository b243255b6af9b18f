// RepeatedPitchRate on hand-built lines (engine/score/repeated_pitch_rate.h).
#include "engine/score/repeated_pitch_rate.h"

#include <vector>

#include "gtest/gtest.h"

namespace stori::score {
namespace {

tokens::GridNote Note(int start_step, int pitch) {
  tokens::GridNote n;
  n.start_step = start_step;
  n.duration_steps = 6;
  n.pitch = pitch;
  return n;
}

TEST(RepeatedPitchRate, SharesOfSuccessiveNotesOnThePreviousPitch) {
  // 60 60 62 62 62: three of four successive notes repeat the one before.
  const std::vector<tokens::GridNote> line = {Note(0, 60), Note(6, 60), Note(12, 62), Note(18, 62),
                                              Note(24, 62)};
  EXPECT_DOUBLE_EQ(*RepeatedPitchRate(line, LineVoice::kHighest), 0.75);
}

TEST(RepeatedPitchRate, OnsetOrderNotInputOrder) {
  // Given out of order: in time the line is 60 62 60, no repeat.
  const std::vector<tokens::GridNote> line = {Note(12, 60), Note(0, 60), Note(6, 62)};
  EXPECT_DOUBLE_EQ(*RepeatedPitchRate(line, LineVoice::kHighest), 0.0);
}

TEST(RepeatedPitchRate, VoiceChoosesTheChordNote) {
  // Two dyads: {48, 60} then {48, 64}. The top line moves (60 -> 64), the bottom repeats 48.
  const std::vector<tokens::GridNote> notes = {Note(0, 48), Note(0, 60), Note(12, 48),
                                               Note(12, 64)};
  EXPECT_DOUBLE_EQ(*RepeatedPitchRate(notes, LineVoice::kHighest), 0.0);
  EXPECT_DOUBLE_EQ(*RepeatedPitchRate(notes, LineVoice::kLowest), 1.0);
}

TEST(RepeatedPitchRate, FewerThanTwoLineNotesIsUndefined) {
  EXPECT_FALSE(RepeatedPitchRate({}, LineVoice::kHighest).has_value());
  // A chord is one line note.
  const std::vector<tokens::GridNote> chord = {Note(0, 60), Note(0, 64), Note(0, 67)};
  EXPECT_FALSE(RepeatedPitchRate(chord, LineVoice::kLowest).has_value());
}

}  // namespace
}  // namespace stori::score
