// Tests of engine/evaluate/score_validation.h: percentiles with known answers, the served
// targets and track layout of a validation section, scoring as ScoreSection does, and a whole
// (tiny) validation: deterministic, each damage counted where it changed the section, reports
// that carry the command and every damage.
#include "engine/evaluate/score_validation.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "engine/evaluate/served_request.h"
#include "engine/targets/emotion_targets.h"
#include "engine/tokens/vocabulary.h"
#include "gtest/gtest.h"

namespace stori::evaluate {
namespace {

using tokens::GridNote;
using tokens::TokenRole;

constexpr int kBar = 4 * tokens::kStepsPerBeat;

tokens::TrackSegment Track(TokenRole role, std::vector<GridNote> notes) {
  tokens::TrackSegment t;
  t.role = role;
  t.notes = std::move(notes);
  return t;
}

// A 2-bar 4/4 window in C major, chords C | G, tracks listed melody first with a second melody
// and a second bass after the first of each.
EvaluationWindow RealWindow(const std::string& source) {
  EvaluationWindow w;
  w.set = "pop909";
  w.source = source;
  tokens::RemiWindow& r = w.window;
  r.bars = 2;
  r.steps_per_bar = kBar;
  r.key = 0;
  r.meter = 0;  // 4/4
  r.tempo_bin = 5;
  r.chords = {{{0, 0}}, {{0, 7 * tokens::kNumChordQualities}}};
  std::vector<GridNote> drums, bass, harmony, melody;
  for (int bar = 0; bar < 2; ++bar) {
    const int root = bar ? 7 : 0;
    for (int e = 0; e < 8; ++e) {
      drums.push_back({bar * kBar + 6 * e, 3, e % 4 ? 42 : 36, e % 2 ? 56 : 104});
    }
    bass.push_back({bar * kBar, 24, 36 + root, 88});
    bass.push_back({bar * kBar + 24, 24, 43 + root, 72});
    for (int i : {0, 4, 7}) harmony.push_back({bar * kBar, 48, 60 + root + i, 72 + 4 * i});
    const int figure[4] = {64, 62, 60, 67};
    for (int i = 0; i < 4; ++i) {
      melody.push_back({bar * kBar + 12 * i, 12, figure[i] + root, i ? 72 : 104});
    }
  }
  r.tracks = {Track(TokenRole::kMelody, melody),   Track(TokenRole::kDrums, drums),
              Track(TokenRole::kBass, bass),       Track(TokenRole::kMelody, {}),
              Track(TokenRole::kHarmony, harmony), Track(TokenRole::kBass, {})};
  return w;
}

TEST(Summarize, PercentilesByLinearInterpolation) {
  const Distribution d = Summarize({5, 1, 3, 2, 4});
  EXPECT_DOUBLE_EQ(d.min, 1);
  EXPECT_DOUBLE_EQ(d.p10, 1.4);  // position 0.4 between 1 and 2
  EXPECT_DOUBLE_EQ(d.p50, 3);
  EXPECT_DOUBLE_EQ(d.p90, 4.6);  // position 3.6 between 4 and 5
  EXPECT_DOUBLE_EQ(d.mean, 3);
  const Distribution empty = Summarize({});
  EXPECT_EQ(empty.min, 0);
  EXPECT_EQ(empty.mean, 0);
}

TEST(MakeValidationSection, FirstTrackOfEachRoleWithNeutralServedTargets) {
  const EvaluationWindow real = RealWindow("pop909/010#0");
  auto section = MakeValidationSection(real, 1);
  ASSERT_TRUE(section.ok()) << section.status();
  ASSERT_EQ(section->window.tracks.size(), 4u);
  EXPECT_EQ(section->window.tracks[0].role, TokenRole::kDrums);
  EXPECT_EQ(section->window.tracks[1].role, TokenRole::kBass);
  EXPECT_EQ(section->window.tracks[2].role, TokenRole::kHarmony);
  EXPECT_EQ(section->window.tracks[3].role, TokenRole::kMelody);
  EXPECT_EQ(section->window.tracks[1].notes, real.window.tracks[2].notes);  // the first bass
  EXPECT_EQ(section->window.tracks[3].notes, real.window.tracks[0].notes);  // the first melody

  auto request = ServedSectionRequest(real.window, real.source, NeutralEmotion().emotion,
                                      QualityPreset::kBalanced, 1);
  ASSERT_TRUE(request.ok()) << request.status();
  const targets::SectionTargets expected = targets::ComputeTargets(*request);
  ASSERT_EQ(section->targets.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    const targets::TrackTargets& t = expected.tracks[i];
    EXPECT_EQ(section->targets[i].notes_per_bar, t.notes_per_bar);
    EXPECT_EQ(section->targets[i].velocity_floor, t.velocity_floor);
    EXPECT_EQ(section->targets[i].velocity_ceiling, t.velocity_ceiling);
    EXPECT_EQ(section->targets[i].syncopation, t.syncopation);
    EXPECT_EQ(section->targets[i].leap_probability, t.leap_probability);
    EXPECT_EQ(section->targets[i].rest_density, t.rest_density);
  }
}

TEST(MakeValidationSection, RefusesAMissingRoleOrKey) {
  EvaluationWindow no_harmony = RealWindow("a");
  no_harmony.window.tracks.erase(no_harmony.window.tracks.begin() + 4);
  EXPECT_EQ(MakeValidationSection(no_harmony, 1).status().code(),
            absl::StatusCode::kInvalidArgument);
  EvaluationWindow no_key = RealWindow("b");
  no_key.window.key = tokens::kNoKeyValue;
  EXPECT_EQ(MakeValidationSection(no_key, 1).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ScoreWindow, IsScoreSectionOfTheTracksInTheWindowsFrame) {
  auto section = MakeValidationSection(RealWindow("a"), 1);
  ASSERT_TRUE(section.ok());
  const tokens::RemiWindow& w = section->window;
  std::vector<score::ScoredTrack> tracks;
  for (std::size_t i = 0; i < w.tracks.size(); ++i) {
    tracks.push_back(
        {static_cast<music::TrackRole>(w.tracks[i].role), w.tracks[i].notes, section->targets[i]});
  }
  score::ScoringContext context;
  context.steps_per_bar = kBar;
  context.bars = 2;
  context.chords = {{0, {0, 4, 7}}, {kBar, {7, 11, 2}}};
  context.key = music::Key{0, false};
  const score::DimensionScores expected = score::ScoreSection(tracks, context);
  const score::DimensionScores got = ScoreWindow(w, section->targets);
  for (int d = 0; d < score::kNumDimensions; ++d) {
    const auto dimension = static_cast<score::Dimension>(d);
    EXPECT_DOUBLE_EQ(got.Get(dimension), expected.Get(dimension)) << d;
  }
}

TEST(ValidateScores, DeterministicPerDamageWithReports) {
  std::vector<ValidationSection> sections;
  for (const char* source : {"pop909/010#0", "pop909/010#1", "pop909/020#0"}) {
    auto s = MakeValidationSection(RealWindow(source), 1);
    ASSERT_TRUE(s.ok());
    sections.push_back(*s);
  }
  sections[2].window.tracks[3].notes.resize(4);  // melody in bar 0 only: no motif to remove
  const ScoreValidationReport report = ValidateScores(sections, 9);
  EXPECT_EQ(report.sources.size(), 3u);
  EXPECT_EQ(report.bars, 2);
  ASSERT_EQ(report.damages.size(), static_cast<std::size_t>(kNumDamages));
  for (int k = 0; k < kNumDamages; ++k) {
    const DamageOutcome& o = report.damages[k];
    EXPECT_EQ(o.damage, static_cast<Damage>(k));
    EXPECT_EQ(o.dimension, DamagedDimension(o.damage));
    EXPECT_EQ(o.applicable, o.damage == Damage::kMotifRemoved ? 2 : 3) << DamageName(o.damage);
  }
  // Flat velocities lose the variety term in every section; off-chord bass and harmony too.
  const DamageOutcome& flat = report.damages[static_cast<int>(Damage::kFlattenedVelocities)];
  EXPECT_EQ(flat.share_lower[static_cast<int>(score::Dimension::kExpression)], 1.0);
  EXPECT_LT(flat.mean_change[static_cast<int>(score::Dimension::kExpression)], 0.0);
  EXPECT_EQ(flat.share_lower[static_cast<int>(score::Dimension::kRhythm)], 0.0);
  const DamageOutcome& off = report.damages[static_cast<int>(Damage::kOffChordPitches)];
  EXPECT_TRUE(off.passed());
  EXPECT_EQ(off.bar_repetition_real, off.bar_repetition_damaged);  // the melody is untouched

  const ScoreValidationReport again = ValidateScores(sections, 9);
  for (int k = 0; k < kNumDamages; ++k) {
    EXPECT_EQ(again.damages[k].share_lower, report.damages[k].share_lower);
    EXPECT_EQ(again.damages[k].mean_change, report.damages[k].mean_change);
  }

  const std::string md = ScoreValidationMarkdown(report, "stori-validate-scores --pop909 P");
  EXPECT_EQ(md.rfind("```sh\n# reproduce from the repository root:\n"
                     "stori-validate-scores --pop909 P\n```\n",
                     0),
            0u);
  const std::string json = ScoreValidationJson(report);
  for (int k = 0; k < kNumDamages; ++k) {
    const std::string name = DamageName(static_cast<Damage>(k));
    EXPECT_NE(md.find("| " + name + " |"), std::string::npos) << name;
    EXPECT_NE(json.find("\"damage\": \"" + name + "\""), std::string::npos) << name;
  }
  EXPECT_NE(json.find("\"pop909/020#0\""), std::string::npos);
}

}  // namespace
}  // namespace stori::evaluate
