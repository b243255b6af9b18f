#include "server/work_estimate.h"

#include "gtest/gtest.h"

namespace stori::server {
namespace {

generate::SectionRequest FourTracks(generate::QualityPreset preset) {
  generate::SectionRequest r;
  r.tracks.resize(4);
  r.section.bars = 8;
  r.section.time_signature = {0, 4, 4};
  r.section.track_behaviors.resize(4);
  r.quality_preset = preset;
  r.num_candidates = generate::NumCandidates(preset);
  return r;
}

TEST(WorkEstimate, SectionTimeFollowsTracksCandidatesAndRefinement) {
  const double fast = EstimateSectionSeconds(FourTracks(generate::QualityPreset::kFast));
  // 32 track-bars at the reference speed, no refinement.
  EXPECT_NEAR(fast, kSectionOverheadSeconds + 32 * kTrackBarSeconds, 1e-12);
  const double balanced = EstimateSectionSeconds(FourTracks(generate::QualityPreset::kBalanced));
  EXPECT_NEAR(balanced,
              (kSectionOverheadSeconds + 32 * kTrackBarSeconds * CandidateFactor(3)) *
                  RefinementFactor(generate::QualityPreset::kBalanced),
              1e-12);
  EXPECT_GT(RefinementFactor(generate::QualityPreset::kQuality),
            RefinementFactor(generate::QualityPreset::kBalanced));
  EXPECT_DOUBLE_EQ(RefinementFactor(generate::QualityPreset::kFast), 1.0);

  generate::SectionRequest silent = FourTracks(generate::QualityPreset::kFast);
  silent.section.track_behaviors[3].active = false;
  silent.section.track_behaviors[2].enter_bar = 4;
  // 8 + 8 bars, 4 from bar 4, none for the inactive track.
  EXPECT_NEAR(EstimateSectionSeconds(silent), kSectionOverheadSeconds + 20 * kTrackBarSeconds,
              1e-12);
}

TEST(WorkEstimate, RefinementCountsItsTracksAndTries) {
  generate::RefinementRequest refine;
  refine.request = FourTracks(generate::QualityPreset::kFast);
  refine.target_track_indexes = {3};
  EXPECT_NEAR(EstimateRefinementSeconds(refine),
              (kSectionOverheadSeconds + 8 * kTrackBarSeconds) * kRefineSectionTries, 1e-12);
}

}  // namespace
}  // namespace stori::server
