#include "engine/motif/motif_renderer.h"

#include <string>
#include <vector>

#include "engine/section/section_request.h"
#include "engine/music/key.h"
#include "engine/tokens/quantization.h"
#include "engine/tokens/vocabulary.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::motif {
namespace {

using stori::testing::IsOk;
using stori::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using tokens::GridNote;

constexpr int kQ = tokens::kStepsPerBeat;  // a quarter note in steps
constexpr int kSectionSteps = 8 * 4 * kQ;  // 8 bars of 4/4
constexpr int kVelocity = 88;              // bin 5, centre 88

music::Key AMinor() { return {9, true}; }

// "Leaving Home" style: a rising-and-falling step figure on the tonic, four quarters, stated
// as 3 beats long (the roadmap's mismatch).
Motif LeavingHome() {
  Motif m;
  m.motif_id = "leaving_home";
  m.interval_pattern = {0, 2, 4, 2};
  m.rhythm_pattern = {RhythmValue::kQuarter, RhythmValue::kQuarter, RhythmValue::kQuarter,
                      RhythmValue::kQuarter};
  m.duration_beats = 3;
  m.anchor_scale_degree = 1;
  return m;
}

MotifUsage At(double beat, Transformation t = Transformation::kIdentity) {
  MotifUsage u;
  u.start_beat = beat;
  u.transformation = t;
  return u;
}

std::vector<int> Pitches(const RenderedMotif& r) {
  std::vector<int> out;
  for (const GridNote& n : r.notes) out.push_back(n.pitch);
  return out;
}
std::vector<int> Onsets(const RenderedMotif& r) {
  std::vector<int> out;
  for (const GridNote& n : r.notes) out.push_back(n.start_step);
  return out;
}
std::vector<int> Durations(const RenderedMotif& r) {
  std::vector<int> out;
  for (const GridNote& n : r.notes) out.push_back(n.duration_steps);
  return out;
}

RenderedMotif Render(const Motif& m, const MotifUsage& u, int centre = 72) {
  absl::StatusOr<RenderedMotif> r = RenderMotif(m, u, AMinor(), centre, kSectionSteps, kVelocity);
  EXPECT_THAT(r, IsOk());
  return r.ok() ? *r : RenderedMotif{};
}

TEST(RenderMotif, IdentityAnchorsTonicNearestCentre) {
  // A nearest 72 is A4 = 69; intervals are semitones: A B C# B.
  const RenderedMotif r = Render(LeavingHome(), At(4));
  EXPECT_THAT(Pitches(r), ElementsAre(69, 71, 73, 71));
  EXPECT_THAT(Onsets(r), ElementsAre(4 * kQ, 5 * kQ, 6 * kQ, 7 * kQ));
  EXPECT_THAT(Durations(r), ElementsAre(kQ, kQ, kQ, kQ));
  for (const GridNote& n : r.notes) EXPECT_EQ(n.velocity, 88);
  EXPECT_TRUE(r.warnings.empty());
}

TEST(RenderMotif, CentreAndRegisterChooseOctave) {
  EXPECT_THAT(Pitches(Render(LeavingHome(), At(0), 60)), ElementsAre(57, 59, 61, 59));
  Motif m = LeavingHome();
  m.pitch_register = Register::kHigh;  // centre 84 -> A5 = 81
  EXPECT_THAT(Pitches(Render(m, At(0), 60)), ElementsAre(81, 83, 85, 83));
}

TEST(RenderMotif, AnchorDegreeUsesKeyScale) {
  Motif m = LeavingHome();
  m.anchor_scale_degree = 3;  // C in A minor; C nearest 72 is 72
  EXPECT_EQ(Render(m, At(0)).notes.front().pitch, 72);
  m.anchor_scale_degree = 5;  // E; nearest 72 is 76
  EXPECT_EQ(Render(m, At(0)).notes.front().pitch, 76);
}

TEST(RenderMotif, TritoneAwayTakesLowerPitch) {
  Motif m = LeavingHome();
  m.anchor_scale_degree = 6;  // F (pc 5) from centre 71 (B): 65 or 77 -> 65
  EXPECT_EQ(Render(m, At(0), 71).notes.front().pitch, 65);
}

TEST(RenderMotif, Transpose) {
  MotifUsage u = At(0, Transformation::kTranspose);
  u.params.semitones = -5;
  const RenderedMotif r = Render(LeavingHome(), u);
  EXPECT_THAT(Pitches(r), ElementsAre(64, 66, 68, 66));
  EXPECT_THAT(Onsets(r), ElementsAre(0, kQ, 2 * kQ, 3 * kQ));
}

TEST(RenderMotif, RegisterShift) {
  MotifUsage u = At(0, Transformation::kRegisterShift);
  u.params.octaves = -1;
  EXPECT_THAT(Pitches(Render(LeavingHome(), u)), ElementsAre(57, 59, 61, 59));
}

TEST(RenderMotif, RhythmicExpand) {
  MotifUsage u = At(2, Transformation::kRhythmicExpand);
  u.params.factor = 2.0f;
  const RenderedMotif r = Render(LeavingHome(), u);
  EXPECT_THAT(Pitches(r), ElementsAre(69, 71, 73, 71));
  EXPECT_THAT(Onsets(r), ElementsAre(2 * kQ, 4 * kQ, 6 * kQ, 8 * kQ));
  EXPECT_THAT(Durations(r), ElementsAre(2 * kQ, 2 * kQ, 2 * kQ, 2 * kQ));
}

TEST(RenderMotif, RhythmicCompress) {
  MotifUsage u = At(1, Transformation::kRhythmicCompress);
  u.params.factor = 0.5f;
  const RenderedMotif r = Render(LeavingHome(), u);
  EXPECT_THAT(Onsets(r), ElementsAre(12, 18, 24, 30));
  EXPECT_THAT(Durations(r), ElementsAre(6, 6, 6, 6));
}

TEST(RenderMotif, RhythmicCompressToTripletsStaysOnGrid) {
  MotifUsage u = At(0, Transformation::kRhythmicCompress);
  u.params.factor = 1.0f / 3.0f;
  const RenderedMotif r = Render(LeavingHome(), u);
  EXPECT_THAT(Onsets(r), ElementsAre(0, 4, 8, 12));
  EXPECT_THAT(Durations(r), ElementsAre(4, 4, 4, 4));
}

TEST(RenderMotif, Invert) {
  const RenderedMotif r = Render(LeavingHome(), At(0, Transformation::kInvert));
  EXPECT_THAT(Pitches(r), ElementsAre(69, 67, 65, 67));
}

TEST(RenderMotif, RetrogradeReversesPitchesKeepsRhythm) {
  Motif m = LeavingHome();
  m.interval_pattern = {0, 3, 7, 12};
  m.rhythm_pattern = {RhythmValue::kHalf, RhythmValue::kQuarter, RhythmValue::kEighth,
                      RhythmValue::kEighth};
  const RenderedMotif r = Render(m, At(0, Transformation::kRetrograde));
  EXPECT_THAT(Pitches(r), ElementsAre(81, 76, 72, 69));
  EXPECT_THAT(Onsets(r), ElementsAre(0, 24, 36, 42));
  EXPECT_THAT(Durations(r), ElementsAre(24, 12, 6, 6));
}

TEST(RenderMotif, IntensifyRaisesVelocityAndDoublesOnBeatNotes) {
  MotifUsage u = At(0, Transformation::kIntensify);
  u.params.amount = 1.0f;
  RenderedMotif r = Render(LeavingHome(), u);
  EXPECT_THAT(Pitches(r), ElementsAre(69, 81, 71, 83, 73, 85, 71, 83));
  for (const GridNote& n : r.notes) EXPECT_EQ(n.velocity, 120);  // 88 + 32 -> bin 7
  u.params.amount = 0.25f;                                       // +8, no doubling
  r = Render(LeavingHome(), u);
  EXPECT_THAT(Pitches(r), ElementsAre(69, 71, 73, 71));
  for (const GridNote& n : r.notes) EXPECT_EQ(n.velocity, 104);  // 88 + 8 = 96 -> bin 6
}

TEST(RenderMotif, SimplifyDropsWeakestAndExtendsPrevious) {
  MotifUsage u = At(0, Transformation::kSimplify);
  u.params.amount = 0.5f;  // floor(0.5 * 3) = 1 note: beat 3 (weight 2, latest)
  RenderedMotif r = Render(LeavingHome(), u);
  EXPECT_THAT(Pitches(r), ElementsAre(69, 71, 73));
  EXPECT_THAT(Onsets(r), ElementsAre(0, kQ, 2 * kQ));
  EXPECT_THAT(Durations(r), ElementsAre(kQ, kQ, 2 * kQ));
  u.params.amount = 1.0f;  // keep only the first, holding the whole length
  r = Render(LeavingHome(), u);
  EXPECT_THAT(Pitches(r), ElementsAre(69));
  EXPECT_THAT(Durations(r), ElementsAre(4 * kQ));
}

TEST(RenderMotif, SimplifyPrefersDroppingOffBeatShortNotes) {
  Motif m = LeavingHome();
  m.rhythm_pattern = {RhythmValue::kQuarter, RhythmValue::kEighth, RhythmValue::kEighth,
                      RhythmValue::kHalf};
  MotifUsage u = At(0, Transformation::kSimplify);
  u.params.amount = 0.4f;  // floor(1.2) = 1: the eighth at beat 1.5
  const RenderedMotif r = Render(m, u);
  EXPECT_THAT(Pitches(r), ElementsAre(69, 71, 71));
  EXPECT_THAT(Onsets(r), ElementsAre(0, 12, 24));
  EXPECT_THAT(Durations(r), ElementsAre(12, 12, 24));
}

TEST(RenderMotif, DisallowedTransformationNamesMotifAndTransformation) {
  Motif m = LeavingHome();
  m.allowed_transformations = {Transformation::kTranspose, Transformation::kRetrograde};
  EXPECT_THAT(RenderMotif(m, At(0, Transformation::kInvert), AMinor(), 72, kSectionSteps, 80),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "motif leaving_home: transformation invert is not allowed; "
                       "allowed_transformations: transpose, retrograde"));
  EXPECT_THAT(RenderMotif(m, At(0, Transformation::kRetrograde), AMinor(), 72, kSectionSteps, 80),
              IsOk());
  // Identity is always allowed.
  EXPECT_THAT(RenderMotif(m, At(0), AMinor(), 72, kSectionSteps, 80), IsOk());
}

