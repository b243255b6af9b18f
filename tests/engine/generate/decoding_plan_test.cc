#include "engine/generate/decoding_plan.h"

#include <algorithm>
#include <vector>

#include "gtest/gtest.h"
#include "tests/engine/generate/generate_fixture.h"

namespace stori::generate {
namespace {

using tokens::TokenRole;

std::vector<int> Indices(const std::vector<PlannedTrack>& tracks) {
  std::vector<int> out;
  for (const PlannedTrack& t : tracks) out.push_back(t.request_index);
  return out;
}

TEST(PlanDecoding, DrumsLeadTheSharedSequenceBeforeBassHarmonyMelody) {
  SectionRequest r = testing::LeavingHomeVerse();
  // Request order melody, piano, bass, drums: the plan reorders to drums, bass, harmony, melody.
  std::reverse(r.tracks.begin(), r.tracks.end());
  std::reverse(r.section.track_behaviors.begin(), r.section.track_behaviors.end());
  const DecodingPlan plan = PlanDecoding(r);
  EXPECT_EQ(Indices(plan.shared), (std::vector<int>{3, 2, 1, 0}));
  EXPECT_TRUE(plan.shared_has_drums());
  EXPECT_EQ(plan.shared[0].token_role, TokenRole::kDrums);
  EXPECT_EQ(plan.shared[0].min_pitch, tokens::kFirstDrumKey);
  EXPECT_EQ(plan.shared[0].max_pitch, tokens::kLastDrumKey);
  EXPECT_TRUE(plan.shared[3].receives_motifs);
  EXPECT_TRUE(plan.extra_drums.empty());
}

TEST(PlanDecoding, SecondDrumTrackGetsItsOwnSequenceAndInactiveDrumsNone) {
  SectionRequest r = testing::LeavingHomeVerse();
  TrackSpec percussion = r.tracks[0];
  percussion.track_id = "percussion";
  r.tracks.push_back(percussion);
  r.section.track_behaviors.resize(r.tracks.size());
  DecodingPlan plan = PlanDecoding(r);
  EXPECT_EQ(Indices(plan.shared), (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(Indices(plan.extra_drums), (std::vector<int>{4}));

  r.section.track_behaviors[0].active = false;  // the kit is silent: percussion leads instead
  plan = PlanDecoding(r);
  EXPECT_EQ(Indices(plan.shared), (std::vector<int>{4, 1, 2, 3}));
  EXPECT_TRUE(plan.extra_drums.empty());

  r.section.track_behaviors[4].active = false;  // no drums at all: pitched tracks only
  plan = PlanDecoding(r);
  EXPECT_EQ(Indices(plan.shared), (std::vector<int>{1, 2, 3}));
  EXPECT_FALSE(plan.shared_has_drums());
}

}  // namespace
}  // namespace stori::generate
