// Tests of engine/score/dimension_scores.h: a hand-built 4-bar section in C major scores high on
// every dimension, breaking one aspect makes that dimension the weakest, TrackScore prefers the
// candidate that meets its targets, and real POP909 windows judged against their own measured
// attributes score high.
#include "engine/score/dimension_scores.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/dataset/pop909_windows.h"
#include "engine/tokens/track_attributes.h"
#include "engine/score/leap_rate.h"
#include "engine/tokens/vocabulary.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::score {
namespace {

using music::TrackRole;
using tokens::GridNote;

constexpr int kBeat = tokens::kStepsPerBeat;
constexpr int kBar = 4 * kBeat;
constexpr int kBars = 4;

GridNote Note(int start_step, int duration_steps, int pitch, int velocity) {
  return GridNote{start_step, duration_steps, pitch, velocity};
}

// C | F | G | C, one chord per bar.
const int kRoots[kBars] = {0, 5, 7, 0};

ChordTimeline Chords() {
  ChordTimeline chords;
  for (int bar = 0; bar < kBars; ++bar) {
    const int r = kRoots[bar];
    chords.push_back({bar * kBar, {r, (r + 4) % 12, (r + 7) % 12}});
  }
  return chords;
}

struct Section {
  std::vector<GridNote> drums, bass, harmony, melody;
  DimensionTargets drum_targets, bass_targets, harmony_targets, melody_targets;