TEST(RenderMotif, MissingOrBadParamsAreInvalidArgument) {
  EXPECT_THAT(RenderMotif(LeavingHome(), At(0, Transformation::kTranspose), AMinor(), 72,
                          kSectionSteps, 80),
              StatusIs(absl::StatusCode::kInvalidArgument, "transpose needs params.semitones"));
  MotifUsage u = At(0, Transformation::kRhythmicExpand);
  u.params.factor = 0.5f;
  EXPECT_THAT(RenderMotif(LeavingHome(), u, AMinor(), 72, kSectionSteps, 80),
              StatusIs(absl::StatusCode::kInvalidArgument, "params.factor in (1, 4]"));
}

TEST(RenderMotif, BadInputsAreInvalidArgument) {
  Motif m = LeavingHome();
  m.interval_pattern.pop_back();
  EXPECT_THAT(RenderMotif(m, At(0), AMinor(), 72, kSectionSteps, 80),
              StatusIs(absl::StatusCode::kInvalidArgument, "interval_pattern has 3 values"));
  m = LeavingHome();
  m.anchor_scale_degree = 8;
  EXPECT_THAT(RenderMotif(m, At(0), AMinor(), 72, kSectionSteps, 80),
              StatusIs(absl::StatusCode::kInvalidArgument, "anchor_scale_degree 8"));
  EXPECT_THAT(RenderMotif(LeavingHome(), At(32), AMinor(), 72, kSectionSteps, 80),
              StatusIs(absl::StatusCode::kInvalidArgument, "start_beat 32"));
  EXPECT_THAT(RenderMotif(LeavingHome(), At(0), AMinor(), 72, kSectionSteps, 0),
              StatusIs(absl::StatusCode::kInvalidArgument, "velocity 0"));
}

