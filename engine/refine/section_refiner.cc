#include "engine/refine/section_refiner.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/music/key.h"
#include "engine/common/status_macros.h"
#include "engine/refine/dimension_refinement.h"
#include "engine/refine/emotion_effect.h"
#include "engine/refine/refinement_command.h"
#include "engine/sampling/rng.h"
#include "engine/targets/emotion_targets.h"

namespace stori::refine {
namespace {

// `track` with every time in ticks rescaled from `from_ppq` to `to_ppq` (rounded).
music::Track Rescaled(music::Track track, int from_ppq, int to_ppq) {
  if (from_ppq == to_ppq) return track;
  auto scale = [&](std::int64_t ticks) {
    return static_cast<std::int64_t>(std::llround(static_cast<double>(ticks) * to_ppq / from_ppq));
  };
  for (music::Note& n : track.notes) {
    const std::int64_t end = scale(n.start_tick + n.duration_ticks);
    n.start_tick = scale(n.start_tick);
    n.duration_ticks = std::max<std::int64_t>(1, end - n.start_tick);
  }
  for (auto& c : track.control_changes) c.tick = scale(c.tick);
  for (auto& b : track.pitch_bends) b.tick = scale(b.tick);
  for (auto& a : track.aftertouches) a.tick = scale(a.tick);
  return track;
}

}  // namespace

std::vector<int> TracksTheEmotionMoves(const SectionRequest& request,
                                       const EmotionVector& applied) {
  SectionRequest after = request;
  after.section.emotion = applied;
  const targets::SectionTargets t0 = targets::ComputeTargets(request);
  const targets::SectionTargets t1 = targets::ComputeTargets(after);
  const EmotionVector& e0 = request.section.emotion;
  const bool sampling_moved = !t0.SameSampling(t1);
  std::vector<int> out;
  for (std::size_t i = 0; i < request.tracks.size() && i < t0.tracks.size(); ++i) {
    if (!t0.tracks[i].active) continue;
    const music::TrackRole role = request.tracks[i].role;
    // A track's own targets moved, or the sampling (pitched tracks), or motion (every track's
    // onset grid), or valence (the melody's mode colour).
    const bool moved = t0.tracks[i] != t1.tracks[i] ||
                       (sampling_moved && role != music::TrackRole::kDrums) ||
                       e0.motion != applied.motion ||
                       (e0.valence != applied.valence && role == music::TrackRole::kMelody);
    if (moved) out.push_back(static_cast<int>(i));
  }
  return out;
}

std::vector<int> TracksToRegenerate(const RefinementRequest& request,
                                    const EmotionVector& applied) {
  const int n = static_cast<int>(request.request.tracks.size());
  std::vector<int> out;
  if (!request.target_track_indexes.empty()) {
    for (int i : request.target_track_indexes) {
      if (i >= 0 && i < n) out.push_back(i);
    }
  } else if (!request.target_dimensions.empty()) {
    for (int i = 0; i < n; ++i) {
      for (score::Dimension d : request.target_dimensions) {
        if (RoleOwnedBy(d, request.request.tracks[i].role)) {
          out.push_back(i);
          break;
        }
      }
    }
  } else {
    out = TracksTheEmotionMoves(request.request, applied);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

absl::StatusOr<RefinedSection> RefineSection(const generate::SectionGenerator& generator,
                                             const RefinementRequest& request,
                                             const RunContext& ctx) {
  if (request.prior_ppq < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("prior_result.ppq: must be >= 1; got ", request.prior_ppq));
  }
  EmotionVector delta = request.emotion_delta;
  if (!request.refinement_command.empty()) {
    STORI_ASSIGN_OR_RETURN(const EmotionVector command,
                           CommandDelta(request.refinement_command));
    delta = {delta.energy + command.energy, delta.valence + command.valence,
             delta.tension + command.tension, delta.intimacy + command.intimacy,
             delta.motion + command.motion};
  }
  RefinedSection out;
  out.request = request.request;
  out.applied_emotion = ApplyDelta(request.request.section.emotion, delta);
  out.request.section.emotion = out.applied_emotion;
  out.regenerated_tracks = TracksToRegenerate(request, out.applied_emotion);
  std::vector<absl::optional<music::Track>> locked(out.request.tracks.size());
  for (std::size_t i = 0; i < locked.size(); ++i) {
    const bool regenerate = std::binary_search(out.regenerated_tracks.begin(),
                                               out.regenerated_tracks.end(), static_cast<int>(i));
    if (!regenerate && i < request.prior_tracks.size()) {
      locked[i] = Rescaled(request.prior_tracks[i], request.prior_ppq, music::kDefaultPpq);
    }
  }
  absl::optional<music::Key> key;
  if (auto parsed = music::ParseKey(out.request.section.key); parsed.ok()) key = *parsed;
  using View = std::vector<std::pair<music::TrackRole, const music::Track*>>;
  View prior_view;
  for (int i : out.regenerated_tracks) {
    prior_view.emplace_back(out.request.tracks[i].role,
                            i < static_cast<int>(request.prior_tracks.size())
                                ? &request.prior_tracks[i]
                                : nullptr);
  }
  const EffectMeasures before = MeasureEffect(prior_view, key);
  const EmotionVector& e0 = request.request.section.emotion;
  const EmotionVector& e1 = out.applied_emotion;
  const EmotionVector change = {e1.energy - e0.energy, e1.valence - e0.valence,
                                          e1.tension - e0.tension, e1.intimacy - e0.intimacy,
                                          e1.motion - e0.motion};
  EffectCheck best_check;
  absl::Duration longest_try;
  for (int attempt = 0; attempt < kRefineAttempts; ++attempt) {
    const absl::Time try_start = absl::Now();
    if (attempt > 0 && ctx.stop != nullptr && try_start + longest_try > ctx.stop->deadline()) {
      break;  // keep what we have rather than run out of time
    }
    SectionRequest tried = out.request;
    if (attempt > 0) {
      tried.seed = sampling::Rng::Derive(out.request.seed, kRefineAttemptSeedStream,
                                         static_cast<std::uint64_t>(attempt));
    }
    STORI_ASSIGN_OR_RETURN(SectionResult result, generator.Generate(tried, ctx, locked));
    View after_view;
    for (int i : out.regenerated_tracks) {
      after_view.emplace_back(out.request.tracks[i].role, &result.tracks[i].track);
    }
    const EffectCheck check = CheckEffect(before, MeasureEffect(after_view, key), change);
    out.attempts = attempt + 1;
    longest_try = std::max(longest_try, absl::Now() - try_start);
    if (attempt == 0 || check.moved() > best_check.moved()) {
      out.result = std::move(result);
      best_check = check;
    }
    if (check.all_moved()) break;
  }
  out.result.seed_used = out.request.seed;
  out.unmet = best_check.unmet;
  if (!out.unmet.empty()) {
    out.result.warnings.push_back(
        {"", absl::StrCat("refinement: after ", out.attempts,
                          " tries the regenerated tracks did not move as the emotion change asks (",
                          absl::StrJoin(out.unmet, "; "), "); kept the try that moved most")});
  }
  return out;
}

}  // namespace stori::refine
