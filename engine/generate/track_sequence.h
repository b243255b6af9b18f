// One decoding sequence as the model was trained on it (engine/tokens/remi_encoder.h): a header,
// then track after track, each its start tokens (role and attribute control bins) and its body,
// every track conditioned on the ones before it. A body is either decoded by the model (the
// caller's `decode`, typically DecodeTrack) or given as tokens (a kept track, a silent one).
// Used by the service's generator (section_generator.cc) and the teacher-forced evaluation
// (engine/evaluate/window_generator.cc), so both build sequences the same way.
#ifndef STORI_ENGINE_GENERATE_TRACK_SEQUENCE_H_
#define STORI_ENGINE_GENERATE_TRACK_SEQUENCE_H_

#include <cstddef>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "engine/model/model_runner.h"
#include "engine/tokens/remi_window.h"
#include "engine/tokens/track_attributes.h"
#include "engine/tokens/vocabulary.h"

namespace stori::generate {

struct SequenceTrack {
  tokens::TokenRole role = tokens::TokenRole::kHarmony;
  tokens::AttributeBins bins;  // its control tokens
  // The body (bars ... TrackEnd) when it is given; nullopt: the model decodes it.
  absl::optional<std::vector<tokens::TokenId>> given_body;
};

// Tokens kept free for `later_tracks` tracks of `bars` bars that still follow (each at least its
// start, bar headers and TrackEnd): later_tracks * (16 + 6 * bars).
// Thread safety: pure function.
int ReserveTokens(int later_tracks, int bars);

// Called for each track without a given body, after its start tokens were prefilled: decode
// track `index` in `state` from `logits` (the logits after its start tokens), leaving
// `reserve_tokens` positions for the tracks after it; on success `state` holds the body.
using DecodeTrackFn = absl::FunctionRef<absl::Status(std::size_t index, model::DecodeState* state,
                                                     std::vector<float> logits,
                                                     int reserve_tokens)>;

// Runs `header` then `tracks` in `state` (empty on entry): given bodies are queued with the
// tokens before the next decoded track and prefilled with them; trailing given tracks are not
// run (nothing follows them). Returns the prefill calls made (decode's own steps not included).
// Errors: the runner's (kResourceExhausted past its positions, kInternal) and decode's.
// Thread safety: thread-compatible in `state`; the runner is shared.
absl::StatusOr<int> RunTrackSequence(const model::ModelRunner& runner,
                                     const tokens::Vocabulary& vocab,
                                     std::vector<tokens::TokenId> header,
                                     const std::vector<SequenceTrack>& tracks, int bars,
                                     model::DecodeState* state, DecodeTrackFn decode);

}  // namespace stori::generate

#endif  // STORI_ENGINE_GENERATE_TRACK_SEQUENCE_H_