TEST(RenderMotif, NotesPastSectionEndAreCutWithWarning) {
  const RenderedMotif r = Render(LeavingHome(), At(30.5));  // section is 32 beats
  EXPECT_THAT(Onsets(r), ElementsAre(366, 378));
  EXPECT_THAT(Durations(r), ElementsAre(12, 6));
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0],
            "motif leaving_home at beat 30.5: runs past the section end (beat 32): 2 note(s) "
            "dropped, 1 shortened");
}

TEST(RenderMotif, OutOfRangePitchesMoveWholeMotifByOctavesWithWarning) {
  Motif m = LeavingHome();
  m.interval_pattern = {0, 12, 24, 36};
  MotifUsage u = At(0, Transformation::kTranspose);
  u.params.semitones = 24;
  const RenderedMotif r = Render(m, u, 84);  // A nearest 84 is 81; +24 -> 105..141
  EXPECT_THAT(Pitches(r), ElementsAre(81, 93, 105, 117));
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_THAT(r.warnings[0], HasSubstr("pitches 105..141 outside MIDI 0..127; motif moved -2"));
}

TEST(RenderMotif, NotesLandOnTokenGrid) {
  Motif m = LeavingHome();
  m.rhythm_pattern = {RhythmValue::kTriplet, RhythmValue::kSixteenth, RhythmValue::kEighth,
                      RhythmValue::kWhole};
  for (float factor : {1.25f, 1.5f, 3.0f}) {
    MotifUsage u = At(1.75, Transformation::kRhythmicExpand);
    u.params.factor = factor;
    const RenderedMotif r = Render(m, u);
    for (const GridNote& n : r.notes) {
      EXPECT_TRUE(tokens::IsOnsetGridStep(n.start_step)) << factor << " " << n.start_step;
      EXPECT_NE(
          std::find(tokens::kDurationSteps.begin(), tokens::kDurationSteps.end(), n.duration_steps),
          tokens::kDurationSteps.end())
          << factor << " " << n.duration_steps;
      EXPECT_EQ(n.velocity, tokens::VelocityBinCentre(tokens::VelocityBin(n.velocity)));
    }
    for (std::size_t k = 0; k + 1 < r.notes.size(); ++k) {
      EXPECT_LE(r.notes[k].start_step + r.notes[k].duration_steps, r.notes[k + 1].start_step);
    }
  }
}

TEST(MotifWarning, RhythmAndDurationMismatch) {
  EXPECT_EQ(MotifWarning(LeavingHome()),
            "motif leaving_home: rhythm_pattern sums to 4 beats, duration_beats says 3; the "
            "rhythm pattern governs");
  Motif m = LeavingHome();
  m.motif_id = "goodbye";
  m.rhythm_pattern = {RhythmValue::kQuarter, RhythmValue::kQuarter, RhythmValue::kEighth,
                      RhythmValue::kEighth};
  m.duration_beats = 2;
  EXPECT_EQ(MotifWarning(m),
            "motif goodbye: rhythm_pattern sums to 3 beats, duration_beats says 2; the rhythm "
            "pattern governs");
  m.duration_beats = 3;
  EXPECT_EQ(MotifWarning(m), "");
}

}  // namespace
}  // namespace stori::motif
