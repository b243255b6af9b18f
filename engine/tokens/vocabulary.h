// The REMI-family vocabulary shared by dataset preparation, the engine and (through vocab.json)
// the Python trainer. REMI: Huang & Yang, "Pop Music Transformer", ACM MM 2020 (Bar, Position,
// Pitch, Duration, Velocity, Chord, Tempo), extended with per-track control tokens in the style
// of MMM (Ens & Pasquier 2020, track-level attribute controls) and FIGARO (von Rütte et al. 2023).
//
// A token is a kind plus a value; ids are assigned in the fixed order of `TokenKind` below, so
// the vocabulary is a pure function of this file. Names: "Kind" or "Kind_value", e.g. "Bar",
// "Position_12", "Pitch_60", "Chord_9_min", "Track_melody", "Density_3".
//
// Sequence grammar (one window of `bars` bars; see remi_encoder.h):
//   Bos Genre Section Key Meter Tempo
//   { Track_<role> <attribute tokens of the role>
//     { Bar [ChordBeat Chord]*
//       { Position [Chord] { Pitch Velocity Duration | Drum Velocity }+ }* } x bars
//     TrackEnd } for each track, in generation order: drums, bass, harmony, melody
//   Eos
// The bar header lists the bar's chord changes (beat, chord); in pitched tracks a Chord token
// also follows a Position whenever the chord sounding there differs from the last one written
// in this bar (so the first onset of each bar carries it), as in REMI's inline chord events:
// the model reads the current chord one token before the pitches (version 2; version 1 had no
// inline Chord). Each track's attribute tokens end with EmptyBeats (version 3), the bin of the
// share of beats in which the track is silent.
// Training windows from POP909 carry a drum track drawn from Groove before the bass (dataset/
// drum_pairing.h), so bass, harmony and melody are conditioned on the drums (version 3).
#ifndef STORI_ENGINE_TOKENS_VOCABULARY_H_
#define STORI_ENGINE_TOKENS_VOCABULARY_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace stori::tokens {

using TokenId = std::int32_t;

// Token kinds, in id order. Values per kind are listed in vocabulary.cc.
enum class TokenKind {
  kPad,
  kBos,
  kEos,
  kTrackEnd,
  kTrack,          // value: role index (drums, bass, harmony, melody)
  kGenre,          // value: index into kGenreNames
  kSection,        // value: index into kSectionNames
  kKey,            // value: tonic_pc * 2 + minor; 24 = no key (drums)
  kMeter,          // value: index into kMeters
  kTempo,          // value: tempo bin (kTempoBinEdgesBpm)
  kDensity,        // attribute bins, see track_attributes.h
  kRegister,
  kVelocityLevel,
  kSyncopation,
  kPolyphony,
  kNoteLength,
  kEmptyBeats,     // value: bin of the track's empty-beat rate (version 3)
  kBar,
  kChordBeat,      // value: beat of the chord change inside the bar, 0..kMaxBeatsPerBar-1
  kChord,          // value: root_pc * kNumChordQualities + quality; last value = no chord ("N")
  kPosition,       // value: onset step inside the bar, 0..kMaxStepsPerBar-1 (12 steps per beat)
  kPitch,          // value: MIDI pitch 0..127
  kDrum,           // value: GM percussion key kFirstDrumKey..kLastDrumKey
  kVelocity,       // value: velocity bin 0..kNumVelocityBins-1
  kDuration,       // value: index into kDurationSteps
  kNumKinds,
};

// Grid: 12 steps per beat (quarter note) holds 16ths (3 steps) and eighth triplets (4 steps).
inline constexpr int kStepsPerBeat = 12;
inline constexpr int kMaxBeatsPerBar = 8;
inline constexpr int kMaxStepsPerBar = kStepsPerBeat * kMaxBeatsPerBar;
inline constexpr int kFirstDrumKey = 35;  // GM percussion: Acoustic Bass Drum
inline constexpr int kLastDrumKey = 81;   // GM percussion: Open Triangle
inline constexpr int kNumVelocityBins = 8;
inline constexpr int kNumChordQualities = 14;  // music::ChordQuality values
inline constexpr int kNoKeyValue = 24;

// Durations in grid steps (1/12 beat), 1 step .. 8 beats; notes are quantized to the nearest.
inline constexpr std::array<int, 19> kDurationSteps = {1,  2,  3,  4,  6,  8,  9,  12, 15, 18,
                                                       24, 30, 36, 42, 48, 60, 72, 84, 96};

