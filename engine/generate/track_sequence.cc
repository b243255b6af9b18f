#include "engine/generate/track_sequence.h"

#include <utility>

#include "engine/common/status_macros.h"
#include "engine/tokens/remi_encoder.h"

namespace stori::generate {

int ReserveTokens(int later_tracks, int bars) { return later_tracks * (16 + 6 * bars); }

absl::StatusOr<int> RunTrackSequence(const model::ModelRunner& runner,
                                     const tokens::Vocabulary& vocab,
                                     std::vector<tokens::TokenId> header,
                                     const std::vector<SequenceTrack>& tracks, int bars,
                                     model::DecodeState* state, DecodeTrackFn decode) {
  std::vector<tokens::TokenId> pending = std::move(header);
  int prefills = 0;
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    const SequenceTrack& track = tracks[i];
    tokens::AppendTrackStart(vocab, track.role, track.bins, &pending);
    if (track.given_body.has_value()) {
      pending.insert(pending.end(), track.given_body->begin(), track.given_body->end());
      continue;
    }
    STORI_ASSIGN_OR_RETURN(std::vector<float> logits, runner.Prefill(state, pending));
    ++prefills;
    pending.clear();
    const int later = static_cast<int>(tracks.size() - i - 1);
    STORI_RETURN_IF_ERROR(decode(i, state, std::move(logits), ReserveTokens(later, bars)));
  }
  return prefills;
}

}  // namespace stori::generate
