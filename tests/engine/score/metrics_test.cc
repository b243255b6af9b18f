// Tests of the single metrics of engine/score on hand-built bars with known values.
#include <cmath>
#include <vector>

#include "engine/score/attribute_control_accuracy.h"
#include "engine/score/chord_timeline.h"
#include "engine/score/chord_tone_ratio.h"
#include "engine/tokens/track_attributes.h"
#include "engine/score/groove_consistency.h"
#include "engine/score/leap_rate.h"
#include "engine/score/notes_per_bar.h"
#include "engine/score/pitch_class_entropy.h"
#include "engine/score/pitch_range.h"
#include "engine/score/polyphony.h"
#include "engine/score/scale_consistency.h"
#include "engine/tokens/vocabulary.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stori::score {
namespace {

using ::testing::DoubleNear;
using ::testing::Optional;
using tokens::GridNote;

constexpr int kBeat = tokens::kStepsPerBeat;
constexpr int kBar = 4 * kBeat;  // 4/4

GridNote Note(int start_step, int duration_steps, int pitch, int velocity = 80) {
  return GridNote{start_step, duration_steps, pitch, velocity};
}

// Quarter notes C4 E4 G4 C5 from `bar`.
std::vector<GridNote> CMajorArpeggio(int bar = 0) {
  return {Note(bar * kBar, kBeat, 60), Note(bar * kBar + kBeat, kBeat, 64),
          Note(bar * kBar + 2 * kBeat, kBeat, 67), Note(bar * kBar + 3 * kBeat, kBeat, 72)};
}

const ChordTimeline kCMajorBar = {{0, {0, 4, 7}}};

TEST(ChordAt, ReturnsSpanSoundingAtStep) {
  const ChordTimeline chords = {{0, {0, 4, 7}}, {kBar, {5, 9, 0}}, {2 * kBar, {}}};
  EXPECT_EQ(ChordAt(chords, 0), &chords[0]);
  EXPECT_EQ(ChordAt(chords, kBar - 1), &chords[0]);
  EXPECT_EQ(ChordAt(chords, kBar), &chords[1]);
  EXPECT_EQ(ChordAt(chords, 5 * kBar), &chords[2]);
  const ChordTimeline late = {{kBeat, {0, 4, 7}}};
  EXPECT_EQ(ChordAt(late, 0), nullptr);
}

TEST(ChordTimelineFromBarChords, DecodesTokenValuesAndNoChord) {
  // Bar 0: C major (0 * 14 + 0) then A minor at beat 2 (9 * 14 + 1); bar 1: G7 (7 * 14 + 6);
  // bar 2: "N" (168); bar 3 repeats "N" and adds no span.
  const std::vector<std::vector<tokens::BarChord>> bars = {
      {{0, 0}, {2, 9 * 14 + 1}}, {{0, 7 * 14 + 6}}, {{0, 168}}, {{0, 168}}};
  const ChordTimeline timeline = ChordTimelineFromBarChords(bars, kBar);
  ASSERT_EQ(timeline.size(), 4u);
  EXPECT_EQ(timeline[0].start_step, 0);
  EXPECT_EQ(timeline[0].pitch_classes, (std::vector<int>{0, 4, 7}));
  EXPECT_EQ(timeline[1].start_step, 2 * kBeat);
  EXPECT_EQ(timeline[1].pitch_classes, (std::vector<int>{0, 4, 9}));
  EXPECT_EQ(timeline[2].start_step, kBar);
  EXPECT_EQ(timeline[2].pitch_classes, (std::vector<int>{2, 5, 7, 11}));
  EXPECT_EQ(timeline[3].start_step, 2 * kBar);
  EXPECT_TRUE(timeline[3].pitch_classes.empty());
}

TEST(ChordToneRatio, CMajorArpeggioOverCIsOne) {
  EXPECT_THAT(ChordToneRatio(CMajorArpeggio(), kCMajorBar), Optional(1.0));
  EXPECT_THAT(ChordToneRatio(CMajorArpeggio(), kCMajorBar, NoteWeighting::kCount), Optional(1.0));
}

TEST(ChordToneRatio, WeightsByDurationOrCount) {
  // C (3 beats, chord tone) then D (1 beat, not).
  const std::vector<GridNote> notes = {Note(0, 3 * kBeat, 60), Note(3 * kBeat, kBeat, 62)};
  EXPECT_THAT(ChordToneRatio(notes, kCMajorBar), Optional(DoubleNear(0.75, 1e-12)));
  EXPECT_THAT(ChordToneRatio(notes, kCMajorBar, NoteWeighting::kCount),
              Optional(DoubleNear(0.5, 1e-12)));
}

TEST(ChordToneRatio, NoChordSpansAreNotJudged) {
  const ChordTimeline chords = {{0, {0, 4, 7}}, {kBar, {}}};
  std::vector<GridNote> notes = CMajorArpeggio();
  notes.push_back(Note(kBar, kBeat, 61));  // C# under "N": ignored
  EXPECT_THAT(ChordToneRatio(notes, chords), Optional(1.0));
  EXPECT_EQ(ChordToneRatio({Note(kBar, kBeat, 61)}, chords), absl::nullopt);
  EXPECT_EQ(ChordToneRatio(notes, {}), absl::nullopt);
}

TEST(PitchClassEntropy, ChromaticRunIsLog2Of12) {
  std::vector<GridNote> run;
  for (int i = 0; i < 12; ++i) run.push_back(Note(i * 3, 3, 60 + i));
  EXPECT_THAT(PitchClassEntropy(run), Optional(DoubleNear(std::log2(12.0), 1e-12)));
}

TEST(PitchClassEntropy, OnePitchClassIsZeroAndTwoEqualIsOne) {
  EXPECT_THAT(PitchClassEntropy({Note(0, 3, 60), Note(3, 3, 72)}), Optional(0.0));
  EXPECT_THAT(PitchClassEntropy({Note(0, 3, 60), Note(3, 3, 67)}), Optional(DoubleNear(1, 1e-12)));
  // Duration weighting: C 3 steps, G 1 step -> H(3/4, 1/4).
  const double expected = -(0.75 * std::log2(0.75) + 0.25 * std::log2(0.25));
  EXPECT_THAT(PitchClassEntropy({Note(0, 3, 60), Note(3, 1, 67)}, NoteWeighting::kDuration),
              Optional(DoubleNear(expected, 1e-12)));
  EXPECT_EQ(PitchClassEntropy({}), absl::nullopt);
}

TEST(ScaleConsistency, DiatonicMelodyIsOneAndFindsItsKey) {
  // A natural minor scale A B C D E F G: 1 in A minor and C major; C major comes first.
  std::vector<GridNote> scale;
  for (int p : {57, 59, 60, 62, 64, 65, 67}) scale.push_back(Note(scale.size() * 6, 6, p));
  music::Key best;
  EXPECT_THAT(ScaleConsistency(scale, &best), Optional(1.0));
  EXPECT_EQ(best, (music::Key{0, false}));
  EXPECT_THAT(InScaleRate(scale, music::Key{9, true}), Optional(1.0));
  // In E major (E F# G# A B C# D#) only A, B and E are in the scale.
  EXPECT_THAT(InScaleRate(scale, music::Key{4, false}), Optional(DoubleNear(3.0 / 7, 1e-12)));
}

TEST(ScaleConsistency, ChromaticRunIsSevenTwelfths) {
  std::vector<GridNote> run;
  for (int i = 0; i < 12; ++i) run.push_back(Note(i * 3, 3, 60 + i));
  EXPECT_THAT(ScaleConsistency(run), Optional(DoubleNear(7.0 / 12, 1e-12)));
  EXPECT_EQ(ScaleConsistency({}), absl::nullopt);
}

TEST(ScaleMask, MatchesMusicScalePitchClasses) {
  for (int tonic = 0; tonic < 12; ++tonic) {
    for (bool minor : {false, true}) {
      const music::Key key{tonic, minor};
      const std::array<bool, 12> mask = ScaleMask(key);
      std::array<bool, 12> expected{};
      for (int pc : music::ScalePitchClasses(key)) expected[pc] = true;
      EXPECT_EQ(mask, expected) << tonic << (minor ? "m" : "");
    }
  }
}

// Kick on beats 1 and 3, snare on 2 and 4, closed hi-hat on every eighth.
std::vector<GridNote> RockBar(int bar) {
  std::vector<GridNote> hits;
  const int base = bar * kBar;
  for (int e = 0; e < 8; ++e) hits.push_back(Note(base + e * kBeat / 2, 3, 42));
  for (int b : {0, 2}) hits.push_back(Note(base + b * kBeat, 3, 36));
  for (int b : {1, 3}) hits.push_back(Note(base + b * kBeat, 3, 38));
  return hits;
}

TEST(GrooveConsistency, IdenticalFourBarLoopIsOne) {
  std::vector<GridNote> loop;
  for (int bar = 0; bar < 4; ++bar) {
    for (const GridNote& hit : RockBar(bar)) loop.push_back(hit);
  }
  EXPECT_THAT(GrooveConsistency(loop, kBar, 4), Optional(1.0));
  EXPECT_THAT(GrooveConsistency(loop, kBar, 4, 3), Optional(1.0));
}

TEST(GrooveConsistency, AlternatingDisjointGridsScoreLower) {
  // Bar A: onsets on the eighths; bar B: onsets on the off-16ths (steps 3, 9, ...). A B A B.
  std::vector<GridNote> notes;
  for (int bar = 0; bar < 4; ++bar) {
    for (int i = 0; i < 8; ++i) {
      notes.push_back(Note(bar * kBar + i * 6 + (bar % 2 == 0 ? 0 : 3), 3, 42));
    }
  }
  // Every adjacent pair differs in 16 of 48 cells (MusPy's step grid) or 16 of 16 (16th grid).
  EXPECT_THAT(GrooveConsistency(notes, kBar, 4), Optional(DoubleNear(1 - 16.0 / 48, 1e-12)));
  EXPECT_THAT(GrooveConsistency(notes, kBar, 4, 3), Optional(DoubleNear(0.0, 1e-12)));
}

TEST(GrooveConsistency, CountsEmptyBarsAndNeedsTwoBars) {
  // One bar of 8 eighths then an empty bar: 8 of 48 cells differ.
  std::vector<GridNote> notes;
  for (int i = 0; i < 8; ++i) notes.push_back(Note(i * 6, 3, 42));
  EXPECT_THAT(GrooveConsistency(notes, kBar, 2), Optional(DoubleNear(1 - 8.0 / 48, 1e-12)));
  EXPECT_EQ(GrooveConsistency(notes, kBar, 1), absl::nullopt);
}

TEST(EmptyBeatRate, CountsBeatsWithoutSoundingNotes) {
  // Two bars (8 beats): a whole note in bar 0 fills 4 beats; a 16th on beat 6 fills one.
  const std::vector<GridNote> notes = {Note(0, 4 * kBeat, 60), Note(6 * kBeat, 3, 62)};
  EXPECT_DOUBLE_EQ(tokens::EmptyBeatRate(notes, kBar, 2), 3.0 / 8);
  // A note held across a beat line occupies both beats.
  EXPECT_DOUBLE_EQ(tokens::EmptyBeatRate({Note(kBeat - 1, 2, 60)}, kBar, 1), 2.0 / 4);
  EXPECT_DOUBLE_EQ(tokens::EmptyBeatRate({}, kBar, 2), 1.0);
}

TEST(Polyphony, MeanSoundingPitchesWhereAnySounds) {
  // A C major triad for one beat, then silence, then C alone for one beat: (3 * 12 + 12) / 24.
  const std::vector<GridNote> notes = {Note(0, kBeat, 60), Note(0, kBeat, 64), Note(0, kBeat, 67),
                                       Note(3 * kBeat, kBeat, 60)};
  EXPECT_THAT(Polyphony(notes), Optional(DoubleNear(2.0, 1e-12)));
  EXPECT_THAT(Polyphony(CMajorArpeggio()), Optional(1.0));
  EXPECT_EQ(Polyphony({}), absl::nullopt);
}

TEST(PitchRange, HighestMinusLowest) {
  EXPECT_THAT(PitchRange(CMajorArpeggio()), Optional(12));
  EXPECT_EQ(PitchRange({}), absl::nullopt);
}

TEST(NotesPerBar, NotesOverBars) {
  EXPECT_DOUBLE_EQ(NotesPerBar(CMajorArpeggio(), 2), 2.0);
  EXPECT_DOUBLE_EQ(NotesPerBar(CMajorArpeggio(), 0), 0.0);
}

TEST(LeapRate, CountsIntervalsWiderThanAWholeTone) {
  // C D E G C: steps 2, 2, leaps 3, 5 -> 2 of 4.
  std::vector<GridNote> line;
  for (int p : {60, 62, 64, 67, 72}) line.push_back(Note(line.size() * kBeat, kBeat, p));
  EXPECT_THAT(LeapRate(line), Optional(DoubleNear(0.5, 1e-12)));
  EXPECT_THAT(LeapRate(line, 4), Optional(DoubleNear(0.25, 1e-12)));
  EXPECT_EQ(LeapRate({Note(0, kBeat, 60)}), absl::nullopt);
}

TEST(LeapRate, TakesTheTopNoteOfEachOnset) {
  // Block chords C-E-G then D-F-A: top line G -> A, a step, although the bass moves too.
  const std::vector<GridNote> chords = {Note(0, kBeat, 48),     Note(0, kBeat, 64),
                                        Note(0, kBeat, 67),     Note(kBeat, kBeat, 50),
                                        Note(kBeat, kBeat, 65), Note(kBeat, kBeat, 69)};
  EXPECT_EQ(TopLine(chords).size(), 2u);
  EXPECT_THAT(LeapRate(chords), Optional(0.0));
}

TEST(AttributeControlAccuracy, ShareOfEqualBins) {
  tokens::AttributeBins a, b;
  a.density = 3;
  b.density = 4;
  a.register_bin = b.register_bin = 6;
  const std::vector<tokens::AttributeBins> requested = {a, a, a, a};
  const std::vector<tokens::AttributeBins> measured = {a, b, a, b};
  EXPECT_DOUBLE_EQ(AttributeControlAccuracy(requested, measured, Attribute::kDensity), 0.5);
  EXPECT_DOUBLE_EQ(AttributeControlAccuracy(requested, measured, Attribute::kRegister), 1.0);
  EXPECT_DOUBLE_EQ(AttributeControlAccuracy({}, {}, Attribute::kDensity), 0.0);
  EXPECT_STREQ(AttributeName(Attribute::kVelocityLevel), "velocity_level");
}

}  // namespace
}  // namespace stori::score
