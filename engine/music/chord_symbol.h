// Chord symbols -> pitch classes. Two spellings are accepted:
// - lead-sheet symbols as in jazz and pop charts: root, quality (m, min, -, dim, o, +, aug, maj,
//   M, Delta, m7b5, o7, mMaj7, half-diminished sign), number (6, 69, 7, 9, 11, 13), alterations
//   (b5 #5 b9 #9 #11 b13, optionally in parentheses), add2/add4/add6/add9/add11/add13, sus2/sus4,
//   no3/no5, and a slash bass note: "C", "F#m7", "Bbmaj9", "C7(b9,#11)", "Csus", "C6/9", "C/E";
// - Harte et al., "Symbolic Representation of Musical Chords" (ISMIR 2005), the syntax of
//   POP909's chord_midi.txt: root ':' shorthand, degree list and bass degree: "B:maj",
//   "C:min7/b7", "G:sus4(b7)", "A:hdim7", "D:maj(9)", "C:(1,3,5)".
// The ChordQualityName strings are Harte's shorthands for the same qualities.
#ifndef STORI_ENGINE_MUSIC_CHORD_SYMBOL_H_
#define STORI_ENGINE_MUSIC_CHORD_SYMBOL_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace stori::music {

// Triad or seventh-chord class of a chord; extensions and alterations do not change it except
// where they define it (b5 with a minor 7th makes kHalfDiminished7).
enum class ChordQuality {
  kMajor,
  kMinor,
  kDiminished,
  kAugmented,
  kSus2,
  kSus4,
  kDominant7,
  kMajor7,
  kMinor7,
  kHalfDiminished7,
  kDiminished7,
  kMinorMajor7,
  kMajor6,
  kMinor6,
};

inline constexpr int kNumChordQualities = 14;

struct ChordSymbol {
  int root_pc = 0;  // 0..11, C = 0
  ChordQuality quality = ChordQuality::kMajor;
  int bass_pc = 0;  // == root_pc unless a slash bass is given
  // Sorted unique pitch classes 0..11: chord tones, extensions and the bass.
  std::vector<int> pitch_classes;
};

// Parses a chord symbol (surrounding whitespace ignored) into its root, quality, bass and pitch
// classes. How symbols read:
// - Quality: suspended chords stay kSus2/kSus4 with any 7th as an added tone ("C7sus4" and
//   Harte "C:sus4(b7)" are kSus4 with {C, F, G, Bb}); an augmented triad with a 7th stays
//   kAugmented; 9, 11 and 13 chords take the quality of their 7th chord ("C9" kDominant7, "Cm9"
//   kMinor7, "Cmaj9" kMajor7); "Cadd9" is kMajor; "C69" kMajor6; "Cmaj" and "CM" without a
//   number are major triads, but a lone Delta sign means maj7.
// - Tones: 9 = 7th + 9th; 11 = 7th + 9th + 11th; 13 = 7th + 9th + 13th, plus the 11th only on
//   minor chords (the natural 11 clashes with a major 3rd and lead sheets omit it).
// - A chord with neither 3rd nor sus (Harte "C:(1,5)", "C5no3") reads as kMajor.
// Errors: kInvalidArgument naming the text, what was found and what was expected, e.g.
//   `chord "Cmaj7x": unknown extension "x"; expected b5, #5, b9, #9, #11, b13, add9, sus2,
//   sus4 or a /bass note`; also for an empty text, a bad root ("H7"), a bad slash bass, an
//   unknown number ("C8", "C5"), unbalanced parentheses and unknown Harte shorthands or degrees.
//   The no-chord marks "N" and "N.C." are errors too: test IsNoChord first.
// Thread safety: pure function, safe to call concurrently.
absl::StatusOr<ChordSymbol> ParseChordSymbol(absl::string_view text);

// True for the no-chord marks "N" (Harte, POP909), "NC" and "N.C." (lead sheets).
// Thread safety: pure function.
bool IsNoChord(absl::string_view text);

// Harte shorthand of a quality: "maj", "min", "dim", "aug", "sus2", "sus4", "7", "maj7", "min7",
// "hdim7", "dim7", "minmaj7", "maj6", "min6". Thread safety: pure function.
const char* ChordQualityName(ChordQuality quality);

// Intervals of the quality's chord tones in semitones above the root, ascending, e.g. kMinor7 ->
// {0, 3, 7, 10}. Thread safety: pure function.
std::vector<int> ChordQualityIntervals(ChordQuality quality);

}  // namespace stori::music

#endif  // STORI_ENGINE_MUSIC_CHORD_SYMBOL_H_
