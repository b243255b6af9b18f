#include "engine/refine/section_refiner.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stori::refine {
namespace {

using ::testing::ElementsAre;

generate::RefinementRequest FourTracks() {
  generate::RefinementRequest r;
  for (music::TrackRole role : {music::TrackRole::kDrums, music::TrackRole::kBass,
                                music::TrackRole::kHarmony, music::TrackRole::kMelody}) {
    generate::TrackSpec t;
    t.role = role;
    r.request.tracks.push_back(t);
  }
  return r;
}

TEST(TracksToRegenerate, ExplicitTracksWinThenDimensionsThenWhatTheEmotionReaches) {
  generate::RefinementRequest r = FourTracks();
  generate::EmotionVector louder = r.request.section.emotion;
  louder.energy += 0.3f;  // velocities and densities of every role move
  EXPECT_THAT(TracksToRegenerate(r, louder), ElementsAre(0, 1, 2, 3));
  r.target_dimensions = {generate::Dimension::kHarmony};
  EXPECT_THAT(TracksToRegenerate(r, louder), ElementsAre(1, 2));
  r.target_dimensions = {generate::Dimension::kRhythm, generate::Dimension::kMelody};
  EXPECT_THAT(TracksToRegenerate(r, louder), ElementsAre(0, 3));
  r.target_track_indexes = {3, 1, 3};
  EXPECT_THAT(TracksToRegenerate(r, louder), ElementsAre(1, 3));
}

TEST(TracksTheEmotionMoves, SadderLeavesTheDrumsAndNoChangeRegeneratesNothing) {
  generate::RefinementRequest r = FourTracks();
  r.request.section.track_behaviors.resize(4);
  generate::EmotionVector sadder = r.request.section.emotion;
  sadder.valence -= 0.3f;  // "make it sadder": registers and the melody's mode colour
  const std::vector<int> moved = TracksTheEmotionMoves(r.request, sadder);
  EXPECT_THAT(moved, ::testing::Not(::testing::Contains(0))) << "drums have no register";
  EXPECT_THAT(moved, ::testing::Contains(3)) << "the melody's register and mode colour move";
  EXPECT_TRUE(TracksTheEmotionMoves(r.request, r.request.section.emotion).empty());
  r.request.section.track_behaviors[3].active = false;
  EXPECT_THAT(TracksTheEmotionMoves(r.request, sadder),
              ::testing::Not(::testing::Contains(3)));
}

}  // namespace
}  // namespace stori::refine
