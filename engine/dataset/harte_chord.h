// POP909 chord labels (chord_midi.txt) in Harte et al.'s syntax ("Symbolic representation of
// musical chords", ISMIR 2005): "root:quality(extensions)/bass", e.g. "B:maj", "E:min7",
// "A:sus4(b7)", "C:maj/3", "N" for no chord. Mapped to the vocabulary's kChord values.
#ifndef STORI_ENGINE_DATASET_HARTE_CHORD_H_
#define STORI_ENGINE_DATASET_HARTE_CHORD_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace stori::dataset {

// Returns a kChord token value (tokens::ChordTokenValue of music::ParseChordSymbol, which reads
// Harte syntax: the chord's quality, extensions and the bass dropped, e.g. 9 -> 7, maj9 -> maj7,
// min9 -> min7, sus4(b7) -> sus4), or the "none" value for "N"/"X"/"".
// Errors: ParseChordSymbol's kInvalidArgument naming the label, e.g. for an unknown root or
//   shorthand.
// Thread safety: pure function.
absl::StatusOr<int> HarteChordTokenValue(absl::string_view label);

}  // namespace stori::dataset

#endif  // STORI_ENGINE_DATASET_HARTE_CHORD_H_
