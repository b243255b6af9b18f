// Refinement of the weakest dimension on the shipped model (models/stori-remi/v3).
#include "engine/refine/dimension_refinement.h"

#include <algorithm>
#include <map>

#include "engine/common/stop_token.h"
#include "gtest/gtest.h"
#include "tests/engine/generate/generate_fixture.h"

namespace stori::refine {
namespace {

using ::stori::testing::LeavingHomeVerse;
using ::stori::testing::StatusIs;

class DimensionRefinementTest : public ::stori::testing::GeneratorTest {
 protected:
  // The fixture's verse, 4 bars (one motif usage), seeded.
  static SectionRequest Verse(std::uint64_t seed) {
    SectionRequest r = LeavingHomeVerse();
    r.section.bars = 4;
    r.section.chords.resize(4);
    r.section.motif_usages.resize(1);
    r.seed = seed;
    return r;
  }
  SectionResult Generated(const SectionRequest& r) {
    auto result = generator_->Generate(r, ctx_);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *std::move(result) : SectionResult{};
  }
};

int TrackIndex(const SectionRequest& r, music::TrackRole role) {
  for (std::size_t i = 0; i < r.tracks.size(); ++i) {
    if (r.tracks[i].role == role) return static_cast<int>(i);
  }
  return -1;
}

TEST(RefinementOptionsFor, PassesGrowWithThePreset) {
  EXPECT_EQ(RefinementOptionsFor(QualityPreset::kFast).max_passes, 0);
  EXPECT_EQ(RefinementOptionsFor(QualityPreset::kBalanced).max_passes, 2);
  EXPECT_EQ(RefinementOptionsFor(QualityPreset::kQuality).max_passes, 4);
}

TEST_F(DimensionRefinementTest, EachDimensionOwnsItsTracks) {
  const SectionRequest r = Verse(1);
  const SectionResult g = Generated(r);
  const int drums = TrackIndex(r, music::TrackRole::kDrums);
  const int bass = TrackIndex(r, music::TrackRole::kBass);
  const int piano = TrackIndex(r, music::TrackRole::kHarmony);
  const int melody = TrackIndex(r, music::TrackRole::kMelody);
  EXPECT_EQ(TracksOwnedBy(score::Dimension::kRhythm, r, g), std::vector<int>{drums});
  EXPECT_EQ(TracksOwnedBy(score::Dimension::kHarmony, r, g), (std::vector<int>{bass, piano}));
  EXPECT_EQ(TracksOwnedBy(score::Dimension::kMelody, r, g), std::vector<int>{melody});
  EXPECT_EQ(TracksOwnedBy(score::Dimension::kExpression, r, g).size(), 4u);
  EXPECT_FALSE(TracksOwnedBy(score::Dimension::kDensity, r, g).empty());
  // An inactive melody is never regenerated.
  SectionRequest silent = r;
  silent.section.track_behaviors[melody].active = false;
  EXPECT_TRUE(TracksOwnedBy(score::Dimension::kMelody, silent, g).empty());
}

TEST_F(DimensionRefinementTest, RegeneratingHarmonyKeepsTheOtherTracksNoteForNote) {
  const SectionRequest r = Verse(2);
  const SectionResult g = Generated(r);
  const std::vector<int> owned = TracksOwnedBy(score::Dimension::kHarmony, r, g);
  auto redo = RedoDimension(*generator_, r, g, score::Dimension::kHarmony, owned, 0, ctx_);
  ASSERT_TRUE(redo.ok()) << redo.status();
  bool changed = false;
  for (std::size_t i = 0; i < r.tracks.size(); ++i) {
    const bool regenerated = std::find(owned.begin(), owned.end(), i) != owned.end();
    if (regenerated) {
      changed |= redo->tracks[i].track.notes != g.tracks[i].track.notes;
    } else {
      EXPECT_EQ(redo->tracks[i].track.notes, g.tracks[i].track.notes) << r.tracks[i].track_id;
    }
  }
  EXPECT_TRUE(changed) << "a new seed stream should give the bass or piano other notes";
}

TEST_F(DimensionRefinementTest, RegeneratingTheMelodyNeverMovesItsLockedMotif) {
  const SectionRequest r = Verse(3);
  const SectionResult g = Generated(r);
  const int melody = TrackIndex(r, music::TrackRole::kMelody);
  // The motif (quarter, eighth, eighth, half at beat 0): onsets 0, 1, 1.5, 2 beats.
  auto motif_notes = [&](const SectionResult& result) {
    std::map<std::int64_t, music::Note> at;
    for (const music::Note& n : result.tracks[melody].track.notes) {
      for (double beat : {0.0, 1.0, 1.5, 2.0}) {
        if (n.start_tick == static_cast<std::int64_t>(beat * result.ppq)) at[n.start_tick] = n;
      }
    }
    return at;
  };
  const auto before = motif_notes(g);
  ASSERT_EQ(before.size(), 4u);
  for (int pass = 0; pass < 3; ++pass) {
    auto redo = RedoDimension(*generator_, r, g, score::Dimension::kMelody, {melody}, pass, ctx_);
    ASSERT_TRUE(redo.ok()) << redo.status();
    EXPECT_EQ(motif_notes(*redo), before) << "pass " << pass;
    EXPECT_NE(redo->tracks[melody].track.notes, g.tracks[melody].track.notes) << "pass " << pass;
  }
}

TEST_F(DimensionRefinementTest, HumanizingRaisesFlatExpressionAndKeepsPitchesAndBounds) {
  const SectionRequest r = Verse(4);
  SectionResult g = Generated(r);
  // Flatten every track's velocities (the damage the expression score is validated on), then
  // lock them back in to rescore.
  std::vector<absl::optional<music::Track>> flat;
  for (const TrackResult& t : g.tracks) {
    music::Track track = t.track;
    for (music::Note& n : track.notes) n.velocity = t.targets.velocity_floor + 4;
    flat.push_back(track);
  }
  auto flattened = generator_->Generate(r, ctx_, flat);
  ASSERT_TRUE(flattened.ok()) << flattened.status();
  const std::vector<int> all = TracksOwnedBy(score::Dimension::kExpression, r, *flattened);
  auto redo = RedoDimension(*generator_, r, *flattened, score::Dimension::kExpression, all, 0,
                            ctx_);
  ASSERT_TRUE(redo.ok()) << redo.status();
  EXPECT_GT(redo->scores.expression, flattened->scores.expression + 0.1);
  EXPECT_EQ(redo->timings.model_steps, 0) << "humanizing calls no model";
  for (std::size_t i = 0; i < g.tracks.size(); ++i) {
    const auto& before = flattened->tracks[i].track.notes;
    const auto& after = redo->tracks[i].track.notes;
    ASSERT_EQ(before.size(), after.size());
    std::multiset<int> pitches_before, pitches_after;
    for (const music::Note& n : before) pitches_before.insert(n.pitch);
    for (const music::Note& n : after) {
      pitches_after.insert(n.pitch);
      EXPECT_GE(n.velocity, g.tracks[i].targets.velocity_floor);
      EXPECT_LE(n.velocity, g.tracks[i].targets.velocity_ceiling);
    }
    EXPECT_EQ(pitches_before, pitches_after);
  }
}

TEST_F(DimensionRefinementTest, NeverWorseAndReproducible) {
  int passes_run = 0;
  for (std::uint64_t seed : {11u, 12u, 13u, 14u}) {
    const SectionRequest r = Verse(seed);
    const SectionResult g = Generated(r);
    RefinementOptions options;
    options.max_passes = 3;
    auto refined = RefineWeakestDimensions(*generator_, r, g, options, ctx_);
    ASSERT_TRUE(refined.ok()) << refined.status();
    EXPECT_GE(refined->scores.overall, g.scores.overall) << "seed " << seed;
    EXPECT_LE(refined->refinement.size(), 3u);
    EXPECT_FALSE(refined->refinement_stop.empty());
    EXPECT_EQ(refined->seed_used, r.seed);
    double overall = g.scores.overall;
    for (const RefinementPass& pass : refined->refinement) {
      EXPECT_LT(pass.dimension_before, pass.threshold) << "only a dimension below its threshold";
      EXPECT_DOUBLE_EQ(pass.overall_before, overall);
      if (pass.kept) {
        EXPECT_GT(pass.dimension_after, pass.dimension_before);
        EXPECT_GE(pass.overall_after, pass.overall_before);
        overall = pass.overall_after;
      }
      ++passes_run;
    }
    EXPECT_DOUBLE_EQ(refined->scores.overall, overall);
    auto again = RefineWeakestDimensions(*generator_, r, g, options, ctx_);
    ASSERT_TRUE(again.ok()) << again.status();
    for (std::size_t i = 0; i < refined->tracks.size(); ++i) {
      EXPECT_EQ(again->tracks[i].track.notes, refined->tracks[i].track.notes) << "seed " << seed;
    }
  }
  EXPECT_GT(passes_run, 0) << "four sections and not one dimension below its threshold";
}

// A deadline too near for another pass ends the refinement with the section so far, not with
// DEADLINE_EXCEEDED.
TEST_F(DimensionRefinementTest, ANearDeadlineStopsThePassesWithTheSectionSoFar) {
  RefinementOptions options;
  options.max_passes = 3;
  for (std::uint64_t seed : {11u, 12u, 13u, 14u, 15u, 16u}) {
    const SectionRequest r = Verse(seed);
    const SectionResult g = Generated(r);
    auto unhurried = RefineWeakestDimensions(*generator_, r, g, options, ctx_);
    ASSERT_TRUE(unhurried.ok());
    if (unhurried->refinement.empty()) continue;  // nothing below threshold: try another
    // The first pass is estimated at the generation's model time; leave a quarter of it.
    StopToken near(absl::Now() + absl::Milliseconds(g.timings.decode_ms / 4));
    RunContext ctx = ctx_;
    ctx.stop = &near;
    auto hurried = RefineWeakestDimensions(*generator_, r, g, options, ctx);
    ASSERT_TRUE(hurried.ok()) << hurried.status();
    EXPECT_TRUE(hurried->refinement.empty());
    EXPECT_EQ(hurried->refinement_stop, "time budget");
    EXPECT_EQ(hurried->smf, g.smf);
    return;
  }
  FAIL() << "no seed gave a section with a dimension below its threshold";
}

TEST_F(DimensionRefinementTest, ZeroPassesReturnsTheSectionAsGenerated) {
  const SectionRequest r = Verse(5);
  const SectionResult g = Generated(r);
  auto refined = RefineWeakestDimensions(*generator_, r, g, RefinementOptions{}, ctx_);
  ASSERT_TRUE(refined.ok());
  EXPECT_TRUE(refined->refinement.empty());
  EXPECT_EQ(refined->smf, g.smf);
}

TEST_F(DimensionRefinementTest, AStoppedRequestStopsTheRefinement) {
  const SectionRequest r = Verse(6);
  const SectionResult g = Generated(r);
  RefinementOptions options;
  options.max_passes = 4;
  StopToken cancelled;
  cancelled.RequestStop();
  RunContext ctx = ctx_;
  ctx.stop = &cancelled;
  EXPECT_THAT(RefineWeakestDimensions(*generator_, r, g, options, ctx).status(),
              StatusIs(absl::StatusCode::kCancelled, ""));
  StopToken expired(absl::Now() - absl::Milliseconds(1));
  ctx.stop = &expired;
  EXPECT_THAT(RefineWeakestDimensions(*generator_, r, g, options, ctx).status(),
              StatusIs(absl::StatusCode::kDeadlineExceeded, ""));
}

}  // namespace
}  // namespace stori::refine
