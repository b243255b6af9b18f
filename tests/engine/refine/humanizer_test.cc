#include "engine/refine/humanizer.h"

#include <cmath>
#include <cstdlib>

#include "gtest/gtest.h"

namespace stori::refine {
namespace {

constexpr int kPpq = 480;

// Two 4/4 bars of eighth notes at one velocity: the flat input the expression dimension scores
// low (no velocity variety).
music::Track FlatEighths(music::TrackRole role, int channel, int velocity) {
  music::Track t;
  t.role = role;
  t.channel = channel;
  for (int i = 0; i < 16; ++i) {
    t.notes.push_back({i * kPpq / 2, kPpq / 2, 60 + (i % 5), velocity});
  }
  return t;
}

HumanizeFrame TwoBars() {
  HumanizeFrame f;
  f.ppq = kPpq;
  f.tempo_bpm = 100;
  f.beats_per_bar = 4;
  f.section_ticks = 8 * kPpq;
  return f;
}

double StdDev(const music::Track& t) {
  double sum = 0, sq = 0;
  for (const music::Note& n : t.notes) {
    sum += n.velocity;
    sq += n.velocity * n.velocity;
  }
  const double mean = sum / t.notes.size();
  return std::sqrt(std::max(0.0, sq / t.notes.size() - mean * mean));
}

TEST(HumanizeParamsFor, FollowsTheDocumentedFormulas) {
  const HumanizeParams low = HumanizeParamsFor({0.0f, 0.0f, 0.0f, 0.0f, 0.0f});
  const HumanizeParams high = HumanizeParamsFor({1.0f, 0.0f, 1.0f, 1.0f, 1.0f});
  EXPECT_DOUBLE_EQ(low.accent, 3.0);
  EXPECT_DOUBLE_EQ(high.accent, 10.0);
  EXPECT_DOUBLE_EQ(low.phrase_arch, 4.0);
  EXPECT_DOUBLE_EQ(high.phrase_arch, 10.0);
  EXPECT_DOUBLE_EQ(low.laid_back_ms, 0.0);
  EXPECT_DOUBLE_EQ(high.laid_back_ms, 0.0);  // intimacy 1 but energy 1
  EXPECT_DOUBLE_EQ(HumanizeParamsFor({0.0f, 0.0f, 0.0f, 1.0f, 0.0f}).laid_back_ms, 10.0);
  EXPECT_DOUBLE_EQ(low.articulation, 0.9);
  EXPECT_NEAR(high.articulation, 0.95, 1e-12);
}

TEST(Humanize, GivesAFlatTrackVelocityShapeWithTheDownbeatLoudest) {
  const music::Track flat = FlatEighths(music::TrackRole::kHarmony, 1, 80);
  HumanizeParams p = HumanizeParamsFor({0.8f, 0.0f, 0.5f, 0.5f, 0.5f});
  p.velocity_jitter = 0.0;
  p.phrase_arch = 0.0;
  const music::Track out = Humanize(flat, 40, 120, p, TwoBars(), /*keep_timing=*/true, 7);
  EXPECT_GT(StdDev(out), 2.0);
  // Downbeats (notes 0 and 8) > other beats (2, 4, 6) > off-beats (1, 3, ...).
  EXPECT_GT(out.notes[0].velocity, out.notes[2].velocity);
  EXPECT_GT(out.notes[2].velocity, out.notes[1].velocity);
  EXPECT_EQ(out.notes[0].velocity, out.notes[8].velocity);
}

TEST(Humanize, VelocityBoundsAreHardForEveryRoleDrumsIncluded) {
  const HumanizeParams loud = HumanizeParamsFor({1.0f, 1.0f, 1.0f, 0.0f, 1.0f});
  for (auto [role, channel] : {std::pair{music::TrackRole::kDrums, 9},
                               std::pair{music::TrackRole::kMelody, 2}}) {
    for (int velocity : {1, 64, 127}) {
      const music::Track out =
          Humanize(FlatEighths(role, channel, velocity), 50, 96, loud, TwoBars(), false, 3);
      for (const music::Note& n : out.notes) {
        EXPECT_GE(n.velocity, 50);
        EXPECT_LE(n.velocity, 96);
      }
    }
  }
}

TEST(Humanize, OnsetsMoveLessThanHalfAGridStepAndStayInTheSection) {
  const music::Track flat = FlatEighths(music::TrackRole::kMelody, 2, 80);
  const HumanizeParams p = HumanizeParamsFor({0.1f, 0.0f, 0.5f, 1.0f, 0.5f});  // loosest
  const HumanizeFrame frame = TwoBars();
  const music::Track out = Humanize(flat, 1, 127, p, frame, false, 11);
  ASSERT_EQ(out.notes.size(), flat.notes.size());
  int moved = 0;
  for (std::size_t i = 0; i < flat.notes.size(); ++i) {
    const std::int64_t shift = out.notes[i].start_tick - flat.notes[i].start_tick;
    EXPECT_LT(std::llabs(shift), kPpq / 24) << "note " << i;  // half of a 1/12-beat step
    EXPECT_GE(out.notes[i].start_tick, 0);
    EXPECT_LE(out.notes[i].end_tick(), frame.section_ticks);
    EXPECT_EQ(out.notes[i].pitch, flat.notes[i].pitch);
    moved += shift != 0 ? 1 : 0;
  }
  EXPECT_GT(moved, 8);
}

TEST(Humanize, KeepTimingKeepsOnsetsAndLengthsAndDrumsKeepLengths) {
  const music::Track melody = FlatEighths(music::TrackRole::kMelody, 2, 80);
  const HumanizeParams p = HumanizeParamsFor({0.5f, 0.0f, 0.5f, 0.5f, 0.5f});
  const music::Track kept = Humanize(melody, 1, 127, p, TwoBars(), true, 5);
  for (std::size_t i = 0; i < melody.notes.size(); ++i) {
    EXPECT_EQ(kept.notes[i].start_tick, melody.notes[i].start_tick);
    EXPECT_EQ(kept.notes[i].duration_ticks, melody.notes[i].duration_ticks);
  }
  const music::Track drums = FlatEighths(music::TrackRole::kDrums, 9, 80);
  const music::Track out = Humanize(drums, 1, 127, p, TwoBars(), false, 5);
  for (const music::Note& n : out.notes) {
    // Every drum hit keeps its end: the onset moves, the length absorbs it.
    EXPECT_EQ(n.end_tick() % (kPpq / 2), 0);
  }
}

TEST(Humanize, SameSeedSameNotesOtherSeedOtherNotes) {
  const music::Track flat = FlatEighths(music::TrackRole::kHarmony, 1, 80);
  const HumanizeParams p = HumanizeParamsFor({0.5f, 0.0f, 0.5f, 0.5f, 0.5f});
  const music::Track a = Humanize(flat, 1, 127, p, TwoBars(), false, 1);
  const music::Track b = Humanize(flat, 1, 127, p, TwoBars(), false, 1);
  const music::Track c = Humanize(flat, 1, 127, p, TwoBars(), false, 2);
  EXPECT_EQ(a.notes, b.notes);
  EXPECT_NE(a.notes, c.notes);
}

}  // namespace
}  // namespace stori::refine
