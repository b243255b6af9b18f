// Which request track is decoded as which token role, in which sequence and order
// (README "How a section is made" step 3: drums, then bass, harmony, melody), with its instrument range.
//
// One sequence holds the section's first active drum track, then bass..., harmony..., melody...,
// each seeing the tracks before it, as the model's training windows do (POP909 windows with a
// Groove drum track paired in, tokens/vocabulary.h version 3; models/*/MODEL_CARD.md). Further
// drum tracks, which the training data never holds, are decoded each in a drum-only sequence as
// Groove's windows are.
#ifndef STORI_ENGINE_GENERATE_DECODING_PLAN_H_
#define STORI_ENGINE_GENERATE_DECODING_PLAN_H_

#include <vector>

#include "engine/section/section_request.h"
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
  // One sequence: the first active drum track if any, then bass..., harmony..., melody...
  // (inactive pitched tracks included: they are written as empty tracks).
  std::vector<PlannedTrack> shared;
  // Active drum tracks after the first, each decoded in its own drum-only sequence. Inactive
  // drum tracks are in neither list (they produce no notes).
  std::vector<PlannedTrack> extra_drums;
  // True when shared starts with a drum track.
  bool shared_has_drums() const {
    return !shared.empty() && shared.front().token_role == tokens::TokenRole::kDrums;
  }
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
