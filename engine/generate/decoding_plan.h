// Which request track is decoded as which token role, in which sequence and order
// (DESIGN.md §3 step 2: drums, then bass, harmony, melody), with its instrument range.
//
// The shipped model learned drums from Groove and bass/harmony/melody from POP909, which holds
// no drums, so drums are decoded in a sequence of their own and the pitched tracks in a second
// sequence, bass -> harmony -> melody, each seeing the tracks before it (models/*/MODEL_CARD.md).
#ifndef STORI_ENGINE_GENERATE_DECODING_PLAN_H_
#define STORI_ENGINE_GENERATE_DECODING_PLAN_H_

#include <vector>

#include "engine/generate/section_request.h"
#include "engine/tokens/remi_window.h"

namespace stori::generate {

struct PlannedTrack {
  int request_index = 0;       // into SectionRequest::tracks
  tokens::TokenRole token_role = tokens::TokenRole::kHarmony;
  bool active = true;
  int enter_bar = 0;           // 0-based bar of the section
  int min_pitch = 0;           // instrument range, inclusive (drums: GM keys 35..81)
  int max_pitch = 127;
  bool receives_motifs = false;  // the first melody track gets the RMS motifs forced in
};

struct DecodingPlan {
  std::vector<PlannedTrack> drums;    // each decoded in its own drum sequence
  std::vector<PlannedTrack> pitched;  // one sequence: bass..., harmony..., melody...
};

// Token role of a track role: pad and other play as harmony.
tokens::TokenRole TokenRoleOf(music::TrackRole role);

// Instrument ranges (MIDI pitch, inclusive): bass 28..60 (E1..C4, 4- and 5-string bass),
// harmony 36..96, melody 48..96; a track's stated register moves the range by its offset from
// the role's centre, kept inside 21..108 (piano range).
// Thread safety: pure function.
DecodingPlan PlanDecoding(const SectionRequest& request);

}  // namespace stori::generate

#endif  // STORI_ENGINE_GENERATE_DECODING_PLAN_H_