// Tempo bins: bin i holds [edge[i-1], edge[i]) BPM; 12 bins over the 20..300 BPM range.
inline constexpr std::array<double, 11> kTempoBinEdgesBpm = {60,  70,  80,  90,  100, 110,
                                                             120, 130, 140, 160, 180};

// Genres: Groove MIDI Dataset styles (info.csv) plus common pop-music labels; "other" last.
inline constexpr std::array<const char*, 26> kGenreNames = {
    "pop",      "rock",      "funk",       "jazz",      "latin",  "hiphop",   "soul",
    "blues",    "country",   "reggae",     "punk",      "dance",  "gospel",   "afrobeat",
    "afrocuban", "neworleans", "highlife", "middleeastern", "rnb", "electronic", "folk",
    "ambient",  "cinematic", "metal",      "indie",     "other"};

// Section types, named as in rms.proto's SectionType; "none" when unknown (all training data:
// POP909 and Groove carry no section labels).
inline constexpr std::array<const char*, 12> kSectionNames = {
    "none",  "intro",     "verse",   "pre_chorus", "chorus", "bridge",
    "breakdown", "buildup", "drop", "outro",      "solo",   "interlude"};

struct Meter {
  int numerator;
  int denominator;
};
inline constexpr std::array<Meter, 9> kMeters = {
    Meter{4, 4}, Meter{3, 4}, Meter{2, 4}, Meter{5, 4}, Meter{6, 8},
    Meter{7, 8}, Meter{9, 8}, Meter{12, 8}, Meter{0, 0}};  // {0, 0} = other

// Track roles in token order; generation order is the same.
inline constexpr std::array<const char*, 4> kTrackTokenRoles = {"drums", "bass", "harmony",
                                                                "melody"};

// The vocabulary: id <-> (kind, value) <-> name. Immutable after construction; thread-safe.
class Vocabulary {
 public:
  // Builds the one vocabulary this build knows (format "stori-remi", version kVersion).
  Vocabulary();
  static constexpr int kVersion = 3;  // 2: inline Chord after Position; 3: EmptyBeats

  int size() const { return static_cast<int>(names_.size()); }
  // Number of values of `kind` (e.g. 128 for kPitch).
  int NumValues(TokenKind kind) const { return counts_[static_cast<int>(kind)]; }
  // Id of (kind, value). Precondition: 0 <= value < NumValues(kind) (asserted).
  TokenId Id(TokenKind kind, int value = 0) const;
  TokenKind KindOf(TokenId id) const { return kinds_[id]; }
  int ValueOf(TokenId id) const { return id - offsets_[static_cast<int>(kinds_[id])]; }
  bool Is(TokenId id, TokenKind kind) const { return id >= 0 && id < size() && kinds_[id] == kind; }
  const std::string& Name(TokenId id) const { return names_[id]; }
  // Id of a token name; kNotFound for an unknown name.
  absl::StatusOr<TokenId> IdOf(absl::string_view name) const;
  // vocab.json: {"format": "stori-remi", "version": 1, "tokens": [names in id order], ...}.
  std::string ToJson() const;

 private:
  void Add(TokenKind kind, const std::vector<std::string>& value_names);

  std::vector<std::string> names_;
  std::vector<TokenKind> kinds_;
  std::array<int, static_cast<int>(TokenKind::kNumKinds)> offsets_{};
  std::array<int, static_cast<int>(TokenKind::kNumKinds)> counts_{};
  absl::flat_hash_map<std::string, TokenId> by_name_;
};

// Index of a genre label in kGenreNames: case-insensitive, with aliases ("hip-hop", "r&b",
// "edm", "indie folk" -> first word found); "other" for labels it does not know.
int GenreIndex(absl::string_view label);
// Index of a section type in kSectionNames ("pre-chorus" == "pre_chorus"); 0 ("none") if unknown.
int SectionIndex(absl::string_view section_type);
// Index of (numerator, denominator) in kMeters; the "other" entry if absent.
int MeterIndex(int numerator, int denominator);
// Tempo bin of a tempo in BPM (0..kTempoBinEdgesBpm.size()).
int TempoBin(double bpm);

}  // namespace stori::tokens

#endif  // STORI_ENGINE_TOKENS_VOCABULARY_H_
