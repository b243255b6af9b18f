// The expected work of a call, for admission (server/admission.h): how long it would take on an
// otherwise idle replica, at the reference speed measured by section_bench. Admission scales it by
// what it has observed since (Admission::work_scale), so a slower machine, a GPU or contention
// corrects the estimate online; these figures only have to be right in proportion.
//
// Model: solo seconds = (kSectionOverheadSeconds
//                        + sum over planned tracks of bars_sounding x (beats per bar / 4) x
//                          kTrackBarSeconds x CandidateFactor(num_candidates))
//                       x RefinementFactor(quality_preset)
// where a track sounds from its enter_bar to the section's end, an inactive one is skipped, and
// the decoded tokens grow with beats (a 4/4 bar is the unit).
// Sources (README "The numbers", section_bench, stori-remi v3, one core, 2026-11-26):
//   - one 8-bar, 4-track section (32 track-bars), FAST (1 candidate): p50 920 ms, so
//     kTrackBarSeconds = 0.92 / 32 = 0.029 s;
//   - model_bench, one decoding step at batch 1 / 3 / 10: 1.28 / 1.69 / 4.01 ms, and BALANCED
//     (3 candidates) took 1.54x FAST end to end: CandidateFactor(n) = 1 + 0.24 (n - 1) gives
//     1.48 at 3 and 3.16 at 10 (4.01 / 1.28 = 3.13);
//   - refinement of the weakest dimension (engine/refine/dimension_refinement.h), 60 held-out
//     8-bar requests at BALANCED (models/stori-remi/v3/as_served/refinement.md, 2026-12-02):
//     mean refinement 443 ms beside a median generation of 2,123 ms, so RefinementFactor is
//     1.2 at BALANCED; QUALITY runs up to twice the passes: 1.4, not measured; FAST runs none;
//   - RefineSection regenerates until the tracks move as asked (engine/refine/section_refiner.h):
//     kRefineSectionTries tries on average.
// Thread safety: pure functions.
#ifndef STORI_SERVER_WORK_ESTIMATE_H_
#define STORI_SERVER_WORK_ESTIMATE_H_

#include <vector>

#include "engine/section/section_request.h"

namespace stori::server {

inline constexpr double kTrackBarSeconds = 0.92 / 32.0;
inline constexpr double kSectionOverheadSeconds = 0.02;

// Decoding cost of n candidates decoded as one batch relative to one (n >= 1).
double CandidateFactor(int num_candidates);

// A section's solo time with its refinement passes relative to without (>= 1; see above).
double RefinementFactor(QualityPreset preset);

// Mean regenerations of one RefineSection: "make it sadder" took 2.12 tries on average over 60
// held-out requests (stori-evaluate-refinement, models/stori-remi/v3/as_served/refinement.md).
inline constexpr double kRefineSectionTries = 2.12;

// Expected solo seconds of one section (GenerateSection). > 0.
double EstimateSectionSeconds(const SectionRequest& request);

// Sum over the song's sections (GenerateSong decodes them one after another). > 0.
double EstimateSongSeconds(const std::vector<SectionRequest>& sections);

// RefineSection: only the tracks it regenerates (all when none is named), kRefineSectionTries
// times. > 0.
double EstimateRefinementSeconds(const RefinementRequest& refinement);

}  // namespace stori::server

#endif  // STORI_SERVER_WORK_ESTIMATE_H_
