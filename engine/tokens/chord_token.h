// kChord token values <-> chords: value = root_pc * kNumChordQualities + quality, with quality
// in music::ChordQuality order, and one extra "none" value for no chord (POP909's "N").
#ifndef STORI_ENGINE_TOKENS_CHORD_TOKEN_H_
#define STORI_ENGINE_TOKENS_CHORD_TOKEN_H_

#include <vector>

#include "engine/music/chord_symbol.h"

namespace stori::tokens {

// The "none" value (no chord sounding).
int NoChordTokenValue();

// Token value of a parsed chord; the slash bass and extensions are not represented.
int ChordTokenValue(const music::ChordSymbol& chord);

// Root pitch class 0..11 of a token value's chord; -1 for "none" or an out-of-range value.
// Thread safety: pure function.
int ChordTokenRoot(int chord_value);

// Sorted pitch classes of a token value's chord tones (music::ChordQualityIntervals from the
// root); empty for "none" or an out-of-range value. Thread safety: pure function.
std::vector<int> ChordTokenPitchClasses(int chord_value);

}  // namespace stori::tokens

#endif  // STORI_ENGINE_TOKENS_CHORD_TOKEN_H_
