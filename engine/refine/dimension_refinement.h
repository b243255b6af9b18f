// Refinement of the weakest dimension (README.md, "How a section is made", step 5): after a section
// is generated and scored, the dimension furthest below its threshold (score::RefinementThreshold,
// the real 10th percentile) is redone, and the change is kept only if that dimension rises and the
// overall score does not fall; repeated up to a number of passes or a time budget.
//
// What each dimension owns (what a pass redoes, every other track kept note for note and heard
// by the regenerated ones through SectionGenerator's locked tracks):
//   rhythm     -> the drum tracks (none: the bass tracks; none: every track)
//   harmony    -> bass, harmony, pad and other tracks
//   melody     -> the melody tracks; their motif notes are forced again at the same beats, so a
//                 locked motif never moves
//   expression -> no model call: every track humanized (velocity curves, microtiming and
//                 articulation by emotion, engine/refine/humanizer.h)
//   density    -> the tracks whose notes per bar are off their target (closeness < 0.75, or the
//                 furthest off)
// Inactive tracks are never regenerated. A dimension with nothing to redo, or tried twice
// without a kept change, is not chosen again.
//
// Determinism: pass k regenerates with seed Rng::Derive(request.seed, kRefineSeedStream, k), so
// the same request and seed refine to the same notes, unless the time budget (a wall-clock
// limit) ends the passes early; the result says so (refinement_stop "time budget").
#ifndef STORI_ENGINE_REFINE_DIMENSION_REFINEMENT_H_
#define STORI_ENGINE_REFINE_DIMENSION_REFINEMENT_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/common/run_context.h"
#include "engine/generate/section_generator.h"
#include "engine/section/section_request.h"
#include "engine/section/section_result.h"
#include "engine/score/dimension_scores.h"

namespace stori::refine {

struct RefinementOptions {
  // Passes at most, kept or not; 0 turns refinement off.
  int max_passes = 0;
  // Wall time for all passes; a pass starts only if the time spent so far plus the longest pass
  // so far (before the first: the generation's own model time, an upper bound for redoing some
  // of its tracks) fits. The request's deadline (ctx.stop) bounds it too, so that refinement
  // ends with the best section so far ("time budget") rather than DEADLINE_EXCEEDED; a deadline
  // passing inside a pass is still an error.
  absl::Duration time_budget = absl::InfiniteDuration();
  // Tries of one dimension without a kept change before it is left alone.
  int max_tries_per_dimension = 2;
};

// Passes per quality preset: FAST 0 (its latency target leaves no room), BALANCED 2, QUALITY 4;
// no time budget (the deadline still applies).
// Thread safety: pure function.
RefinementOptions RefinementOptionsFor(QualityPreset preset);

// Seed stream of refinement passes (Rng::Derive(seed, kRefineSeedStream, pass)); "refn".
inline constexpr std::uint64_t kRefineSeedStream = 0x7265666E;

// Whether a track of `role` belongs to `dimension`: rhythm: drums; harmony: bass, harmony, pad
// and other; melody: melody; expression and density: every role. The one role table of both
// the refinement pool (TracksOwnedBy) and RefineSection's target_dimensions.
// Thread safety: pure function.
bool RoleOwnedBy(score::Dimension dimension, music::TrackRole role);

// The request's track indexes that `dimension` owns in `result` (table above; expression:
// every track with notes). Thread safety: pure function.
std::vector<int> TracksOwnedBy(score::Dimension dimension, const SectionRequest& request,
                               const SectionResult& result);

// One pass's attempt, not yet judged: `current` (a result for `request`) with `tracks` redone
// for `dimension` (expression: humanized with seed stream `pass`; otherwise regenerated with
// seed Rng::Derive(request.seed, kRefineSeedStream, pass), every other track locked), rescored.
// Its timings are the attempt's own.
// Errors: the generator's (kCancelled / kDeadlineExceeded from ctx's stop token among them).
// Thread safety: thread-safe (the generator is).
absl::StatusOr<SectionResult> RedoDimension(const generate::SectionGenerator& generator,
                                                      const SectionRequest& request,
                                                      const SectionResult& current,
                                                      score::Dimension dimension,
                                                      const std::vector<int>& tracks, int pass,
                                                      const RunContext& ctx);

// Refines `generated` (SectionGenerator's result for `request`) as described above and returns
// the best result: `generated` itself when nothing was kept, with `refinement` (every pass),
// `refinement_stop` and timings.refinement_ms / humanize_ms filled in either case.
// Errors: kCancelled / kDeadlineExceeded when ctx's stop token trips (the passes stop; nothing
//   is returned, as for generation); the generator's errors.
// Thread safety: thread-safe (the generator is); `generated` is taken by value.
absl::StatusOr<SectionResult> RefineWeakestDimensions(
    const generate::SectionGenerator& generator, const SectionRequest& request,
    SectionResult generated, const RefinementOptions& options, const RunContext& ctx);

// The section a GenerateSection call serves: `request` generated, then refined on the calling
// thread with RefinementOptionsFor(request.quality_preset). The one path of the service's
// GenerateSection (server/neural_section_engine.h) and of the as-served evaluations
// (engine/evaluate/served_evaluation.h, tools/evaluate/), so that they measure what callers get.
// Errors: the generator's and RefineWeakestDimensions'. Thread safety: thread-safe.
absl::StatusOr<SectionResult> GenerateRefined(const generate::SectionGenerator& generator,
                                              const SectionRequest& request,
                                              const RunContext& ctx);

}  // namespace stori::refine

#endif  // STORI_ENGINE_REFINE_DIMENSION_REFINEMENT_H_
