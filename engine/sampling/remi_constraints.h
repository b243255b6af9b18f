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
//   - given bars (the first `given_bars`, a continuation window's context): exactly the forced
//     notes there, none of the model's own, no chord-change root owed;
//   - instrument ranges (pitch or drum-key masks) and an optional onset-step mask
//     (subdivision);
//   - a token budget, after which only closing tokens are allowed;
//   - optional bounds on the number of empty beats (EmptyBeatRate, engine/tokens/
//     track_attributes.h), so that the track's EmptyBeats control is met exactly: a Position,
//     Bar or TrackEnd that would leave more than `max_empty_beats` beats silent is refused, and
//     once only `min_empty_beats` beats can still stay silent, onsets and durations that would
//     sound in them are refused. The minimum is paced bar by bar: by the end of bar k,
//     floor(min_empty_beats * (beats before the middle of bar k) / (beats in the window) +
//     empty_beat_phase) beats must be able to stay silent, so rests the model leaves out fall
//     at the end of the bar that owes them, not all in the window's last bar. (Pacing to the
//     middle of the bar rather than its end leaves the melody's rests in the last bar of a
//     4-bar window at 29.7% of its silent beats on the POP909 validation songs, real 30.6%;
//     to the end of the bar 18.3%, to its start 39.2%; before pacing 74.1%.) The bounds yield
//     where they would leave no token (a forced span, an exhausted budget, onsets masked out of
//     a beat);
//   - optionally, for a bass, an onset on the new chord's root at every chord change (the root in
//     the octave nearest the previous note);
// and adds the chord-tone / scale bias by tension (README.md "How a section is made", step 3),
// strength from engine/targets; optional biases against repeating the
// previous onset's pitch, for (or against) leaps, for (or against) onsets off the 8th-note
// grid, for onsets where the kick plays and for onsets where the track played one phrase
// earlier.
#ifndef STORI_ENGINE_SAMPLING_REMI_CONSTRAINTS_H_
#define STORI_ENGINE_SAMPLING_REMI_CONSTRAINTS_H_

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "engine/sampling/sampler.h"
#include "engine/tokens/grid_note.h"
#include "engine/tokens/remi_window.h"
#include "engine/tokens/vocabulary.h"

