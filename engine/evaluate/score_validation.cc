#include "engine/evaluate/score_validation.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/evaluate/json_text.h"
#include "engine/evaluate/served_request.h"
#include "engine/music/key.h"
#include "engine/sampling/rng.h"
#include "engine/score/bar_repetition.h"
#include "engine/score/chord_timeline.h"
#include "engine/score/repeated_pitch_rate.h"
#include "engine/targets/dimension_targets.h"
#include "engine/targets/emotion_targets.h"

namespace stori::evaluate {
namespace {

using score::Dimension;
using score::kNumDimensions;
using tokens::TokenRole;

constexpr TokenRole kRoles[] = {TokenRole::kDrums, TokenRole::kBass, TokenRole::kHarmony,
                                TokenRole::kMelody};

absl::optional<double> MelodyRepeatedPitch(const tokens::RemiWindow& w) {
  const tokens::TrackSegment* melody = tokens::FindTrack(w, TokenRole::kMelody);
  if (melody == nullptr) return absl::nullopt;
  return score::RepeatedPitchRate(melody->notes, score::LineVoice::kHighest);
}

absl::optional<double> MelodyRepetition(const tokens::RemiWindow& w) {
  const tokens::TrackSegment* melody = tokens::FindTrack(w, TokenRole::kMelody);
  if (melody == nullptr) return absl::nullopt;
  return score::BarRepetition(melody->notes, w.steps_per_bar, w.bars, score::kMinBarsForRepetition);
}

// A damaged section "scores lower" by more than rounding noise.
constexpr double kLowerBy = 1e-9;

bool Changed(const tokens::RemiWindow& real, const tokens::RemiWindow& damaged) {
  if (real.tracks.size() != damaged.tracks.size()) return true;
  for (std::size_t t = 0; t < real.tracks.size(); ++t) {
    if (real.tracks[t].notes != damaged.tracks[t].notes) return true;
  }
  return false;
}

std::string Fixed(double v) { return absl::StrFormat("%.3f", v); }

}  // namespace

absl::StatusOr<ValidationSection> MakeValidationSection(const EvaluationWindow& real,
                                                        std::uint64_t seed) {
  ValidationSection out;
  out.source = real.source;
  out.window = real.window;
  out.window.tracks.clear();
  for (TokenRole role : kRoles) {
    const tokens::TrackSegment* track = tokens::FindTrack(real.window, role);
    if (track == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          real.source, ": no ", music::TrackRoleName(static_cast<music::TrackRole>(role)),
          " track; expected drums, bass, harmony and melody"));
    }
    out.window.tracks.push_back(*track);
  }
  absl::StatusOr<SectionRequest> request = ServedSectionRequest(
      real.window, real.source, NeutralEmotion().emotion, QualityPreset::kBalanced, seed);
  if (!request.ok()) return request.status();
  const targets::SectionTargets targets = targets::ComputeTargets(*request);
  // The request's tracks are drums, bass, piano (harmony), melody: kRoles' order.
  for (const targets::TrackTargets& t : targets.tracks) {
    out.targets.push_back(targets::DimensionTargetsOf(t));
  }
  return out;
}

score::DimensionScores ScoreWindow(const tokens::RemiWindow& window,
                                   const std::vector<score::DimensionTargets>& targets) {
  std::vector<score::ScoredTrack> tracks;
  for (std::size_t i = 0; i < window.tracks.size(); ++i) {
    const tokens::TrackSegment& t = window.tracks[i];
    tracks.push_back({static_cast<music::TrackRole>(static_cast<int>(t.role)), t.notes,
                      i < targets.size() ? targets[i] : score::DimensionTargets{}});
  }
  score::ScoringContext context;
  context.steps_per_bar = window.steps_per_bar;
  context.bars = window.bars;
  context.chords = score::ChordTimelineFromBarChords(window.chords, window.steps_per_bar);
  if (window.key != tokens::kNoKeyValue) {
    context.key = music::Key{window.key / 2, window.key % 2 == 1};
  }
  return score::ScoreSection(tracks, context);
}

Distribution Summarize(std::vector<double> values) {
  Distribution d;
  if (values.empty()) return d;
  std::sort(values.begin(), values.end());
  auto at = [&](double p) {
    const double pos = p * (values.size() - 1);
    const std::size_t lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (values[hi] - values[lo]) * (pos - lo);
  };
  d.min = values.front();
  d.p10 = at(0.1);
  d.p50 = at(0.5);
  d.p90 = at(0.9);
  double sum = 0;
  for (double v : values) sum += v;
  d.mean = sum / values.size();
  return d;
}

