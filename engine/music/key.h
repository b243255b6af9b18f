// Musical keys: tonic and mode (major or natural minor), their scales, names and SMF key
// signatures (meta 0x59: sharps_flats -7..7 and a minor flag, "Standard MIDI Files 1.0").
#ifndef STORI_ENGINE_MUSIC_KEY_H_
#define STORI_ENGINE_MUSIC_KEY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/music/song.h"

namespace stori::music {

struct Key {
  int tonic_pc = 0;  // 0..11, C = 0
  bool minor = false;
  friend bool operator==(const Key& a, const Key& b) {
    return a.tonic_pc == b.tonic_pc && a.minor == b.minor;
  }
  friend bool operator!=(const Key& a, const Key& b) { return !(a == b); }
};

// Parses a key name (surrounding whitespace ignored): a tonic A-G with optional # or b, then an
// optional mode, directly or after one ':' or ' ': "m", "min", "minor" (minor) or "M", "maj",
// "major" (major); words are case-insensitive, "m" and "M" are not. No mode means major.
// Accepts "C", "Am", "F#m", "Bb", "Ebm", "C major", "A minor", "Cmaj", "Amin", "Gb:maj", "A:min"
// (the last two as in POP909's key_audio.txt).
// Errors: kInvalidArgument naming the text, e.g. `key "H": tonic "H"; expected A-G with
//   optional # or b` or `key "Cdorian": mode "dorian"; expected major, minor, maj, min, M or m`.
// Thread safety: pure function.
absl::StatusOr<Key> ParseKey(absl::string_view text);

// The 7 pitch classes of the key's scale in degree order from the tonic (index 0 is degree 1):
// major (Ionian) or natural minor (Aeolian). E.g. A minor -> {9, 11, 0, 2, 4, 5, 7}.
// Thread safety: pure function.
std::vector<int> ScalePitchClasses(const Key& key);

// Short name: tonic then "m" for minor ("F#m", "Bb", "Ebm"). The tonic is spelt as in the key's
// signature (KeySignatureFor), so flat keys use flats: "Bb", "Ebm", "Db"; "F#m", "B", "G#m".
// Thread safety: pure function.
std::string KeyName(const Key& key);

// Key signature of a key: sharps (> 0) or flats (< 0), choosing the spelling with fewer
// accidentals; of the two six-accidental spellings, the flat one (Gb major -6, Eb minor -6).
// Thread safety: pure function.
KeySignature KeySignatureFor(const Key& key, std::int64_t tick = 0);

// Key of an SMF key signature (its tick is ignored).
// Errors: kInvalidArgument if sharps_flats is outside -7..7.
// Thread safety: pure function.
absl::StatusOr<Key> KeyFromSignature(const KeySignature& signature);

}  // namespace stori::music

#endif  // STORI_ENGINE_MUSIC_KEY_H_