namespace stori::sampling {

// A top-line note of the track one phrase earlier, moved to this window (echo_pitches).
struct EchoPitch {
  int step = 0;             // where it echoes, from the window start
  int pitch = 60;
  bool chord_tone = false;  // whether it was a tone of the chord sounding under it then
};

struct TrackConstraintsConfig {
  tokens::TokenRole role = tokens::TokenRole::kMelody;
  int bars = 4;
  int steps_per_bar = 48;
  std::vector<std::vector<tokens::BarChord>> chords;  // per bar; ignored for drums
  int enter_bar = 0;                  // bars before it stay empty
  // Bars 0..given_bars-1 are given context (bars the section already holds, which a
  // continuation window decodes again so that the model continues from them): they hold
  // exactly the forced notes that start in them, and those notes lock no span against the
  // model's onsets in the bars after (a note held over the boundary may be sounded over); every
  // token there is forced (ForcedNext), so the given bars reach the model as one span. Their
  // silent beats count toward the empty-beat bounds below, as the EmptyBeats control token
  // describes the whole window.
  int given_bars = 0;
  int min_pitch = 0, max_pitch = 127; // inclusive; drums: GM key range
  std::vector<int> allowed_drum_keys; // empty: all of 35..81
  std::vector<bool> onset_steps;      // size kStepsPerBeat; empty: every grid step
  std::vector<tokens::GridNote> forced_notes;  // steps from the window start; sorted
  int token_budget = 512;             // tokens of the body, TrackEnd included
  int max_notes_per_position = 6;
  int min_velocity_bin = 0;           // Velocity tokens allowed: [min, max] bins
  int max_velocity_bin = tokens::kNumVelocityBins - 1;
  // Bias added to the logit of pitches whose pitch class is a chord tone (sounding chord), and
  // scale_tone_bias to those that are a scale tone but not a chord tone (a passing tone, or a
  // 9th, 11th or 13th over the chord: an extension). 0 disables. In logits (nats).
  float chord_tone_bias = 0.0f;
  float scale_tone_bias = 0.0f;
  std::vector<int> scale_pitch_classes;  // empty: no scale bias
  // Empty beats of the window (tokens::BeatsInWindow(bars, steps_per_bar) beats) the body may
  // leave: [min_empty_beats, max_empty_beats], each -1 for no bound. Usually
  // tokens::EmptyBeatCountRange of the requested EmptyBeats bin. Beats before `enter_bar` not
  // covered by forced notes count as empty; max_empty_beats is raised to at least their number.
  int min_empty_beats = -1;
  int max_empty_beats = -1;
  // Phase 0..1 of the bar-by-bar pacing of min_empty_beats (see above). Drawn per track and
  // window from the request's seed, so that a rest the model leaves out is owed in any bar alike
  // (phase 0 would leave a lone rest to the last bar).
  double empty_beat_phase = 0.0;
  // An onset at every step of the window where the sounding chord changes (from bar
  // `enter_bar`, on the onset grid, outside forced spans): a Position past such a step before
  // one at it is refused, and so are Bar and TrackEnd, until the token budget runs short; the
  // first (lowest) note there has the new chord's root pitch class, where the pitch range holds
  // one. For the bass (real POP909 bass sits on the root at most chord changes).
  bool root_at_chord_changes = false;
  // Added to the logit of the first note of a Position whose pitch equals the previous onset's
  // last (highest) pitch; negative discourages immediate repeats. In nats; 0 disables.
  float repeated_pitch_bias = 0.0f;
  // Log odds ratio of a leap to a step for the first note of a Position, measured from the
  // previous onset's last (highest) pitch: half of it is added to each pitch more than 2
  // semitones away (a leap, score/leap_rate.h) and half subtracted from each 1 or 2 semitones
  // away (a step), so that fewer leaps make more steps, not more repeated notes. Positive
  // favours leaps. In nats; 0 disables.
  float leap_bias = 0.0f;
  // Added to the logit of each Position off the 8th-note grid (16ths, triplets: step % 6 != 0).
  // In nats; 0 leaves the model's own share.
  float off_eighth_bias = 0.0f;
  // Steps from the window start (sorted) whose Position gets `favored_onset_bias` added to its
  // logit: for a bass, the kick drum's onsets, so that it locks to the kick (nats; 0 disables).
  std::vector<int> favored_onset_steps;
  float favored_onset_bias = 0.0f;
  // Steps from the window start (sorted) where the track had an onset one phrase (4 bars)
  // earlier: each Position there gets `echo_onset_bias` added to its logit as a group bias
  // over the Positions (TokenMask::group: it moves probability among them, so the echo chooses
  // where the next onset falls, not whether one comes before another note of the current
  // Position or the bar's end), so that bars 5-8 restate the rhythm of bars 1-4 as real
  // phrases do (nats; 0 disables). Added after favored_onset_bias where both apply. (Grouping
  // the Positions on the 8th grid apart from those off it, so that the echo could not move the
  // share of off-grid onsets, left it too weak: validation songs, harmony phrase answer 0.357
  // against 0.433 with one group.)
  std::vector<int> echo_onset_steps;
  float echo_onset_bias = 0.0f;
  // The track's notes one phrase earlier, sorted by step: a note of a Position at such a step
  // gets `echo_pitch_bias` added to the logit of each pitch listed at that step that stands to
  // the chord sounding now as it stood to its chord then (a chord tone both times, or a
  // non-chord tone both times), so that a restated rhythm may restate its pitches too without
  // changing the share of chord tones that tension asks for (nats; 0 disables). A line (melody,
  // bass) lists its top-line note, one per step; harmony every note of the voicing, so that a
  // restated chord keeps its voicing. Drums: every note (chord_tone unused), each of those GM
  // keys biased at its step, so that a restated groove keeps its instruments as well as its
  // onsets.
  std::vector<EchoPitch> echo_pitches;
  float echo_pitch_bias = 0.0f;
  // Added to the logit of each Position at which this track started a note one bar earlier in
  // this window (given bars included), as a group bias over the Positions like
  // echo_onset_bias: real accompaniment keeps a figure from bar to bar, so bar k+1 favours the
  // onsets of bar k, where echo_onset_steps favours those of a phrase earlier. Summed with
  // echo_onset_bias where both apply. In nats; 0 disables.
  float bar_echo_bias = 0.0f;
  // Added to the logit of every pitch whose pitch class is in `mode_colour_pitch_classes` (the
  // key's minor degrees, b3 b6 b7 above its tonic): positive darkens, negative brightens (nats).
  std::vector<int> mode_colour_pitch_classes;
  float mode_colour_bias = 0.0f;
  // Drums: added to the logit of each of these GM percussion keys (e.g. the kick drum's 35 and
  // 36), so that a part's density of one instrument can be calibrated apart from the rest. In
  // nats; 0 disables.
  std::vector<int> biased_drum_keys;
  float drum_key_bias = 0.0f;
};

// Sets config->min_empty_beats / max_empty_beats to the counts of EmptyBeats bin
// `empty_beats_bin` (tokens::EmptyBeatCountRange over config->bars x steps_per_bar); leaves both
// -1 when no count reaches the bin (a window too short for it). Pure function of its inputs.
void BoundEmptyBeats(int empty_beats_bin, TrackConstraintsConfig* config);

// Tracks one row of decoding. Thread-compatible.
class TrackConstraints {
 public:
  TrackConstraints(const tokens::Vocabulary& vocab, TrackConstraintsConfig config);

