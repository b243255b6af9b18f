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

TEST(TracksToRegenerate, ExplicitTracksWinThenDimensionsThenEverything) {
  generate::RefinementRequest r = FourTracks();
  EXPECT_THAT(TracksToRegenerate(r), ElementsAre(0, 1, 2, 3));
  r.target_dimensions = {generate::Dimension::kHarmony};
  EXPECT_THAT(TracksToRegenerate(r), ElementsAre(1, 2));
  r.target_dimensions = {generate::Dimension::kRhythm, generate::Dimension::kMelody};
  EXPECT_THAT(TracksToRegenerate(r), ElementsAre(0, 3));
  r.target_track_indexes = {3, 1, 3};
  EXPECT_THAT(TracksToRegenerate(r), ElementsAre(1, 3));
}

}  // namespace
}  // namespace stori::refine
