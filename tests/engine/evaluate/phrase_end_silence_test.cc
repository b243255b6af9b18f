// PhraseEndSilenceShare on hand-built tracks (engine/evaluate/phrase_end_silence.h).
#include "engine/evaluate/phrase_end_silence.h"

#include <vector>

#include "gtest/gtest.h"

namespace stori::evaluate {
namespace {

constexpr int kSpb = 48;  // 4/4, 12 steps per beat

tokens::GridNote Note(int start_step, int duration_steps) {
  tokens::GridNote n;
  n.start_step = start_step;
  n.duration_steps = duration_steps;
  n.pitch = 60;
  return n;
}

TEST(PhraseEndSilenceShare, RestsOnlyInTheLastBarOfEachPhrase) {
  // 8 bars; bars 1-3 and 5-7 sound throughout, bars 4 and 8 are silent: every silent beat
  // (8 of 32) is at a phrase end.
  std::vector<tokens::GridNote> notes = {Note(0, 3 * kSpb), Note(4 * kSpb, 3 * kSpb)};
  EXPECT_DOUBLE_EQ(*PhraseEndSilenceShare(notes, kSpb, 8), 1.0);
}

TEST(PhraseEndSilenceShare, OneRestPerBarIsAQuarter) {
  // One silent beat (the last) in each of 8 bars: 2 of the 8 fall in bars 4 and 8.
  std::vector<tokens::GridNote> notes;
  for (int bar = 0; bar < 8; ++bar) notes.push_back(Note(bar * kSpb, 3 * 12));
  EXPECT_DOUBLE_EQ(*PhraseEndSilenceShare(notes, kSpb, 8), 0.25);
}

TEST(PhraseEndSilenceShare, RestsAwayFromPhraseEndsCountZero) {
  // Bar 1 silent, the rest sounding.
  std::vector<tokens::GridNote> notes = {Note(kSpb, 7 * kSpb)};
  EXPECT_DOUBLE_EQ(*PhraseEndSilenceShare(notes, kSpb, 8), 0.0);
}

TEST(PhraseEndSilenceShare, UndefinedWithoutRestsOrPhraseEnds) {
  EXPECT_FALSE(PhraseEndSilenceShare({Note(0, 8 * kSpb)}, kSpb, 8).has_value());
  EXPECT_FALSE(PhraseEndSilenceShare({Note(0, 12)}, kSpb, 3).has_value());  // < 4 bars
  EXPECT_FALSE(PhraseEndSilenceShare({}, kSpb, 8, 0).has_value());
  // A track with no notes: every beat silent, a quarter of them at phrase ends.
  EXPECT_DOUBLE_EQ(*PhraseEndSilenceShare({}, kSpb, 8), 0.25);
}

}  // namespace
}  // namespace stori::evaluate
