// Do the dimension scores mean something? (issue 17 point 1.) Real held-out sections are scored
// with engine/score/dimension_scores.h against the targets a served request for them gets, then
// each damage of section_damage.h is applied and the section scored again: the damaged
// dimension should be lower in at least kTargetShareLower of the sections. The report gives the
// distribution of each dimension on the real sections and, per damage, the share of sections
// where each dimension fell, and its mean change; rendered as JSON (scores.json) and markdown
// (scores.md) by stori-validate-scores (tools/evaluate/validate_scores_main.cc).
//
// Targets: the request of served_request.h for the window (genre "pop", four tracks drums, bass,
// piano, melody, the window's own key, tempo, meter and chords) with the neutral EmotionVector
// (served_request.h NeutralEmotion), through targets::ComputeTargets, mapped to
// score::DimensionTargets as engine/generate/section_generator.cc does: what the refinement loop
// compares a served section against. Scoring context: the window's grid, bars, chords
// (score::ChordTimelineFromBarChords, the timeline the generator builds from the same chord
// symbols) and key.
#ifndef STORI_ENGINE_EVALUATE_SCORE_VALIDATION_H_
#define STORI_ENGINE_EVALUATE_SCORE_VALIDATION_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/evaluate/section_damage.h"
#include "engine/evaluate/test_windows.h"
#include "engine/score/dimension_scores.h"
#include "engine/tokens/remi_window.h"

namespace stori::evaluate {

// Issue 17's target: a damage lowers its dimension in at least 90% of the sections.
inline constexpr double kTargetShareLower = 0.9;

// A section scored as the service scores one: one track per role drums, bass, harmony, melody
// (the first of each in `window`; others are left out, as a served request has these four).
struct ValidationSection {
  std::string source;  // "pop909/010#3"
  tokens::RemiWindow window;
  std::vector<score::DimensionTargets> targets;  // one per window.tracks entry, same order
};

// `real.window` reduced to its first drums, bass, harmony and melody tracks (in that order),
// with the targets of the file comment. `section_id` names the request in errors.
// Errors: ServedSectionRequest's (no key, meter not in whole beats, an "N" chord);
//   kInvalidArgument when a role of the four is missing.
// Thread safety: pure function.
absl::StatusOr<ValidationSection> MakeValidationSection(const EvaluationWindow& real,
                                                        std::uint64_t seed);

// score::ScoreSection of `window`'s tracks (roles from their TokenRole, notes as they are)
// against `targets` (one per track; tracks beyond targets.size() are scored with default
// DimensionTargets), in the window's grid, bars, chords and key.
// Thread safety: pure function.
score::DimensionScores ScoreWindow(const tokens::RemiWindow& window,
                                   const std::vector<score::DimensionTargets>& targets);

// min, 10th, 50th, 90th percentile and mean of a sample: percentiles by linear interpolation
// between closest ranks (NumPy's default: position p * (n - 1) in the sorted sample). All 0
// for an empty sample.
struct Distribution {
  double min = 0, p10 = 0, p50 = 0, p90 = 0, mean = 0;
};
Distribution Summarize(std::vector<double> values);

// One damage over all sections.
struct DamageOutcome {
  Damage damage = Damage::kShuffledOnsets;
  score::Dimension dimension = score::Dimension::kRhythm;  // DamagedDimension(damage)
  // Sections the damage changed (a melody without notes, or with notes in one bar only, has
  // no motif to remove): the shares and means below are over these.
  int applicable = 0;
  // Per dimension (score::Dimension order): share of sections where the damaged section scores
  // lower than the real one (by more than 1e-9), and the mean of damaged - real.
  std::array<double, score::kNumDimensions> share_lower{};
  std::array<double, score::kNumDimensions> mean_change{};
  // Mean score::BarRepetition of the melody, real and damaged, over the sections where both
  // are defined with score::kMinBarsForRepetition: the input of the melody's motif term.
  double bar_repetition_real = 0, bar_repetition_damaged = 0;
  bool passed() const { return share_lower[static_cast<int>(dimension)] >= kTargetShareLower; }
};

struct ScoreValidationReport {
  std::uint64_t seed = 1;
  int bars = 8;
  int windows = 0;   // windows of the POP909 test songs
  int eligible = 0;  // of them served_sections.h ServedEligible
  int stride = 1;
  std::vector<std::string> sources;  // the sections, in order
  // Real sections: distribution of each dimension (score::Dimension order), then overall.
  std::array<Distribution, score::kNumDimensions> real{};
  Distribution real_overall;
  // score::BarRepetition of the real melodies where the motif term judges it (onsets in at
  // least score::kMinBarsForRepetition bars).
  Distribution real_bar_repetition;
  // score::RepeatedPitchRate of the real melodies' top line where defined (2 onsets or more):
  // the input of the melody's repeated-pitch term.
  Distribution real_repeated_pitch;
  std::vector<DamageOutcome> damages;  // Damage order
};

// Scores every section and, per damage d (Damage order), ApplyDamage(d, section.window,
// sampling::Rng::Derive(seed, i, d)) for section i. Thread safety: pure function.
ScoreValidationReport ValidateScores(const std::vector<ValidationSection>& sections,
                                     std::uint64_t seed);

// JSON object with keys settings, sections, real, damages. Thread safety: pure function.
std::string ScoreValidationJson(const ScoreValidationReport& report);

// Markdown: `command` (the line that produced it) on top, how the sections and targets were
// made, the real distributions, a damage x dimension table (share lower, mean change; the
// damaged dimension in bold) and a pass/fail line per damage. Thread safety: pure function.
std::string ScoreValidationMarkdown(const ScoreValidationReport& report,
                                    const std::string& command);

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_SCORE_VALIDATION_H_