  std::vector<ScoredTrack> Tracks() const {
    return {{TrackRole::kDrums, drums, drum_targets},
            {TrackRole::kBass, bass, bass_targets},
            {TrackRole::kHarmony, harmony, harmony_targets},
            {TrackRole::kMelody, melody, melody_targets}};
  }
  DimensionScores Score() const {
    ScoringContext context;
    context.steps_per_bar = kBar;
    context.bars = kBars;
    context.chords = Chords();
    context.key = music::Key{0, false};
    return ScoreSection(Tracks(), context);
  }
};

DimensionTargets Targets(double notes_per_bar, double leap = 0.3) {
  DimensionTargets t;
  t.notes_per_bar = notes_per_bar;
  t.velocity_floor = 60;
  t.velocity_ceiling = 100;
  t.syncopation = 0.0;
  t.leap_probability = leap;
  t.rest_density = 0.0;
  return t;
}

// Kick 1 and 3, snare 2 and 4, hi-hat eighths: 12 hits per bar, accented.
std::vector<GridNote> DrumLoop() {
  std::vector<GridNote> hits;
  for (int bar = 0; bar < kBars; ++bar) {
    for (int e = 0; e < 8; ++e) hits.push_back(Note(bar * kBar + e * 6, 3, 42, e % 2 ? 64 : 80));
    for (int b : {0, 2}) hits.push_back(Note(bar * kBar + b * kBeat, 3, 36, 100));
    for (int b : {1, 3}) hits.push_back(Note(bar * kBar + b * kBeat, 3, 38, 90));
  }
  return hits;
}

Section GoodSection() {
  Section s;
  s.drums = DrumLoop();
  for (int bar = 0; bar < kBars; ++bar) {
    const int root = 36 + kRoots[bar];
    for (int b = 0; b < 4; ++b) {
      s.bass.push_back(
          Note(bar * kBar + b * kBeat, kBeat, b == 2 ? root + 7 : root, b % 2 ? 70 : 85));
    }
    for (int b : {0, 2}) {
      for (int interval : {0, 4, 7}) {
        s.harmony.push_back(
            Note(bar * kBar + b * kBeat, 2 * kBeat, 60 + kRoots[bar] + interval, b ? 65 : 75));
      }
    }
  }
  // A diatonic tune in quarter notes: mostly steps, a few leaps, chord tones on the beats.
  const int tune[16] = {64, 62, 60, 67, 69, 65, 64, 62, 67, 71, 74, 72, 72, 67, 64, 60};
  for (int i = 0; i < 16; ++i) s.melody.push_back(Note(i * kBeat, kBeat, tune[i], i % 4 ? 72 : 90));
  s.drum_targets = Targets(12);
  s.bass_targets = Targets(4);
  s.harmony_targets = Targets(6);
  s.melody_targets = Targets(4, 0.4);
  return s;
}

TEST(ScoreSection, WellFormedSectionScoresHighEverywhere) {
  const DimensionScores scores = GoodSection().Score();
  std::printf("good rhythm=%.3f harmony=%.3f melody=%.3f expression=%.3f density=%.3f\n",
              scores.rhythm, scores.harmony, scores.melody, scores.expression, scores.density);
  EXPECT_GT(scores.rhythm, 0.9);
  EXPECT_GT(scores.harmony, 0.9);
  EXPECT_GT(scores.melody, 0.85);
  EXPECT_GT(scores.expression, 0.9);
  EXPECT_GT(scores.density, 0.9);
  EXPECT_NEAR(
      scores.overall,
      (scores.rhythm + scores.harmony + scores.melody + scores.expression + scores.density) / 5,
      1e-12);
}

TEST(ScoreSection, OutOfKeyMelodyMakesMelodyWeakest) {
  Section s = GoodSection();
  const int black_keys[5] = {61, 63, 66, 68, 70};
  for (std::size_t i = 0; i < s.melody.size(); ++i) s.melody[i].pitch = black_keys[(i * 3) % 5];
  const DimensionScores scores = s.Score();
  EXPECT_EQ(scores.weakest(), Dimension::kMelody) << DimensionName(scores.weakest());
  EXPECT_LT(scores.melody, GoodSection().Score().melody - 0.3);
}

TEST(ScoreSection, BassOffTheChordsMakesHarmonyWeakest) {
  Section s = GoodSection();
  for (GridNote& n : s.bass) n.pitch += 1;
  for (GridNote& n : s.harmony) n.pitch += 1;
  const DimensionScores scores = s.Score();
  EXPECT_EQ(scores.weakest(), Dimension::kHarmony) << DimensionName(scores.weakest());
  EXPECT_LT(scores.harmony, 0.3);  // only the melody (weight 0.2) still fits the chords
}

TEST(ScoreSection, VelocitiesOutsideTheRangeMakeExpressionWeakest) {
  Section s = GoodSection();
  for (auto* track : {&s.drums, &s.bass, &s.harmony, &s.melody}) {
    for (GridNote& n : *track) n.velocity = 127;
  }
  const DimensionScores scores = s.Score();
  EXPECT_EQ(scores.weakest(), Dimension::kExpression) << DimensionName(scores.weakest());
  EXPECT_LT(scores.expression, 0.1);
}

TEST(ScoreSection, NoteCountsFarFromTargetsMakeDensityWeakest) {
  Section s = GoodSection();
  s.drum_targets.notes_per_bar = 30;
  s.bass_targets.notes_per_bar = 12;
  s.harmony_targets.notes_per_bar = 20;
  s.melody_targets.notes_per_bar = 12;
  const DimensionScores scores = s.Score();
  EXPECT_EQ(scores.weakest(), Dimension::kDensity) << DimensionName(scores.weakest());
  EXPECT_LT(scores.density, 0.5);
}

TEST(ScoreSection, ChangingSyncopatedGroovesMakeRhythmWeakest) {
  Section s = GoodSection();
  // Every bar a different, off-grid pattern (triplet and 16th off-beats) against a straight target.
  s.drums.clear();
  for (int bar = 0; bar < kBars; ++bar) {
    for (int i = 0; i < 12; ++i) {
      const int step = (i * 4 + bar * 3 + 1) % kBar;
      s.drums.push_back(Note(bar * kBar + step, 3, i % 3 ? 42 : 36, i % 2 ? 70 : 95));
    }
  }
  for (GridNote& n : s.bass) n.start_step += (n.start_step / kBar) % 2 ? 3 : 4;
  const DimensionScores scores = s.Score();
  EXPECT_EQ(scores.weakest(), Dimension::kRhythm) << DimensionName(scores.weakest());
  EXPECT_LT(scores.rhythm, 0.5);
}

TEST(ScoreSection, EmptySectionFailsOnDensityOnly) {
  Section s = GoodSection();
  s.drums.clear();
  s.bass.clear();
  s.harmony.clear();
  s.melody.clear();
  const DimensionScores scores = s.Score();
  EXPECT_EQ(scores.density, 0.0);
  EXPECT_EQ(scores.weakest(), Dimension::kDensity);
}

TEST(DimensionScores, WeakestBreaksTiesInDimensionOrder) {
  DimensionScores scores;
  scores.melody = 0.4;
  scores.density = 0.4;
  EXPECT_EQ(scores.weakest(), Dimension::kMelody);
  EXPECT_EQ(scores.Get(Dimension::kDensity), 0.4);
  EXPECT_STREQ(DimensionName(Dimension::kExpression), "expression");
}

TEST(TrackScore, PrefersTheCandidateMeetingItsTargets) {
  const Section good = GoodSection();
  const ChordTimeline chords = Chords();
  const absl::optional<music::Key> key = music::Key{0, false};
  DimensionTargets drums = good.drum_targets;
  drums.bins = tokens::AttributeBinsOf(tokens::MeasureTrack(good.drums, kBars, kBar));
  std::vector<GridNote> sparse;
  for (const GridNote& n : good.drums) {
    if (n.pitch == 36) sparse.push_back(n);
  }
  const double full = TrackScore(TrackRole::kDrums, good.drums, drums, chords, key, kBar, kBars);
  EXPECT_GT(full, 0.95);
  EXPECT_LT(TrackScore(TrackRole::kDrums, sparse, drums, chords, key, kBar, kBars), full - 0.2);

  std::vector<GridNote> off_key = good.melody;
  for (GridNote& n : off_key) n.pitch += 1;
  const double in_key =
      TrackScore(TrackRole::kMelody, good.melody, good.melody_targets, chords, key, kBar, kBars);
  EXPECT_GT(
      in_key,
      TrackScore(TrackRole::kMelody, off_key, good.melody_targets, chords, key, kBar, kBars) + 0.2);
  EXPECT_EQ(TrackScore(TrackRole::kBass, {}, good.bass_targets, chords, key, kBar, kBars), 0.0);
}

// Targets equal to what the real track measures: a faithful generator's request.
DimensionTargets MeasuredTargets(const std::vector<GridNote>& notes, int steps_per_bar, int bars) {
  DimensionTargets t;
  const tokens::TrackAttributes a = tokens::MeasureTrack(notes, bars, steps_per_bar);
  t.notes_per_bar = a.notes_per_bar;
  t.syncopation = a.syncopation;
  t.leap_probability = LeapRate(notes).value_or(0.0);
  t.rest_density = tokens::EmptyBeatRate(notes, steps_per_bar, bars);
  t.velocity_floor = 127;
  t.velocity_ceiling = 1;
  for (const GridNote& n : notes) {
    t.velocity_floor = std::min(t.velocity_floor, n.velocity);
    t.velocity_ceiling = std::max(t.velocity_ceiling, n.velocity);
  }
  if (notes.empty()) t.velocity_floor = t.velocity_ceiling = 64;
  t.bins = tokens::AttributeBinsOf(a);
  return t;
}

class RealPop909Section : public ::testing::TestWithParam<const char*> {};

TEST_P(RealPop909Section, ScoresHighAgainstItsOwnAttributes) {
  auto windows = dataset::Pop909Windows(
      testing::SourcePath(std::string("tests/fixtures/pop909/") + GetParam()),
      dataset::WindowOptions{});
  ASSERT_TRUE(windows.ok()) << windows.status();
  ASSERT_FALSE(windows->empty());
  for (const tokens::RemiWindow& w : *windows) {
    std::vector<ScoredTrack> tracks;
    for (const tokens::TrackSegment& segment : w.tracks) {
      tracks.push_back({static_cast<TrackRole>(segment.role), segment.notes,
                        MeasuredTargets(segment.notes, w.steps_per_bar, w.bars)});
    }
    ScoringContext context;
    context.steps_per_bar = w.steps_per_bar;
    context.bars = w.bars;
    context.chords = ChordTimelineFromBarChords(w.chords, w.steps_per_bar);
    if (w.key != tokens::kNoKeyValue) context.key = music::Key{w.key / 2, w.key % 2 == 1};
    const DimensionScores s = ScoreSection(tracks, context);
    std::printf("window rhythm=%.3f harmony=%.3f melody=%.3f expression=%.3f density=%.3f\n",
                s.rhythm, s.harmony, s.melody, s.expression, s.density);
    SCOPED_TRACE(::testing::Message()
                 << "rhythm=" << s.rhythm << " harmony=" << s.harmony << " melody=" << s.melody
                 << " expression=" << s.expression << " density=" << s.density);
    EXPECT_GT(s.rhythm, 0.8);
    EXPECT_GT(s.harmony, 0.8);
    // The melody's repeated-pitch term measures against the real median (0.186), not this
    // window's own rate, so a real melody far from it loses up to 1/6 of its score here (one
    // window of song 004 scores 0.79).
    EXPECT_GT(s.melody, 0.75);
    EXPECT_GT(s.expression, 0.8);
    EXPECT_GT(s.density, 0.95);
    for (const ScoredTrack& t : tracks) {
      EXPECT_GT(TrackScore(t.role, t.notes, t.targets, context.chords, context.key, w.steps_per_bar,
                           w.bars),
                0.8)
          << music::TrackRoleName(t.role);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Songs, RealPop909Section, ::testing::Values("098", "004"));

}  // namespace
}  // namespace stori::score
