// RemiWindow -> token ids, following the grammar in vocabulary.h.
#ifndef STORI_ENGINE_TOKENS_REMI_ENCODER_H_
#define STORI_ENGINE_TOKENS_REMI_ENCODER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "engine/tokens/grid_note.h"
#include "engine/tokens/remi_window.h"
#include "engine/tokens/vocabulary.h"

namespace stori::tokens {

// Encodes a whole window: header, each track (role, attributes, bars), Eos.
// Errors: kInvalidArgument naming the track and note when a note is off the grid (start not on
//   an onset step, outside the window, duration not in kDurationSteps, velocity not a bin
//   centre, pitch outside 0..127 or a drum key outside 35..81) or a chord beat is out of the bar.
// Thread safety: pure function.
absl::StatusOr<std::vector<TokenId>> EncodeWindow(const Vocabulary& vocab,
                                                  const RemiWindow& window);

// Appends the header tokens (Bos Genre Section Key Meter Tempo).
void AppendHeader(const Vocabulary& vocab, const RemiWindow& window, std::vector<TokenId>* out);

// Appends Track_<role> and the role's attribute tokens: drums get Density VelocityLevel
// Syncopation Polyphony; pitched roles also Register (after Density) and NoteLength; EmptyBeats
// ends every role's list.
void AppendTrackStart(const Vocabulary& vocab, TokenRole role, const AttributeBins& bins,
                      std::vector<TokenId>* out);

// Appends the bar header of one bar: Bar, then ChordBeat Chord for each change (pitched roles).
void AppendBarHeader(const Vocabulary& vocab, const std::vector<BarChord>& chords,
                     std::vector<TokenId>* out);

// Appends one track's body after its AppendTrackStart: per bar its AppendBarHeader (chords for
// pitched roles: `chords` per bar, or empty), then Position [Chord] and each note's Pitch/Drum
// Velocity [Duration], notes sorted. The caller guarantees what EncodeWindow checks (onset grid,
// token durations, pitch ranges, notes inside `bars` bars of `steps_per_bar`); velocities are
// written as their bin. Does not append TrackEnd. Thread safety: pure function.
void AppendTrackBody(const Vocabulary& vocab, TokenRole role, std::vector<GridNote> notes,
                     const std::vector<std::vector<BarChord>>& chords, int bars,
                     int steps_per_bar, std::vector<TokenId>* out);

// The kChord value sounding at `position` (steps from the bar start, 12 per beat): the last of
// the bar's `chords` (in beat order) whose beat * kStepsPerBeat <= position, or -1 when none has
// started yet. The inline Chord after a Position carries this value. Thread safety: pure.
int ChordAtPosition(const std::vector<BarChord>& chords, int position);

// The one rule for the inline Chord after a Position in a pitched track's bar: returns the chord
// sounding at `position` (ChordAtPosition) when it differs from `*last_written`, and records it
// there; returns -1 when no Chord is written. `*last_written` starts at -1 at each Bar. Used by
// the encoder, the decoder (to check) and the decoding constraints (to force), so the three
// cannot drift apart. Thread safety: touches only *last_written.
int InlineChordAt(const std::vector<BarChord>& chords, int position, int* last_written);

}  // namespace stori::tokens

#endif  // STORI_ENGINE_TOKENS_REMI_ENCODER_H_
