// Pitch classes and note names: C = 0 ... B = 11, letters A-G with # or b (also the Unicode
// signs U+266F and U+266D), as in lead sheets and the Harte et al. (ISMIR 2005) chord syntax.
#ifndef STORI_ENGINE_MUSIC_PITCH_CLASS_H_
#define STORI_ENGINE_MUSIC_PITCH_CLASS_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace stori::music {

// Returns `value` mod 12 in 0..11, also for negative values.
constexpr int PitchClass(int value) { return ((value % 12) + 12) % 12; }

// Parses a note name at the start of `text`: an upper-case letter A-G and at most one accidental
// (#, b, U+266F, U+266D), so "Cb" is 11 and "E#" is 5. Returns the pitch class 0..11 and sets
// `*consumed` to the bytes read, or returns -1 (and sets 0) when `text` does not start with one.
// Thread safety: pure function.
int ParseNoteName(absl::string_view text, std::size_t* consumed);

// Name of a pitch class 0..11: sharps ("C#", "F#") or flats ("Db", "Gb") as asked. Values outside
// 0..11 are taken mod 12. Thread safety: pure function.
std::string PitchClassName(int pitch_class, bool prefer_flats);

}  // namespace stori::music

#endif  // STORI_ENGINE_MUSIC_PITCH_CLASS_H_
