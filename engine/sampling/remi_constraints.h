// Constrained decoding for one track body of the REMI grammar (engine/tokens/vocabulary.h):
// which token ids may come next, given what was already decoded. It enforces
//   - the token grammar: Bar [ChordBeat Chord]* {Position {Pitch Velocity Duration | Drum
//     Velocity}+}* ... TrackEnd, positions strictly increasing inside a bar and on the onset
//     grid, pitches ascending inside one position;
//   - the section's bar count: Bar is refused on the last bar, TrackEnd before it;
//   - forced spans: each bar header (Bar + the section's chords), the inline Chord after a
//     Position where the sounding chord changes, and the notes of forced
//     (motif) onsets, which also lock their span against the model's own onsets;
//   - silent bars before `enter_bar`;
//   - instrument ranges (pitch or drum-key masks) and an optional onset-step mask
//     (subdivision);
//   - a token budget, after which only closing tokens are allowed;
// and adds the chord-tone / scale bias by tension: DESIGN.md §3 ("optional scale/chord-tone
// biasing by tension"), strength from engine/targets.
#ifndef STORI_ENGINE_SAMPLING_REMI_CONSTRAINTS_H_
#define STORI_ENGINE_SAMPLING_REMI_CONSTRAINTS_H_

#include <vector>

#include "absl/status/status.h"
#include "engine/sampling/sampler.h"
#include "engine/tokens/grid_note.h"
#include "engine/tokens/remi_window.h"
#include "engine/tokens/vocabulary.h"

namespace stori::sampling {

struct TrackConstraintsConfig {
  tokens::TokenRole role = tokens::TokenRole::kMelody;
  int bars = 4;
  int steps_per_bar = 48;
  std::vector<std::vector<tokens::BarChord>> chords;  // per bar; ignored for drums
  int enter_bar = 0;                  // bars before it stay empty
  int min_pitch = 0, max_pitch = 127; // inclusive; drums: GM key range
  std::vector<int> allowed_drum_keys; // empty: all of 35..81
  std::vector<bool> onset_steps;      // size kStepsPerBeat; empty: every grid step
  std::vector<tokens::GridNote> forced_notes;  // steps from the window start; sorted
  int token_budget = 512;             // tokens of the body, TrackEnd included
  int max_notes_per_position = 6;
  int min_velocity_bin = 0;           // Velocity tokens allowed: [min, max] bins
  int max_velocity_bin = tokens::kNumVelocityBins - 1;
  // Bias added to the logit of pitches whose pitch class is a chord tone (sounding chord) and,
  // at half strength, a scale tone. 0 disables. In logits (nats).
  float chord_tone_bias = 0.0f;
  std::vector<int> scale_pitch_classes;  // empty: no scale bias
};

// Tracks one row of decoding. Thread-compatible.
class TrackConstraints {
 public:
  TrackConstraints(const tokens::Vocabulary& vocab, TrackConstraintsConfig config);

  // Fills `mask` (resized to the vocabulary) with the tokens allowed next, and biases.
  void NextMask(TokenMask* mask) const;
  // The one token that must come next (a forced span), or -1 when the model chooses.
  tokens::TokenId ForcedNext() const;
  // Advances the state. Errors: kInvalidArgument if `id` is not allowed by NextMask.
  absl::Status Accept(tokens::TokenId id);
  bool done() const { return done_; }
  // Tokens accepted so far (the body, from the first Bar; TrackEnd included once done).
  const std::vector<tokens::TokenId>& tokens() const { return accepted_; }

 private:
  enum class State { kBarHeader, kAfterPosition, kAfterNote, kAfterVelocity, kAfterDuration };
  void StartBar();
  bool PositionAllowed(int position) const;
  int NextForcedPosition() const;  // in the current bar, or -1
  bool InLockedSpan(int step) const;
  int ClosingTokensNeeded() const;
  void AllowBarEnd(TokenMask* mask) const;

  const tokens::Vocabulary& vocab_;
  TrackConstraintsConfig config_;
  std::vector<tokens::TokenId> accepted_;
  std::vector<tokens::TokenId> pending_;  // forced span still to emit
  State state_ = State::kBarHeader;
  int bar_ = -1;
  int last_position_ = -1;
  int last_pitch_ = -1;
  int inline_chord_ = -1;  // chord value last written after a Position in this bar
  int notes_at_position_ = 0;
  std::size_t next_forced_ = 0;  // index into config_.forced_notes
  bool done_ = false;
  bool position_forced_ = false;  // the current position holds forced notes
  std::vector<std::pair<int, int>> locked_;  // [start, end) steps of forced spans
};

}  // namespace stori::sampling

#endif  // STORI_ENGINE_SAMPLING_REMI_CONSTRAINTS_H_
