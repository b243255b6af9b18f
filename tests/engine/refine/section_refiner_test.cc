#include "engine/refine/section_refiner.h"

#include "engine/refine/emotion_effect.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stori::refine {
namespace {

using ::testing::ElementsAre;

RefinementRequest FourTracks() {
  RefinementRequest r;
  for (music::TrackRole role : {music::TrackRole::kDrums, music::TrackRole::kBass,
                                music::TrackRole::kHarmony, music::TrackRole::kMelody}) {
    TrackSpec t;
    t.role = role;
    r.request.tracks.push_back(t);
  }
  return r;
}

TEST(TracksToRegenerate, ExplicitTracksWinThenDimensionsThenWhatTheEmotionReaches) {
  RefinementRequest r = FourTracks();
  EmotionVector louder = r.request.section.emotion;
  louder.energy += 0.3f;  // velocities and densities of every role move
  EXPECT_THAT(TracksToRegenerate(r, louder), ElementsAre(0, 1, 2, 3));
  r.target_dimensions = {score::Dimension::kHarmony};
  EXPECT_THAT(TracksToRegenerate(r, louder), ElementsAre(1, 2));
  r.target_dimensions = {score::Dimension::kRhythm, score::Dimension::kMelody};
  EXPECT_THAT(TracksToRegenerate(r, louder), ElementsAre(0, 3));
  r.target_track_indexes = {3, 1, 3};
  EXPECT_THAT(TracksToRegenerate(r, louder), ElementsAre(1, 3));
}

TEST(TracksTheEmotionMoves, SadderLeavesTheDrumsAndNoChangeRegeneratesNothing) {
  RefinementRequest r = FourTracks();
  r.request.section.track_behaviors.resize(4);
  EmotionVector sadder = r.request.section.emotion;
  sadder.valence -= 0.3f;  // "make it sadder": registers and the melody's mode colour
  const std::vector<int> moved = TracksTheEmotionMoves(r.request, sadder);
  EXPECT_THAT(moved, ::testing::Not(::testing::Contains(0))) << "drums have no register";
  EXPECT_THAT(moved, ::testing::Contains(3)) << "the melody's register and mode colour move";
  EXPECT_TRUE(TracksTheEmotionMoves(r.request, r.request.section.emotion).empty());
  r.request.section.track_behaviors[3].active = false;
  EXPECT_THAT(TracksTheEmotionMoves(r.request, sadder),
              ::testing::Not(::testing::Contains(3)));
}

TEST(CheckEffect, SadderNeedsALowerMelodyOrMoreMinorDegrees) {
  EffectMeasures before;
  before.notes = 40;
  before.velocity_mean = 80;
  before.melody_notes = 20;
  before.melody_pitch_mean = 70;
  before.melody_minor_share = 0.1;
  const EmotionVector sadder = {0, -0.3f, 0, 0, 0};
  EffectMeasures lower = before;
  lower.melody_pitch_mean = 68;
  EXPECT_TRUE(CheckEffect(before, lower, sadder).all_moved());
  EffectMeasures darker = before;
  darker.melody_minor_share = 0.2;
  EXPECT_TRUE(CheckEffect(before, darker, sadder).all_moved());
  EffectMeasures brighter = before;
  brighter.melody_pitch_mean = 71;
  brighter.melody_minor_share = 0.05;
  const EffectCheck check = CheckEffect(before, brighter, sadder);
  EXPECT_EQ(check.checked, 1);
  ASSERT_EQ(check.unmet.size(), 1u);
  EXPECT_THAT(check.unmet[0], ::testing::HasSubstr("valence"));
  // Velocity follows energy minus intimacy; "more intimate" (intimacy +0.3, energy -0.1) softer.
  EffectMeasures softer = before;
  softer.velocity_mean = 70;
  EXPECT_TRUE(CheckEffect(before, softer, {-0.1f, 0, 0, 0.3f, 0}).all_moved());
  EXPECT_FALSE(CheckEffect(before, softer, {0.2f, 0, 0, 0, 0}).all_moved());
  // Small changes and axes without their tracks are not checked.
  EXPECT_EQ(CheckEffect(before, brighter, {0, -0.01f, 0, 0, 0}).checked, 0);
  EffectMeasures no_melody = before;
  no_melody.melody_notes = 0;
  EXPECT_EQ(CheckEffect(no_melody, no_melody, sadder).checked, 0);
}

TEST(MeasureEffect, MelodyMeasuresComeFromMelodyTracksOnly) {
  music::Track melody;
  melody.notes = {{0, 240, 72, 80}, {240, 240, 75, 80}, {480, 240, 76, 90}};
  music::Track bass;
  bass.notes = {{0, 960, 40, 60}};
  const EffectMeasures m = MeasureEffect(
      {{music::TrackRole::kMelody, &melody},
       {music::TrackRole::kBass, &bass},
       {music::TrackRole::kPad, nullptr}},
      music::Key{0, false});
  EXPECT_EQ(m.notes, 4);
  EXPECT_DOUBLE_EQ(m.velocity_mean, 77.5);
  EXPECT_EQ(m.melody_notes, 3);
  EXPECT_NEAR(m.melody_pitch_mean, 223.0 / 3, 1e-12);
  EXPECT_NEAR(m.melody_minor_share, 1.0 / 3, 1e-12);  // 75 = D#: b3 of C
  EXPECT_NEAR(m.melody_leap_rate, 0.5, 1e-12);        // 72->75 leaps, 75->76 steps
}

}  // namespace
}  // namespace stori::refine
