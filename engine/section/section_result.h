// SectionResult: what the generator returns for one section (result.proto SectionResult, "Output per
// section"): tracks in ticks at kDefaultPpq (480) and on the 12-steps-per-beat grid, the SMF
// bytes, targets next to measured attributes, scores, timings, model id/version and the seed.
#ifndef STORI_ENGINE_SECTION_SECTION_RESULT_H_
#define STORI_ENGINE_SECTION_SECTION_RESULT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/common/intent_trace.h"
#include "engine/common/warning.h"
#include "engine/section/section_request.h"
#include "engine/music/song.h"
#include "engine/score/dimension_scores.h"
#include "engine/targets/emotion_targets.h"
#include "engine/tokens/grid_note.h"
#include "engine/tokens/track_attributes.h"
#include "engine/transition/transition_check.h"

namespace stori {

struct TrackResult {
  TrackSpec spec;
  // Notes in ticks from the section start at `SectionResult::ppq`; channel and program from
  // `spec`. Sorted; pitch 0..127, velocity 1..127, duration > 0, inside the section.
  music::Track track;
  targets::TrackTargets targets;
  tokens::TrackAttributes measured;   // tokens::MeasureTrack over the section's bars
  tokens::AttributeBins measured_bins;
  // MeasuredSwing of `track` (0 straight .. 1 full triplet swing).
  double measured_swing = 0.0;
  // score::LeapRate of the track's notes (its top line; 0 when it has fewer than two onsets):
  // the scorer's measure, which the API reports too.
  double measured_leap_rate = 0.0;
  // Lowest and highest pitch and velocity of `track` (all 0 without notes).
  int pitch_low = 0;
  int pitch_high = 0;
  int velocity_min = 0;
  int velocity_max = 0;
  int candidates = 0;                 // candidates decoded for this track (per chunk)
  double candidate_score = 0;         // score::TrackScore of the kept candidate, mean over chunks
};

// Milliseconds per stage, wall clock.
struct SectionTimings {
  double targets_ms = 0;
  double decode_ms = 0;   // all model work (prefill + decoding)
  // decode_ms split by token role (drums, bass, harmony incl. pad/other, melody).
  double drums_ms = 0;
  double bass_ms = 0;
  double harmony_ms = 0;
  double melody_ms = 0;
  double scoring_ms = 0;
  double total_ms = 0;
  int tokens_decoded = 0;  // sampled or forced tokens, all rows of all batches
  int model_steps = 0;     // forward calls
  // Refinement of the weakest dimension (engine/refine/dimension_refinement.h), all passes;
  // included in tokens_decoded and model_steps, not in total_ms (the generation's own).
  double refinement_ms = 0;
  double humanize_ms = 0;  // of refinement_ms, the expression passes (refine/humanizer.h)
};

// One pass of the weakest-dimension refinement (engine/refine/dimension_refinement.h): which
// dimension was below its threshold, what was redone, and whether the change was kept (the
// dimension rose and the overall score did not fall).
struct RefinementPass {
  score::Dimension dimension = score::Dimension::kRhythm;
  double threshold = 0;         // score::RefinementThreshold(dimension)
  double dimension_before = 0;  // 0..1
  double dimension_after = 0;   // of the attempt, kept or not
  double overall_before = 0;
  double overall_after = 0;
  bool kept = false;
  // Indexes into the request's tracks that were regenerated (or, for expression, humanized).
  std::vector<int> tracks;
  bool humanized = false;  // expression: velocities, microtiming and lengths, no model call
  double ms = 0;           // wall time of the pass
};

struct SectionResult {
  std::string section_id;
  int section_index = 0;
  int bars = 0;
  int ppq = music::kDefaultPpq;
  double tempo_bpm = 120;
  music::TimeSignature time_signature;
  std::string key;
  std::vector<TrackResult> tracks;     // request order
  std::vector<std::uint8_t> smf;       // Standard MIDI File type 1 of the section
  score::DimensionScores scores;
  std::string model_id;
  std::string model_version;
  std::uint64_t seed_used = 0;
  // What was adjusted to serve the request, each with the RMS field it concerns.
  std::vector<Warning> warnings;
  // The join to request.next_section (engine/transition/); unchecked for a song's last section.
  ::stori::transition::Report transition;
  SectionTimings timings;
  // Refinement passes in order, kept or not; empty when none ran (FAST, or every dimension at
  // or above its threshold). refinement_stop says why the passes ended ("" when none ran).
  std::vector<RefinementPass> refinement;
  std::string refinement_stop;
  // Only when request.include_intent_trace: target mapping (per track and target), motif
  // rendering, candidate choice (per track and window), the transition check and, after a
  // refinement, each pass's choice of dimension (engine/common/intent_trace.h).
  std::vector<IntentDecision> intent_trace;
};

// What RefineSection returns (engine/refine/section_refiner.h): the section regenerated for a
// changed EmotionVector, with what was regenerated and how it went.
struct RefinedSection {
  // The request as generated: request.request with the applied emotion.
  SectionRequest request;
  SectionResult result;
  // Prior emotion + delta + the command's delta, clamped (engine/refine/refinement_command.h).
  EmotionVector applied_emotion;
  // Indexes into request.tracks that were regenerated; the others came back as they were.
  std::vector<int> regenerated_tracks;
  // Regenerations tried (1..refine::kRefineAttempts) and, when none moved every checked axis the
  // way the emotion change asks (engine/refine/emotion_effect.h), what did not move in the one
  // kept.
  int attempts = 1;
  std::vector<std::string> unmet;
};

}  // namespace stori

#endif  // STORI_ENGINE_SECTION_SECTION_RESULT_H_
