// RefineSection's engine side: a generated section regenerated for a changed EmotionVector (an
// emotion delta and/or a command of engine/refine/refinement_command.h's table), with the tracks that were not asked
// for kept note for note, so that the regenerated tracks hear them. The refinement of the
// weakest dimension is engine/refine/dimension_refinement.h.
#ifndef STORI_ENGINE_REFINE_SECTION_REFINER_H_
#define STORI_ENGINE_REFINE_SECTION_REFINER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/common/run_context.h"
#include "engine/generate/section_generator.h"
#include "engine/section/section_request.h"
#include "engine/section/section_result.h"

namespace stori::refine {

// Regenerations RefineSection tries for one request before it keeps the one that moved most.
// Five: as served, "make it sadder" moved the melody at the first try in 48% of 60 held-out
// requests, and within five tries in 93% (2.12 tries on average); after the bass repeat bias of
// 2026-12-02, 70% and 95% (1.63 tries); with the mode-colour bias of 2.5 nats per unit of
// valence, 88% and 97% (1.25 tries); with phrase memory (bars 5-8 echo bars 1-4), 77% and 98%
// (1.42 tries; models/stori-remi/v3/as_served/refinement.md).
inline constexpr int kRefineAttempts = 5;
// Seed stream of its later tries: Rng::Derive(seed, kRefineAttemptSeedStream, attempt); "rfsa".
inline constexpr std::uint64_t kRefineAttemptSeedStream = 0x72667361;

// The tracks a refinement regenerates: `target_track_indexes` when given; else the tracks the
// target dimensions own (rhythm -> drums; harmony -> bass, harmony, pad and other; melody ->
// melody; expression and density -> every track); else the tracks the change of emotion from
// request.request.section.emotion to `applied` reaches (TracksTheEmotionMoves): only what
// must be regenerated. Sorted, unique.
// Thread safety: pure function.
std::vector<int> TracksToRegenerate(const RefinementRequest& request,
                                    const EmotionVector& applied);

// The tracks of `request` whose generation changes when its section's emotion becomes
// `applied`: those whose targets (targets::ComputeTargets: bins, register, velocities, density,
// syncopation, leaps, swing, rests) differ; every pitched track when a section-wide sampling
// setting differs (temperature, top-p, chord-tone bias: tension); every track when motion
// changed (its bias on off-eighth onsets); the melody tracks when valence changed (mode colour).
// Inactive tracks are left out. Sorted. Thread safety: pure function.
std::vector<int> TracksTheEmotionMoves(const SectionRequest& request,
                                       const EmotionVector& applied);

// Regenerates `request.request`'s section for the refined emotion with the generator's usual
// seed streams (request.request.seed), keeping every track outside TracksToRegenerate as
// request.prior_tracks has it (rescaled from prior_ppq to the result's PPQ). The regenerated
// tracks must move the way the emotion change asks (emotion_effect.h: "make it sadder" lowers
// the melody's register or raises its minor-degree share): when they do not, it regenerates
// again with seed Rng::Derive(seed, kRefineAttemptSeedStream, attempt), up to kRefineAttempts
// tries (fewer when the next would not end before ctx's deadline, judged by the longest try so
// far), and keeps the first that moves every checked axis, else the one that moved most (the
// earliest of equals), with a warning naming what did not move. Deterministic (same request,
// same result) unless the deadline cuts the tries short.
// Errors: kInvalidArgument for an unknown refinement command (listing the known ones) or a
//   prior_ppq < 1; the generator's errors otherwise.
// Thread safety: thread-safe (the generator is).
absl::StatusOr<RefinedSection> RefineSection(const generate::SectionGenerator& generator,
                                             const RefinementRequest& request,
                                             const RunContext& ctx);

}  // namespace stori::refine

#endif  // STORI_ENGINE_REFINE_SECTION_REFINER_H_