ScoreValidationReport ValidateScores(const std::vector<ValidationSection>& sections,
                                     std::uint64_t seed) {
  ScoreValidationReport report;
  report.seed = seed;
  std::vector<score::DimensionScores> real;
  std::array<std::vector<double>, kNumDimensions> per_dimension;
  std::vector<double> overall, repetition, repeated_pitch;
  for (const ValidationSection& s : sections) {
    if (const absl::optional<double> r = MelodyRepetition(s.window)) repetition.push_back(*r);
    if (const absl::optional<double> r = MelodyRepeatedPitch(s.window)) {
      repeated_pitch.push_back(*r);
    }
    report.sources.push_back(s.source);
    real.push_back(ScoreWindow(s.window, s.targets));
    for (int d = 0; d < kNumDimensions; ++d) {
      per_dimension[d].push_back(real.back().Get(static_cast<Dimension>(d)));
    }
    overall.push_back(real.back().overall);
  }
  for (int d = 0; d < kNumDimensions; ++d) report.real[d] = Summarize(per_dimension[d]);
  report.real_overall = Summarize(overall);
  report.real_bar_repetition = Summarize(repetition);
  report.real_repeated_pitch = Summarize(repeated_pitch);
  if (!sections.empty()) report.bars = sections.front().window.bars;

  for (int k = 0; k < kNumDamages; ++k) {
    DamageOutcome outcome;
    outcome.damage = static_cast<Damage>(k);
    outcome.dimension = DamagedDimension(outcome.damage);
    double repetition_real = 0, repetition_damaged = 0;
    int repetition_n = 0;
    std::array<int, kNumDimensions> lower{};
    std::array<double, kNumDimensions> change_sum{};
    for (std::size_t i = 0; i < sections.size(); ++i) {
      const tokens::RemiWindow damaged =
          ApplyDamage(outcome.damage, sections[i].window, sampling::Rng::Derive(seed, i, k));
      if (!Changed(sections[i].window, damaged)) continue;
      ++outcome.applicable;
      const score::DimensionScores scores = ScoreWindow(damaged, sections[i].targets);
      for (int d = 0; d < kNumDimensions; ++d) {
        const double change =
            scores.Get(static_cast<Dimension>(d)) - real[i].Get(static_cast<Dimension>(d));
        lower[d] += change < -kLowerBy;
        change_sum[d] += change;
      }
      const absl::optional<double> before = MelodyRepetition(sections[i].window);
      const absl::optional<double> after = MelodyRepetition(damaged);
      if (before && after) {
        repetition_real += *before;
        repetition_damaged += *after;
        ++repetition_n;
      }
    }
    for (int d = 0; d < kNumDimensions && outcome.applicable > 0; ++d) {
      outcome.share_lower[d] = static_cast<double>(lower[d]) / outcome.applicable;
      outcome.mean_change[d] = change_sum[d] / outcome.applicable;
    }
    if (repetition_n > 0) {
      outcome.bar_repetition_real = repetition_real / repetition_n;
      outcome.bar_repetition_damaged = repetition_damaged / repetition_n;
    }
    report.damages.push_back(outcome);
  }
  return report;
}

std::string ScoreValidationJson(const ScoreValidationReport& report) {
  auto distribution = [](const Distribution& d) {
    return absl::StrCat("{\"min\": ", JsonNumber(d.min), ", \"p10\": ", JsonNumber(d.p10),
                        ", \"p50\": ", JsonNumber(d.p50), ", \"p90\": ", JsonNumber(d.p90),
                        ", \"mean\": ", JsonNumber(d.mean), "}");
  };
  std::string out = absl::StrCat(
      "{\n  \"settings\": {\"seed\": ", report.seed, ", \"bars\": ", report.bars,
      ", \"windows\": ", report.windows, ", \"eligible\": ", report.eligible,
      ", \"stride\": ", report.stride, ", \"emotion\": \"neutral\", \"genre\": \"pop\", ",
      "\"target_share_lower\": ", JsonNumber(kTargetShareLower), "},\n  \"sections\": [");
  for (std::size_t i = 0; i < report.sources.size(); ++i) {
    absl::StrAppend(&out, i ? ", " : "", JsonQuoted(report.sources[i]));
  }
  absl::StrAppend(&out, "],\n  \"real\": {");
  for (int d = 0; d < kNumDimensions; ++d) {
    absl::StrAppend(&out, "\n    ", JsonQuoted(score::DimensionName(static_cast<Dimension>(d))),
                    ": ", distribution(report.real[d]), ",");
  }
  absl::StrAppend(&out, "\n    \"overall\": ", distribution(report.real_overall),
                  ",\n    \"melody_bar_repetition\": ", distribution(report.real_bar_repetition),
                  ",\n    \"melody_repeated_pitch_rate\": ",
                  distribution(report.real_repeated_pitch),
                  "\n  },\n  \"damages\": [");
  for (std::size_t k = 0; k < report.damages.size(); ++k) {
    const DamageOutcome& o = report.damages[k];
    absl::StrAppend(&out, k ? "," : "", "\n    {\"damage\": ", JsonQuoted(DamageName(o.damage)),
                    ", \"dimension\": ", JsonQuoted(score::DimensionName(o.dimension)),
                    ", \"applicable\": ", o.applicable,
                    ", \"passed\": ", o.passed() ? "true" : "false",
                    ", \"bar_repetition_real\": ", JsonNumber(o.bar_repetition_real),
                    ", \"bar_repetition_damaged\": ", JsonNumber(o.bar_repetition_damaged),
                    ", \"dimensions\": {");
    for (int d = 0; d < kNumDimensions; ++d) {
      absl::StrAppend(&out, d ? ", " : "",
                      JsonQuoted(score::DimensionName(static_cast<Dimension>(d))),
                      ": {\"share_lower\": ", JsonNumber(o.share_lower[d]),
                      ", \"mean_change\": ", JsonNumber(o.mean_change[d]), "}");
    }
    absl::StrAppend(&out, "}}");
  }
  absl::StrAppend(&out, "\n  ]\n}\n");
  return out;
}

