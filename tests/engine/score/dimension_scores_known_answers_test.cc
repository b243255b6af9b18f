// Known answers for every scorer of engine/score/dimension_scores.h: tiny hand-built sections
// (2 bars of 4/4 on the 12-per-beat grid unless said) whose expected value is worked out by hand
// in the comment beside each check, term by term, from the formulas of the header's file comment.
#include <vector>

#include "engine/score/dimension_scores.h"
#include "engine/tokens/track_attributes.h"
#include "gtest/gtest.h"

namespace stori::score {
namespace {

using music::TrackRole;
using tokens::GridNote;

constexpr int kBar = 48;
constexpr double kEps = 1e-12;

GridNote Note(int start_step, int duration_steps, int pitch, int velocity = 80) {
  return GridNote{start_step, duration_steps, pitch, velocity};
}

ScoringContext Context(int bars = 2) {
  ScoringContext c;
  c.steps_per_bar = kBar;
  c.bars = bars;
  c.chords = {{0, {0, 4, 7}}, {kBar, {7, 11, 2}}};  // C | G
  c.key = music::Key{0, false};                     // C major
  return c;
}

DimensionTargets Targets() {
  DimensionTargets t;
  t.velocity_floor = 64;
  t.velocity_ceiling = 100;
  return t;
}

// Drums: bar 0 hits on cells 0, 4, 8, 12 (the beats); bar 1 the same plus cell 2 (the "and" of
// beat 1). All on the eighth grid: syncopation 0. GC16 = 1 - 1/16 (one cell of 16 differs).
std::vector<GridNote> Drums() {
  std::vector<GridNote> hits;
  for (int step : {0, 12, 24, 36, 48, 54, 60, 72, 84}) hits.push_back(Note(step, 3, 36, 90));
  return hits;
}

TEST(RhythmScoreKnown, DrumsWeighTwiceTheBass) {
  const std::vector<GridNote> drums = Drums();
  // Bass: onsets 0 and 27 in both bars: GC16 1; 27 and 75 are off the eighth grid: sync 0.5.
  const std::vector<GridNote> bass = {Note(0, 24, 36), Note(27, 21, 43), Note(48, 24, 43),
                                      Note(75, 21, 38)};
  DimensionTargets drum_targets = Targets(), bass_targets = Targets();
  drum_targets.syncopation = 0.25;  // clos(0, 0.25, 0.5) = 0.5
  bass_targets.syncopation = 0.5;   // clos(0.5, 0.5, 0.5) = 1
  const std::vector<ScoredTrack> tracks = {{TrackRole::kDrums, drums, drum_targets},
                                           {TrackRole::kBass, bass, bass_targets}};
  // r_drums = (0.9375 + 0.5) / 2 = 0.71875; r_bass = (1 + 1) / 2 = 1; (2 * 0.71875 + 1) / 3.
  EXPECT_NEAR(RhythmScore(tracks, Context()), 0.8125, kEps);
}

TEST(RhythmScoreKnown, OtherTracksWhenNoDrumsOrBassAndNoGrooveForOneBar) {
  // One bar, harmony onsets 0, 3, 12, 24: one of four off the eighth grid, sync 0.25; target 0:
  // clos = 0.5; GC16 undefined for one bar, so r = 0.5.
  const std::vector<GridNote> harmony = {Note(0, 3, 60), Note(3, 9, 64), Note(12, 12, 67),
                                         Note(24, 24, 60)};
  const std::vector<ScoredTrack> tracks = {{TrackRole::kHarmony, harmony, Targets()}};
  EXPECT_NEAR(RhythmScore(tracks, Context(1)), 0.5, kEps);
  EXPECT_EQ(RhythmScore({}, Context()), 1.0);  // nothing to judge
}

TEST(HarmonyScoreKnown, WeightedChordToneRatiosOverReferences) {
  // Bass in bar 0 (C): C2 for 24 steps, C#2 for 24: CTR 0.5, h = 0.5 / 0.9.
  const std::vector<GridNote> bass = {Note(0, 24, 36), Note(24, 24, 37)};
  // Harmony in bar 1 (G): G, B, D: CTR 1, h = 1.
  const std::vector<GridNote> harmony = {Note(48, 48, 67), Note(48, 48, 71), Note(48, 48, 74)};
  // Melody in bar 0 (C): E for 12 steps, F for 36: CTR 0.25, h = 0.25 / 0.7.
  const std::vector<GridNote> melody = {Note(0, 12, 64), Note(12, 36, 65)};
  const std::vector<ScoredTrack> tracks = {{TrackRole::kDrums, Drums(), Targets()},
                                           {TrackRole::kBass, bass, Targets()},
                                           {TrackRole::kHarmony, harmony, Targets()},
                                           {TrackRole::kMelody, melody, Targets()}};
  // (0.5 * 0.5 / 0.9 + 0.3 * 1 + 0.2 * 0.25 / 0.7) / (0.5 + 0.3 + 0.2); drums not judged.
  const double expected = 0.5 * (0.5 / 0.9) + 0.3 + 0.2 * (0.25 / 0.7);
  EXPECT_NEAR(HarmonyScore(tracks, Context()), expected, kEps);
  EXPECT_NEAR(expected, 0.6492063492, 1e-9);

  // Without chords: the in-key rate of all 7 pitched notes in C major; C# is the one outside.
  ScoringContext no_chords = Context();
  no_chords.chords.clear();
  EXPECT_NEAR(HarmonyScore(tracks, no_chords), 6.0 / 7.0, kEps);
}

TEST(MelodyScoreKnown, AllFourTerms) {
  // Three bars: C D E F | D E F# G | C D E F, quarter notes. In key (C major): 11 of 12.
  // Intervals 2 2 1 3 2 2 1 7 2 2 1: two leaps of 11, LeapRate 2/11; target 0.25:
  //   clos = 1 - (0.25 - 2/11) / 0.5 = 0.8636.
  // Pitch classes C2 D3 E3 F2 F#1 G1 of 12 equal durations: entropy 2.46 bits, in the band: 1.
  // Bar 1 is bar 0 a whole tone up and bar 2 is bar 0: BarRepetition 1, motif term 1.
  // No pitch repeats the one before: repeated-pitch rate 0, term 1 - 0.186 / 0.325.
  // Weights 0.4, 0.2, 0.2, 0.2, 0.2 (sum 1.2).
  std::vector<GridNote> melody;
  const int pitches[12] = {60, 62, 64, 65, 62, 64, 66, 67, 60, 62, 64, 65};
  for (int i = 0; i < 12; ++i) melody.push_back(Note(12 * i, 12, pitches[i]));
  DimensionTargets t = Targets();
  t.leap_probability = 0.25;
  const std::vector<ScoredTrack> tracks = {{TrackRole::kMelody, melody, t}};
  const double repeats = 1 - kMelodyRepeatedPitchReference / kMelodyRepeatedPitchTolerance;
  const double expected = (0.4 * (11.0 / 12) + 0.2 * (1 - (0.25 - 2.0 / 11) / 0.5) + 0.2 * 1 +
                           0.2 * 1 + 0.2 * repeats) /
                          1.2;
  EXPECT_NEAR(MelodyScore(tracks, Context(3)), expected, kEps);
  EXPECT_NEAR(expected, 0.8541103341, 1e-9);
}

TEST(MelodyScoreKnown, WeakRepetition) {
  // Bar 0: C D E F on cells 0 4 8 12 (12 steps each); bar 1: G (6 steps) E (24) C (18) on cells
  //   0 2 10; bar 2: D held (48). All in key: S = 1. Intervals 2 2 1 2 3 4 2: two leaps of 7,
  //   LeapRate 2/7, target 0.25: clos = 1 - (2/7 - 1/4) / 0.5 = 13/14.
  // Duration-weighted pitch classes C 30, D 60, E 36, F 12, G 6 of 144: entropy 1.99 bits,
  //   in the band: 1.
  // Rhythms {0 4 8 12}, {0 2 10}, {0}; figures share only (0, 0): sim(0, 1) = 1/6,
  //   sim(0, 2) = 1/4, sim(1, 2) = 1/3. Best per bar 1/4, 1/3, 1/3: BarRepetition 11/36,
  //   term (11/36) / kBarRepetitionReference = 11/18 for the reference 0.5.
  const std::vector<GridNote> melody = {Note(0, 12, 60),  Note(12, 12, 62), Note(24, 12, 64),
                                        Note(36, 12, 65), Note(48, 6, 67),  Note(54, 24, 64),
                                        Note(78, 18, 60), Note(96, 48, 62)};
  DimensionTargets t = Targets();
  t.leap_probability = 0.25;
  const std::vector<ScoredTrack> tracks = {{TrackRole::kMelody, melody, t}};
  const double motif = (11.0 / 36) / kBarRepetitionReference;
  const double repeats = 1 - kMelodyRepeatedPitchReference / kMelodyRepeatedPitchTolerance;
  const double expected = (0.4 * 1 + 0.2 * (13.0 / 14) + 0.2 * 1 + 0.2 * motif +
                           0.2 * repeats) / 1.2;
  EXPECT_NEAR(MelodyScore(tracks, Context(3)), expected, kEps);
  EXPECT_NEAR(expected, 0.8278958079, 1e-9);
}

TEST(MelodyScoreKnown, TwoBarsLeaveTheMotifTermOut) {
  // C D E F | D E F# G: fewer than kMinBarsForRepetition bars sound, so the terms are S = 7/8,
  // clos(1/7, 0.25, 0.5) = 0.7857 (one leap of 7) and the band 1 (2.5 bits), weights 0.4, 0.2,
  // 0.2 renormalized, and the repeated-pitch term (no repeats: 1 - 0.186 / 0.325) at 0.2.
  std::vector<GridNote> melody;
  const int pitches[8] = {60, 62, 64, 65, 62, 64, 66, 67};
  for (int i = 0; i < 8; ++i) melody.push_back(Note(12 * i, 12, pitches[i]));
  DimensionTargets t = Targets();
  t.leap_probability = 0.25;
  const std::vector<ScoredTrack> tracks = {{TrackRole::kMelody, melody, t}};
  const double repeats = 1 - kMelodyRepeatedPitchReference / kMelodyRepeatedPitchTolerance;
  const double expected =
      (0.4 * 0.875 + 0.2 * (1 - (0.25 - 1.0 / 7) / 0.5) + 0.2 * 1 + 0.2 * repeats) / 1.0;
  EXPECT_NEAR(MelodyScore(tracks, Context()), expected, kEps);
  EXPECT_NEAR(expected, 0.7926813187, 1e-9);
}

TEST(MelodyScoreKnown, RepeatedPitchTermPeaksAtTheRealMedian) {
  // C C D E F E D C and C D E F E D C D (two bars: no motif term), in C major (S = 1), no leap
  // (target 0: closeness 1), pitch-class entropy 1.91 bits both (C3 D2 E2 F1 / C2 D3 E2 F1: in
  // the band). The first repeats 1 of 7 successive pitches (0.143, near the real median 0.186),
  // the second none: only the repeated-pitch term tells them apart.
  std::vector<GridNote> repeating, stepping;
  const int with_repeat[8] = {60, 60, 62, 64, 65, 64, 62, 60};
  const int no_repeat[8] = {60, 62, 64, 65, 64, 62, 60, 62};
  for (int i = 0; i < 8; ++i) {
    repeating.push_back(Note(12 * i, 12, with_repeat[i]));
    stepping.push_back(Note(12 * i, 12, no_repeat[i]));
  }
  DimensionTargets t = Targets();
  t.leap_probability = 0.0;
  const double repeating_score = MelodyScore({{TrackRole::kMelody, repeating, t}}, Context());
  const double stepping_score = MelodyScore({{TrackRole::kMelody, stepping, t}}, Context());
  const double near =
      1 - (kMelodyRepeatedPitchReference - 1.0 / 7) / kMelodyRepeatedPitchTolerance;
  const double none = 1 - kMelodyRepeatedPitchReference / kMelodyRepeatedPitchTolerance;
  EXPECT_NEAR(repeating_score, (0.4 + 0.2 + 0.2 + 0.2 * near) / 1.0, kEps);
  EXPECT_NEAR(stepping_score, (0.4 + 0.2 + 0.2 + 0.2 * none) / 1.0, kEps);
}

TEST(MelodyScoreKnown, OneNoteIsJudgedOnKeyAloneAndNoMelodyScoresOne) {
  const std::vector<GridNote> one = {Note(0, 48, 61)};  // C#: out of C major, S = 0
  EXPECT_EQ(MelodyScore({{TrackRole::kMelody, one, Targets()}}, Context()), 0.0);
  EXPECT_EQ(MelodyScore({{TrackRole::kBass, one, Targets()}}, Context()), 1.0);
}

TEST(ExpressionScoreKnown, RangeShareAndVariety) {
  // Floor 64, ceiling 100: accepted [56, 108]. Track A: 60, 80, 100 in, 120 out: share 0.75;
  //   stddev sqrt(500) = 22.4 >= wanted min(8, 36 / 4) = 8: variety 1. e = 0.525 + 0.3 = 0.825.
  // Track B: 70, 74: share 1; stddev 2: variety 2 / 8 = 0.25. e = 0.7 + 0.075 = 0.775.
  // Track C: empty, left out. Mean 0.8.
  const std::vector<GridNote> a = {Note(0, 12, 60, 60), Note(12, 12, 60, 80), Note(24, 12, 60, 100),
                                   Note(36, 12, 60, 120)};
  const std::vector<GridNote> b = {Note(0, 12, 60, 70), Note(12, 12, 60, 74)};
  const std::vector<ScoredTrack> tracks = {{TrackRole::kHarmony, a, Targets()},
                                           {TrackRole::kMelody, b, Targets()},
                                           {TrackRole::kBass, {}, Targets()}};
  EXPECT_NEAR(ExpressionScore(tracks), 0.8, kEps);
}

TEST(ExpressionScoreKnown, FlatVelocitiesLoseTheVarietyTerm) {
  // All 80 inside 64..100: share 1, stddev 0: e = 0.7. A single-value range (floor = ceiling)
  // asks for no variety: e = 0.7 + 0.3 = 1.
  const std::vector<GridNote> flat = {Note(0, 12, 60, 80), Note(12, 12, 62, 80),
                                      Note(24, 12, 64, 80)};
  EXPECT_NEAR(ExpressionScore({{TrackRole::kMelody, flat, Targets()}}), 0.7, kEps);
  DimensionTargets fixed = Targets();
  fixed.velocity_floor = fixed.velocity_ceiling = 80;
  EXPECT_NEAR(ExpressionScore({{TrackRole::kMelody, flat, fixed}}), 1.0, kEps);
}

TEST(DensityScoreKnown, ClosenessPerTrackIncludingEmptyOnes) {
  // A: 8 quarter notes over 2 bars covering every beat, target 4 per bar: d = 1.
  // B: 2 notes (1 per bar), target 3: d = 1 - 2 / 3 = 1/3. C: empty, target 0: d = 1.
  // No beat is empty (A sounds in all 8): sanity factor 1. Mean (1 + 1/3 + 1) / 3 = 7/9.
  std::vector<GridNote> a;
  for (int i = 0; i < 8; ++i) a.push_back(Note(12 * i, 12, 60));
  const std::vector<GridNote> b = {Note(0, 12, 40), Note(48, 12, 40)};
  DimensionTargets ta = Targets(), tb = Targets(), tc = Targets();
  ta.notes_per_bar = 4;
  tb.notes_per_bar = 3;
  tc.notes_per_bar = 0;
  const std::vector<ScoredTrack> tracks = {
      {TrackRole::kDrums, a, ta}, {TrackRole::kBass, b, tb}, {TrackRole::kPad, {}, tc}};
  EXPECT_NEAR(DensityScore(tracks, Context()), 7.0 / 9.0, kEps);
}

TEST(DensityScoreKnown, EmptyBeatSanityFactor) {
  // 4 quarter notes in bar 0 only, target 2 per bar: d = 1. Empty beats 4 of 8: E = 0.5;
  // allowed A = 0.25 + rest_density 0.1 = 0.35; factor 1 - (0.5 - 0.35) = 0.85.
  std::vector<GridNote> notes;
  for (int i = 0; i < 4; ++i) notes.push_back(Note(12 * i, 12, 60));
  DimensionTargets t = Targets();
  t.notes_per_bar = 2;
  t.rest_density = 0.1;
  EXPECT_NEAR(DensityScore({{TrackRole::kHarmony, notes, t}}, Context()), 0.85, kEps);
  // No track asked for notes: A = 1 and the factor stays 1; d = clos(2, 0, 1) = 0.
  t.notes_per_bar = 0;
  EXPECT_NEAR(DensityScore({{TrackRole::kHarmony, notes, t}}, Context()), 0.0, kEps);
}

TEST(ScoreSectionKnown, OverallIsTheMeanOfTheFive) {
  std::vector<GridNote> melody;
  const int pitches[8] = {60, 62, 64, 65, 62, 64, 66, 67};
  for (int i = 0; i < 8; ++i) melody.push_back(Note(12 * i, 12, pitches[i]));
  DimensionTargets t = Targets();
  t.notes_per_bar = 4;
  const std::vector<ScoredTrack> tracks = {{TrackRole::kMelody, melody, t}};
  const DimensionScores s = ScoreSection(tracks, Context());
  EXPECT_EQ(s.rhythm, RhythmScore(tracks, Context()));
  EXPECT_EQ(s.harmony, HarmonyScore(tracks, Context()));
  EXPECT_EQ(s.melody, MelodyScore(tracks, Context()));
  EXPECT_EQ(s.expression, ExpressionScore(tracks));
  EXPECT_EQ(s.density, DensityScore(tracks, Context()));
  EXPECT_NEAR(s.overall, (s.rhythm + s.harmony + s.melody + s.expression + s.density) / 5, kEps);
}

TEST(TrackScoreKnown, BassIsDensityExpressionRhythmAndHarmony) {
  // C2 (0-24), G2 (24-48) in bar 0 (C), G2 for bar 1 (G), all velocity 80; target 2 per bar,
  // syncopation 0. d = clos(1.5, 2, 2) = 0.75; e = 0.7 (in range, no variety);
  // r = (GC16 1 - 1/16, clos(0, 0, 0.5) = 1) / 2 = 0.96875; h = min(1, 1 / 0.9) = 1.
  const std::vector<GridNote> bass = {Note(0, 24, 36), Note(24, 24, 43), Note(48, 48, 43)};
  DimensionTargets t = Targets();
  t.notes_per_bar = 2;
  const ScoringContext c = Context();
  EXPECT_NEAR(TrackScore(TrackRole::kBass, bass, t, c.chords, c.key, kBar, 2),
              (0.75 + 0.7 + 0.96875 + 1) / 4, kEps);
}

TEST(TrackScoreKnown, DrumsWithTheirOwnBinsHitEveryBin) {
  // Drums(): 9 hits over 2 bars, target 4.5 per bar: d = 1; velocity 90 in range, no variety:
  // e = 0.7; bins equal to the measured ones: share 1; r = (0.9375 + 1) / 2 = 0.96875.
  const std::vector<GridNote> drums = Drums();
  DimensionTargets t = Targets();
  t.notes_per_bar = 4.5;
  t.bins = tokens::AttributeBinsOf(tokens::MeasureTrack(drums, 2, kBar));
  const ScoringContext c = Context();
  EXPECT_NEAR(TrackScore(TrackRole::kDrums, drums, t, c.chords, c.key, kBar, 2),
              (1 + 0.7 + 1 + 0.96875) / 4, kEps);
}

}  // namespace
}  // namespace stori::score
