#include "engine/refine/dimension_refinement.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/types/optional.h"
#include "engine/common/status_macros.h"
#include "engine/refine/humanizer.h"
#include "engine/sampling/rng.h"

namespace stori::refine {
namespace {

// "refh": the humanizer's seed stream.
constexpr std::uint64_t kHumanizeSeedStream = 0x72656668;
// A track's density closeness below which the density dimension regenerates it.
constexpr double kDensityCloseness = 0.75;

bool Active(const SectionRequest& request, int i) {
  return i >= static_cast<int>(request.section.track_behaviors.size()) ||
         request.section.track_behaviors[i].active;
}

// The active tracks whose role `owned(role)` accepts, in request order.
template <typename RolePredicate>
std::vector<int> ActiveTracksWhere(const SectionRequest& request, RolePredicate owned) {
  std::vector<int> out;
  for (int i = 0; i < static_cast<int>(request.tracks.size()); ++i) {
    if (Active(request, i) && owned(request.tracks[i].role)) out.push_back(i);
  }
  return out;
}

std::vector<int> ActiveTracksOwnedBy(const SectionRequest& request, score::Dimension dimension) {
  return ActiveTracksWhere(request,
                           [dimension](music::TrackRole r) { return RoleOwnedBy(dimension, r); });
}

double DensityCloseness(const TrackResult& t) {
  const double target = t.targets.notes_per_bar;
  return std::max(0.0, 1.0 - std::abs(t.measured.notes_per_bar - target) / std::max(target, 1.0));
}

double MsSince(absl::Time start) { return absl::ToDoubleMilliseconds(absl::Now() - start); }

// Every track of `result` as a locked track, those in `tracks` humanized for `request`'s emotion
// (seeded by pass).
std::vector<absl::optional<music::Track>> Humanized(const SectionRequest& request,
                                                    const SectionResult& result,
                                                    const std::vector<int>& tracks, int pass) {
  const HumanizeParams params = HumanizeParamsFor(request.section.emotion);
  HumanizeFrame frame;
  frame.ppq = result.ppq;
  frame.tempo_bpm = result.tempo_bpm;
  frame.beats_per_bar = result.time_signature.beats_per_bar();
  frame.section_ticks =
      static_cast<std::int64_t>(std::llround(result.bars * frame.beats_per_bar * result.ppq));
  const std::uint64_t seed =
      sampling::Rng::Derive(request.seed, kHumanizeSeedStream, static_cast<std::uint64_t>(pass));
  std::vector<absl::optional<music::Track>> out;
  for (std::size_t i = 0; i < result.tracks.size(); ++i) {
    const TrackResult& t = result.tracks[i];
    if (std::find(tracks.begin(), tracks.end(), static_cast<int>(i)) == tracks.end()) {
      out.push_back(t.track);
      continue;
    }
    const bool carries_motif =
        t.spec.role == music::TrackRole::kMelody && !request.section.motif_usages.empty();
    out.push_back(Humanize(t.track, t.targets.velocity_floor, t.targets.velocity_ceiling, params,
                           frame, carries_motif, sampling::Rng::Derive(seed, i, 0)));
  }
  return out;
}

// "refinement.pass[<k>].dimension": the dimension chosen (furthest below its threshold), kept or
// not; factors every dimension below its threshold before the pass, weighted by its share of the
// total shortfall; the others below threshold as alternatives; confidence = the chosen one's
// share of the shortfall.
IntentDecision PassDecision(int k, const RefinementPass& pass,
                            const score::DimensionScores& before,
                            const SectionRequest& request, const int* tries,
                            int max_tries) {
  IntentDecision d;
  d.decision = absl::StrCat("refinement.pass[", k, "].dimension");
  std::vector<std::string> tracks;
  for (int i : pass.tracks) tracks.push_back(request.tracks[i].track_id);
  d.target = absl::StrFormat("%s %.3f < %.2f: %s [%s] -> %.3f, overall %.3f -> %.3f, %s",
                             score::DimensionName(pass.dimension), pass.dimension_before,
                             pass.threshold, pass.humanized ? "humanized" : "regenerated",
                             absl::StrJoin(tracks, ", "), pass.dimension_after,
                             pass.overall_before, pass.overall_after,
                             pass.kept ? "kept" : "discarded");
  std::vector<IntentFactor> shortfalls;
  for (int dim = 0; dim < score::kNumDimensions; ++dim) {
    const auto dimension = static_cast<score::Dimension>(dim);
    const double shortfall = score::RefinementThreshold(dimension) - before.Get(dimension);
    if (shortfall <= 0.0) continue;
    shortfalls.push_back({absl::StrCat(score::DimensionName(dimension), ".score"),
                          before.Get(dimension), shortfall});
    if (dimension != pass.dimension) {
      d.alternatives_rejected.push_back(absl::StrFormat(
          "%s %.3f < %.2f%s", score::DimensionName(dimension), before.Get(dimension),
          score::RefinementThreshold(dimension),
          tries[dim] >= max_tries ? " (tried without a kept change)" : " (less far below)"));
    }
  }
  d.factors = ContributionShares(std::move(shortfalls));
  d.confidence = 0.0;
  for (const IntentFactor& f : d.factors) {
    if (f.name == absl::StrCat(score::DimensionName(pass.dimension), ".score")) {
      d.confidence = f.weight;
    }
  }
  return d;
}

}  // namespace

RefinementOptions RefinementOptionsFor(QualityPreset preset) {
  RefinementOptions options;
  switch (preset) {
    case QualityPreset::kFast:
      options.max_passes = 0;
      break;
    case QualityPreset::kBalanced:
      options.max_passes = 2;
      break;
    case QualityPreset::kQuality:
      options.max_passes = 4;
      break;
  }
  return options;
}

bool RoleOwnedBy(score::Dimension dimension, music::TrackRole role) {
  using music::TrackRole;
  switch (dimension) {
    case score::Dimension::kRhythm:
      return role == TrackRole::kDrums;
    case score::Dimension::kHarmony:
      return role == TrackRole::kBass || role == TrackRole::kHarmony || role == TrackRole::kPad ||
             role == TrackRole::kOther;
    case score::Dimension::kMelody:
      return role == TrackRole::kMelody;
    case score::Dimension::kExpression:
    case score::Dimension::kDensity:
      return true;
  }
  return true;
}

std::vector<int> TracksOwnedBy(score::Dimension dimension, const SectionRequest& request,
                               const SectionResult& result) {
  using music::TrackRole;
  switch (dimension) {
    case score::Dimension::kRhythm: {
      // Without drums the rhythm is the bass's, else every pitched track's.
      std::vector<int> tracks = ActiveTracksOwnedBy(request, dimension);
      if (tracks.empty()) {
        tracks = ActiveTracksWhere(request, [](TrackRole r) { return r == TrackRole::kBass; });
      }
      if (tracks.empty()) {
        tracks = ActiveTracksWhere(request, [](TrackRole r) { return r != TrackRole::kDrums; });
      }
      return tracks;
    }
    case score::Dimension::kHarmony:
    case score::Dimension::kMelody:
      return ActiveTracksOwnedBy(request, dimension);
    case score::Dimension::kExpression: {
      std::vector<int> tracks;
      for (int i = 0; i < static_cast<int>(result.tracks.size()); ++i) {
        if (!result.tracks[i].track.notes.empty()) tracks.push_back(i);
      }
      return tracks;
    }
    case score::Dimension::kDensity: {
      std::vector<int> tracks;
      int worst = -1;
      double worst_closeness = 2.0;
      for (int i = 0; i < static_cast<int>(result.tracks.size()); ++i) {
        if (!Active(request, i)) continue;
        const double closeness = DensityCloseness(result.tracks[i]);
        if (closeness < kDensityCloseness) tracks.push_back(i);
        if (closeness < worst_closeness) {
          worst_closeness = closeness;
          worst = i;
        }
      }
      if (tracks.empty() && worst >= 0) tracks.push_back(worst);
      return tracks;
    }
  }
  return {};
}

absl::StatusOr<SectionResult> RedoDimension(const generate::SectionGenerator& generator,
                                                      const SectionRequest& request,
                                                      const SectionResult& current,
                                                      score::Dimension dimension,
                                                      const std::vector<int>& tracks, int pass,
                                                      const RunContext& ctx) {
  if (dimension == score::Dimension::kExpression) {
    return generator.Generate(request, ctx, Humanized(request, current, tracks, pass));
  }
  std::vector<absl::optional<music::Track>> locked(request.tracks.size());
  for (std::size_t i = 0; i < locked.size() && i < current.tracks.size(); ++i) {
    if (std::find(tracks.begin(), tracks.end(), static_cast<int>(i)) == tracks.end()) {
      locked[i] = current.tracks[i].track;
    }
  }
  SectionRequest reseeded = request;
  reseeded.seed =
      sampling::Rng::Derive(request.seed, kRefineSeedStream, static_cast<std::uint64_t>(pass));
  return generator.Generate(reseeded, ctx, locked);
}

absl::StatusOr<SectionResult> RefineWeakestDimensions(
    const generate::SectionGenerator& generator, const SectionRequest& request,
    SectionResult generated, const RefinementOptions& options, const RunContext& ctx) {
  const absl::Time start = absl::Now();
  SectionResult best = std::move(generated);
  best.refinement.clear();
  best.refinement_stop.clear();
  if (options.max_passes <= 0) return best;
  int tries[score::kNumDimensions] = {};
  double longest_pass_ms = 0.0;
  absl::Duration budget = options.time_budget;
  if (ctx.stop != nullptr) budget = std::min(budget, ctx.stop->deadline() - start);
  std::vector<RefinementPass> passes;
  std::vector<IntentDecision> trace;  // only with request.include_intent_trace
  std::string stop;
  double humanize_ms = 0.0;
  int tokens = 0, steps = 0;
  for (int pass = 0;; ++pass) {
    if (pass >= options.max_passes) {
      stop = "max passes";
      break;
    }
    STORI_RETURN_IF_ERROR(ctx.CheckStop());
    // The dimension furthest below its threshold that may still be tried.
    absl::optional<score::Dimension> chosen;
    double largest_shortfall = 0.0;
    std::vector<int> tracks;
    for (int d = 0; d < score::kNumDimensions; ++d) {
      const auto dimension = static_cast<score::Dimension>(d);
      const double shortfall = score::RefinementThreshold(dimension) - best.scores.Get(dimension);
      if (shortfall <= 0.0 || tries[d] >= options.max_tries_per_dimension) continue;
      std::vector<int> owned = TracksOwnedBy(dimension, request, best);
      if (owned.empty()) continue;
      if (shortfall > largest_shortfall) {
        largest_shortfall = shortfall;
        chosen = dimension;
        tracks = std::move(owned);
      }
    }
    if (!chosen.has_value()) {
      bool any_below = false;
      for (int d = 0; d < score::kNumDimensions; ++d) {
        const auto dimension = static_cast<score::Dimension>(d);
        any_below |= best.scores.Get(dimension) < score::RefinementThreshold(dimension);
      }
      stop = any_below ? "no dimension left below its threshold to try"
                       : "every dimension at or above its threshold";
      break;
    }
    const absl::Duration spent = absl::Now() - start;
    // Before the first pass, the generation's model time stands in for a pass's.
    const double estimate_ms = passes.empty() ? best.timings.decode_ms : longest_pass_ms;
    if (spent + absl::Milliseconds(estimate_ms) > budget) {
      stop = "time budget";
      break;
    }
    const absl::Time pass_start = absl::Now();
    RefinementPass record;
    record.dimension = *chosen;
    record.threshold = score::RefinementThreshold(*chosen);
    record.dimension_before = best.scores.Get(*chosen);
    record.overall_before = best.scores.overall;
    record.tracks = tracks;
    record.humanized = *chosen == score::Dimension::kExpression;
    absl::StatusOr<SectionResult> attempt =
        RedoDimension(generator, request, best, *chosen, tracks, pass, ctx);
    if (!attempt.ok()) return attempt.status();
    tokens += attempt->timings.tokens_decoded;
    steps += attempt->timings.model_steps;
    record.dimension_after = attempt->scores.Get(*chosen);
    record.overall_after = attempt->scores.overall;
    record.kept = record.dimension_after > record.dimension_before &&
                  record.overall_after >= record.overall_before;
    record.ms = MsSince(pass_start);
    longest_pass_ms = std::max(longest_pass_ms, record.ms);
    if (record.humanized) humanize_ms += record.ms;
    if (!record.kept) ++tries[static_cast<int>(*chosen)];
    if (request.include_intent_trace) {
      trace.push_back(PassDecision(static_cast<int>(passes.size()), record, best.scores,
                                   request, tries, options.max_tries_per_dimension));
    }
    passes.push_back(record);
    if (record.kept) {
      attempt->intent_trace = std::move(best.intent_trace);
      // The generation's own timings stay (the refinement's are added below); the seed is the
      // request's, which reproduces the whole refinement.
      attempt->timings = best.timings;
      attempt->seed_used = best.seed_used;
      best = *std::move(attempt);
    }
  }
  best.intent_trace.insert(best.intent_trace.end(), trace.begin(), trace.end());
  best.refinement = std::move(passes);
  best.refinement_stop = std::move(stop);
  best.timings.refinement_ms = MsSince(start);
  best.timings.humanize_ms = humanize_ms;
  best.timings.tokens_decoded += tokens;
  best.timings.model_steps += steps;
  return best;
}

absl::StatusOr<SectionResult> GenerateRefined(const generate::SectionGenerator& generator,
                                              const SectionRequest& request,
                                              const RunContext& ctx) {
  absl::StatusOr<SectionResult> generated = generator.Generate(request, ctx);
  if (!generated.ok()) return generated.status();
  return RefineWeakestDimensions(generator, request, *std::move(generated),
                                 RefinementOptionsFor(request.quality_preset), ctx);
}

}  // namespace stori::refine
