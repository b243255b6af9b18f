// Decodes one track body (REMI grammar, engine/sampling/remi_constraints.h) with the model:
// `num_candidates` rows decoded as one batch from the same prompt, each with its own seeded
// RNG and constraint state; the candidate with the highest score is kept (quality presets,
// generation.proto: FAST 1, BALANCED 3, QUALITY 10 candidates).
#ifndef STORI_ENGINE_GENERATE_TRACK_DECODER_H_
#define STORI_ENGINE_GENERATE_TRACK_DECODER_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/common/run_context.h"
#include "engine/model/model_runner.h"
#include "engine/sampling/remi_constraints.h"
#include "engine/sampling/sampler.h"
#include "engine/tokens/grid_note.h"
#include "engine/tokens/vocabulary.h"

namespace stori::generate {

struct TrackDecodeInput {
  sampling::TrackConstraintsConfig constraints;
  sampling::SamplerConfig sampler;
  int num_candidates = 1;  // >= 1
  std::uint64_t seed = 0;  // row r draws from Rng(Rng::Derive(seed, r, 0))
  // Higher is better; called once per candidate with its notes (steps from the window start).
  std::function<double(const std::vector<tokens::GridNote>&)> score;
};

struct TrackDecodeOutput {
  std::vector<tokens::TokenId> body;  // Bar ... TrackEnd of the kept candidate
  std::vector<tokens::GridNote> notes;
  double score = 0;
  // Every candidate's score, in row order, and the kept row (for the intent trace).
  std::vector<double> candidate_scores;
  int kept_candidate = 0;
  int tokens_decoded = 0;
  int model_steps = 0;
};

// `state` (batch 1) holds the prompt up to the track's attribute tokens and `last_logits` the
// logits after it ([vocab]). On success `state` holds prompt + the kept body (TrackEnd
// included). Checks ctx's stop token every few steps.
// Errors: kCancelled / kDeadlineExceeded from ctx; kResourceExhausted past the model's
// positions; kInternal for a model failure or a grammar dead end (a bug).
// Thread safety: thread-compatible in `state`; the runner is shared.
absl::StatusOr<TrackDecodeOutput> DecodeTrack(const model::ModelRunner& runner,
                                              const tokens::Vocabulary& vocab,
                                              model::DecodeState* state,
                                              std::vector<float> last_logits,
                                              const TrackDecodeInput& input,
                                              const RunContext& ctx);

}  // namespace stori::generate

#endif  // STORI_ENGINE_GENERATE_TRACK_DECODER_H_