std::string ScoreValidationMarkdown(const ScoreValidationReport& report,
                                    const std::string& command) {
  std::string out = absl::StrCat("```sh\n# reproduce from the repository root:\n", command,
                                 "\n```\n\n## Dimension scores on real and damaged sections\n\n");
  const std::string which = report.stride == 1
                                ? std::string("all of them")
                                : absl::StrCat("one in every ", report.stride, " of them");
  absl::StrAppend(
      &out, "Do the five dimension scores of engine/score/dimension_scores.h (formulas and ",
      "thresholds: its file comment) mean something? ", report.sources.size(), " real ",
      report.bars, "-bar sections of the held-out POP909 test songs (song NNN with NNN % 10 == ",
      "0): of their ", report.windows, " windows, the ", report.eligible,
      " the as-served evaluation can request (served_sections.h: a paired Groove test-split drum ",
      "track, bass, harmony and melody tracks, a key, no \"N\" chord), ", which,
      " (listed in scores.json). Each is scored as the service scores a section, against the ",
      "targets a served request for it gets (targets::ComputeTargets: neutral EmotionVector, ",
      "genre pop, tracks drums, bass, piano, melody; the window's own key, meter, tempo and ",
      "chords), then damaged one aspect at a time (engine/evaluate/section_damage.h; section i, ",
      "damage k seeded Rng::Derive(", report.seed, ", i, k)) and scored again.\n\n");
  absl::StrAppend(&out, "### Real sections\n\n| dimension | min | p10 | p50 | p90 | mean |\n",
                  "|---|---:|---:|---:|---:|---:|\n");
  auto row = [&](const std::string& name, const Distribution& d) {
    absl::StrAppend(&out, "| ", name, " | ", Fixed(d.min), " | ", Fixed(d.p10), " | ", Fixed(d.p50),
                    " | ", Fixed(d.p90), " | ", Fixed(d.mean), " |\n");
  };
  for (int d = 0; d < kNumDimensions; ++d) {
    row(score::DimensionName(static_cast<Dimension>(d)), report.real[d]);
  }
  row("overall", report.real_overall);
  row("(melody bar repetition, the motif term's measure)", report.real_bar_repetition);
  row("(melody repeated-pitch rate, the repeated-pitch term's measure)",
      report.real_repeated_pitch);
  absl::StrAppend(
      &out, "\n### Damaged sections\n\n",
      "shuffled_onsets: every note to a random 16th of its bar. off_chord_pitches: bass and ",
      "harmony notes to random non-chord tones. flattened_velocities: every note of a track at ",
      "the track's mean velocity. doubled_density: every note split in two (shorter than an ",
      "eighth: doubled a 16th later). motif_removed: the melody's bars after its first get ",
      "random in-key notes (same onset count, random 16ths, the melody's range).\n\n",
      "Per damage and dimension: the share of sections whose damaged version scores lower than ",
      "the real one, and the mean change (damaged - real), over the sections the damage changed ",
      "(n). **Bold**: the dimension the damage is meant to lower; target: lower in at least ",
      absl::StrFormat("%.0f", kTargetShareLower * 100), "% of them.\n\n| damage | n |");
  for (int d = 0; d < kNumDimensions; ++d) {
    absl::StrAppend(&out, " ", score::DimensionName(static_cast<Dimension>(d)), " |");
  }
  absl::StrAppend(&out, " result |\n|---|---:|");
  for (int d = 0; d < kNumDimensions; ++d) absl::StrAppend(&out, "---:|");
  absl::StrAppend(&out, "---|\n");
  for (const DamageOutcome& o : report.damages) {
    absl::StrAppend(&out, "| ", DamageName(o.damage), " | ", o.applicable, " |");
    for (int d = 0; d < kNumDimensions; ++d) {
      const std::string cell =
          absl::StrFormat("%.1f%% / %+.3f", o.share_lower[d] * 100, o.mean_change[d]);
      const bool own = d == static_cast<int>(o.dimension);
      absl::StrAppend(&out, " ", own ? "**" : "", cell, own ? "**" : "", " |");
    }
    absl::StrAppend(&out, " ", o.passed() ? "pass" : "FAIL", " |\n");
  }
  for (const DamageOutcome& o : report.damages) {
    if (o.damage != Damage::kMotifRemoved) continue;
    absl::StrAppend(&out, "\nmotif_removed lowers the motif term's measure (score::BarRepetition, ",
                    "engine/score/bar_repetition.h) from a mean of ", Fixed(o.bar_repetition_real),
                    " to ", Fixed(o.bar_repetition_damaged), ".\n");
  }
  return out;
}

}  // namespace stori::evaluate
