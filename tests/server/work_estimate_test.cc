#include "server/work_estimate.h"

#include "gtest/gtest.h"

namespace stori::server {
namespace {

SectionRequest FourTracks(QualityPreset preset) {
  SectionRequest r;
  r.tracks.resize(4);
  r.section.bars = 8;
  r.section.time_signature = {0, 4, 4};
  r.section.track_behaviors.resize(4);
  r.quality_preset = preset;
  r.num_candidates = NumCandidates(preset);
  return r;
}

TEST(WorkEstimate, SectionTimeFollowsTracksCandidatesAndRefinement) {
  const double fast = EstimateSectionSeconds(FourTracks(QualityPreset::kFast));
  // 32 track-bars at the reference speed, no refinement.
  EXPECT_NEAR(fast, kSectionOverheadSeconds + 32 * kTrackBarSeconds, 1e-12);
  const double balanced = EstimateSectionSeconds(FourTracks(QualityPreset::kBalanced));
  EXPECT_NEAR(balanced,
              (kSectionOverheadSeconds + 32 * kTrackBarSeconds * CandidateFactor(3)) *
                  RefinementFactor(QualityPreset::kBalanced),
              1e-12);
  EXPECT_GT(RefinementFactor(QualityPreset::kQuality),
            RefinementFactor(QualityPreset::kBalanced));
  EXPECT_DOUBLE_EQ(RefinementFactor(QualityPreset::kFast), 1.0);

  SectionRequest silent = FourTracks(QualityPreset::kFast);
  silent.section.track_behaviors[3].active = false;
  silent.section.track_behaviors[2].enter_bar = 4;
  // 8 + 8 bars, 4 from bar 4, none for the inactive track.
  EXPECT_NEAR(EstimateSectionSeconds(silent), kSectionOverheadSeconds + 20 * kTrackBarSeconds,
              1e-12);
}

TEST(WorkEstimate, RefinementCountsItsTracksAndTries) {
  RefinementRequest refine;
  refine.request = FourTracks(QualityPreset::kFast);
  refine.target_track_indexes = {3};
  EXPECT_NEAR(EstimateRefinementSeconds(refine),
              (kSectionOverheadSeconds + 8 * kTrackBarSeconds) * kRefineSectionTries, 1e-12);
}

}  // namespace
}  // namespace stori::server
