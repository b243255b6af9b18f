// BassRootAtChordChanges on hand-built bass lines and chords
// (engine/evaluate/bass_root_at_chord_changes.h). 4/4: 48 steps per bar, 12 per beat.
#include "engine/evaluate/bass_root_at_chord_changes.h"

#include <vector>

#include "engine/tokens/chord_token.h"
#include "engine/tokens/vocabulary.h"
#include "gtest/gtest.h"

namespace stori::evaluate {
namespace {

using tokens::BarChord;
using tokens::GridNote;

constexpr int kBar = 48;

// Major triad token value of root pitch class `root` (quality index 0, music::ChordQuality).
int Major(int root) { return root * tokens::kNumChordQualities; }

GridNote Bass(int start_step, int duration_steps, int pitch) {
  GridNote n;
  n.start_step = start_step;
  n.duration_steps = duration_steps;
  n.pitch = pitch;
  return n;
}

TEST(BassRootAtChordChanges, EachRuleOnce) {
  // Bar 0 C (not a change), bar 1 F, then G at beat 2, bar 2 G again (not a change), bar 3 C.
  const std::vector<std::vector<BarChord>> chords = {
      {{0, Major(0)}}, {{0, Major(5)}, {2, Major(7)}}, {{0, Major(7)}}, {{0, Major(0)}}};
  const std::vector<GridNote> bass = {
      Bass(0, 48, 36),            // C under the window's first chord: not judged
      Bass(kBar, 12, 41),         // F starts on the F change: rule 1, root
      Bass(kBar + 12, 24, 38),    // D from beat 1 sounds through the G change at beat 2: rule 2,
                                  // not the root
      Bass(3 * kBar + 6, 6, 40),  // nothing at or over the C change at bar 3; the first onset
      Bass(3 * kBar + 6, 6, 36),  // after it holds E and C, the lowest is C: rule 3, root
  };
  EXPECT_NEAR(*BassRootAtChordChanges(bass, chords, kBar), 2.0 / 3, 1e-12);
}

TEST(BassRootAtChordChanges, ANoteStartingOnTheChangeWinsOverAHeldOne) {
  const std::vector<std::vector<BarChord>> chords = {{{0, Major(0)}}, {{0, Major(7)}}};
  // A low C held across the change and a G starting on it: the G answers the change.
  const std::vector<GridNote> bass = {Bass(0, 96, 24), Bass(kBar, 12, 43)};
  EXPECT_DOUBLE_EQ(*BassRootAtChordChanges(bass, chords, kBar), 1.0);
}

TEST(BassRootAtChordChanges, AnticipatedRootCounts) {
  // The G arrives an eighth early and is held over the change to G.
  const std::vector<std::vector<BarChord>> chords = {{{0, Major(0)}}, {{0, Major(7)}}};
  const std::vector<GridNote> bass = {Bass(0, 36, 36), Bass(kBar - 6, 18, 43)};
  EXPECT_DOUBLE_EQ(*BassRootAtChordChanges(bass, chords, kBar), 1.0);
}

TEST(BassRootAtChordChanges, RestsAndNoChordAreNotJudged) {
  const int none = tokens::NoChordTokenValue();
  // C -> N (not judged) -> F (bass rests until the G change: not judged) -> G (root).
  const std::vector<std::vector<BarChord>> chords = {
      {{0, Major(0)}}, {{0, none}}, {{0, Major(5)}, {2, Major(7)}}};
  const std::vector<GridNote> bass = {Bass(kBar, 12, 40), Bass(2 * kBar + 24, 12, 43)};
  EXPECT_DOUBLE_EQ(*BassRootAtChordChanges(bass, chords, kBar), 1.0);
}

TEST(BassRootAtChordChanges, NoChangeIsUndefined) {
  const std::vector<std::vector<BarChord>> one_chord = {{{0, Major(0)}}, {{0, Major(0)}}};
  EXPECT_FALSE(BassRootAtChordChanges({Bass(0, 12, 36)}, one_chord, kBar).has_value());
  EXPECT_FALSE(BassRootAtChordChanges({Bass(0, 12, 36)}, {}, kBar).has_value());
}

}  // namespace
}  // namespace stori::evaluate