  // Fills `mask` (resized to the vocabulary) with the tokens allowed next, and biases.
  void NextMask(TokenMask* mask) const;
  // The one token that must come next (a forced span, every token of a given bar), or -1 when
  // the model chooses.
  tokens::TokenId ForcedNext() const;
  // Advances the state. Errors: kInvalidArgument if `id` is not allowed by NextMask.
  absl::Status Accept(tokens::TokenId id);
  bool done() const { return done_; }
  // Beats of the window left silent so far, counting only beats the decoding has moved past.
  int final_empty_beats() const { return final_empty_; }
  // Tokens accepted so far (the body, from the first Bar; TrackEnd included once done).
  const std::vector<tokens::TokenId>& tokens() const { return accepted_; }

 private:
  enum class State { kBarHeader, kAfterPosition, kAfterNote, kAfterVelocity, kAfterDuration };
  void StartBar();
  bool PositionAllowed(int position) const;
  int NextForcedPosition() const;  // in the current bar, or -1
  bool InLockedSpan(int step) const;
  int ClosingTokensNeeded() const;
  // Bar or TrackEnd, unless a forced onset or (budget allowing) a chord change of this bar is
  // still owed.
  void AllowBarEnd(TokenMask* mask, bool out_of_budget) const;
  void GrammarMask(TokenMask* mask) const;
  // Removes tokens that break the empty-beat bounds, unless that would leave none.
  void ApplyEmptyBeatBounds(TokenMask* mask) const;
  bool EmptyBeatsAllow(tokens::TokenId id) const;
  int SilentBeats(int from_beat, int to_beat) const;  // not occupied in [from, to)
  // tokens::SoundingBeats within this window.
  tokens::BeatSpan SoundingBeats(int start_step, int duration_steps) const;
  void Occupy(int start_step, int duration_steps);
  int CurrentStep() const;  // step of the current Position from the window start
  // The echo_pitches entries at the current Position's step: [first, last), empty when none.
  std::pair<std::vector<EchoPitch>::const_iterator, std::vector<EchoPitch>::const_iterator>
  EchoPitchesHere() const;
  // Step of the next chord change still owed an onset, or -1.
  int PendingChangeStep() const;
  void MoveCursorTo(int beat);

  const tokens::Vocabulary& vocab_;
  TrackConstraintsConfig config_;
  std::vector<tokens::TokenId> accepted_;
  std::vector<tokens::TokenId> pending_;  // forced span still to emit
  State state_ = State::kBarHeader;
  int bar_ = -1;
  int last_position_ = -1;
  int last_pitch_ = -1;
  int last_note_pitch_ = -1;       // pitch of the last note accepted, any position
  int previous_onset_pitch_ = -1;  // last_note_pitch_ when the current Position began
  // (step, root pitch class) of each chord change owed an onset, in order; next_change_ is the
  // first not yet reached, change_root_ the root owed by the current Position (-1: none).
  std::vector<std::pair<int, int>> changes_;
  std::size_t next_change_ = 0;
  int change_root_ = -1;
  int inline_chord_ = -1;  // chord value last written after a Position in this bar
  int notes_at_position_ = 0;
  std::size_t next_forced_ = 0;  // index into config_.forced_notes
  bool done_ = false;
  bool position_forced_ = false;  // the current position holds forced notes
  std::vector<std::pair<int, int>> locked_;  // [start, end) steps of forced spans
  std::vector<int> onset_steps_;  // steps of the Positions accepted so far, ascending
  // Empty-beat accounting: beats before cursor_beat_ are final (no later note can sound in
  // them); final_empty_ of them are silent.
  std::vector<bool> occupied_;  // per beat of the window
  // The paced minimum (see the file comment): (end beat of bar k, silent beats owed by then) for
  // bars 1..n-1 whose share is at least one; fixed at construction.
  std::vector<std::pair<int, int>> paced_min_;
  int cursor_beat_ = 0;
  int final_empty_ = 0;
};

}  // namespace stori::sampling

#endif  // STORI_ENGINE_SAMPLING_REMI_CONSTRAINTS_H_
