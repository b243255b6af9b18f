// Token ids -> RemiWindow: the inverse of remi_encoder.h. Encode(Decode(x)) == x for every
// sequence the encoder produces, and Decode(Encode(w)) == w for every grid-valid window.
#ifndef STORI_ENGINE_TOKENS_REMI_DECODER_H_
#define STORI_ENGINE_TOKENS_REMI_DECODER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "engine/tokens/remi_window.h"
#include "engine/tokens/vocabulary.h"

namespace stori::tokens {

// Decodes a whole window (Bos .. Eos). `steps_per_bar` 0 takes it from the Meter token.
// Errors: kInvalidArgument naming the token index, the token and what the grammar expected.
// Thread safety: pure function.
absl::StatusOr<RemiWindow> DecodeWindow(const Vocabulary& vocab, absl::Span<const TokenId> ids,
                                        int steps_per_bar = 0);

// The notes of one track body: the tokens after the track's attribute tokens, up to (not
// including) TrackEnd, i.e. `Bar [ChordBeat Chord]* {Position {Pitch Velocity Duration | Drum
// Velocity}+}*` repeated. Bar chords are skipped. `bars_seen` (optional) gets the number of Bar
// tokens. Errors: kInvalidArgument naming the token index for a token out of grammar.
absl::StatusOr<std::vector<GridNote>> DecodeTrackBody(const Vocabulary& vocab,
                                                      absl::Span<const TokenId> body,
                                                      TokenRole role, int steps_per_bar,
                                                      int* bars_seen = nullptr);

}  // namespace stori::tokens

#endif  // STORI_ENGINE_TOKENS_REMI_DECODER_H_
