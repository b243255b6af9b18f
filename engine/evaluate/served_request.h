// The request a caller sends for one real held-out window, as the service receives it (issue 15
// point 1, the as-served evaluation): the window's own chords, key, tempo and meter, four tracks
// (drums, bass, piano, melody), genre "pop", an EmotionVector chosen by the evaluation and no
// real control values (no per-track attributes, no constraints, no motifs). The SectionRequest
// is built as server/convert/from_proto.cc builds one from such an RMS: tracks with roles,
// programs music::DefaultProgramForRole, channels music::AssignChannels, one default
// TrackBehavior per track, the section's values equal to the song's, section type unspecified.
#ifndef STORI_ENGINE_EVALUATE_SERVED_REQUEST_H_
#define STORI_ENGINE_EVALUATE_SERVED_REQUEST_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "engine/section/section_request.h"
#include "engine/tokens/remi_window.h"

namespace stori::evaluate {

// A named EmotionVector of the evaluation.
struct NamedEmotion {
  std::string name;
  EmotionVector emotion;
};

// The axes' midpoints: energy 0.5, valence 0, tension 0.5, intimacy 0.5, motion 0.5.
NamedEmotion NeutralEmotion();

// What the server fills in for an absent EmotionVector (server/read/request_defaults.cc
// StoriDefaultEmotion): energy 0.5, valence 0.0, tension 0.3, intimacy 0.5, motion 0.5.
NamedEmotion StoriDefaultEmotion();

// The chord symbol of a kChord token value in Harte's syntax, as POP909's chord_midi.txt writes
// it: root with sharps, ':' and music::ChordQualityName ("C#:min7", "A:hdim7"); "N" for the
// "none" value and for values out of range. music::ParseChordSymbol of the result gives back
// the value (tokens::ChordTokenValue); the slash bass and extensions the token drops stay
// dropped. Thread safety: pure function.
std::string ChordSymbolOfTokenValue(int chord_value);

// A tempo in BPM inside tempo bin `bin` (tokens::kTempoBinEdgesBpm): the middle of the bin,
// with 20 and 300 BPM (the service's bounds, server/validate/limits.h) closing the first and last bin. RemiWindow keeps
// only the bin; the engine reads a section's tempo only through tokens::TempoBin (the Tempo
// token) and the SMF tempo, so the model sees the song's own Tempo token.
// Thread safety: pure function.
double TempoOfBin(int bin);

// The request for `real` (a POP909 window: chords per bar, a key, a 3/4 or 4/4 meter):
//   tempo TempoOfBin(real.tempo_bin); key music::KeyName of real.key; meter kMeters[real.meter];
//   genre "pop"; tracks "drums" (kDrums), "bass" (kBass), "piano" (kHarmony), "melody"
//   (kMelody), each named as its id; one chord event per BarChord (bar, beat,
//   ChordSymbolOfTokenValue); section id `section_id`, real.bars bars, `emotion`, entry and exit
//   state empty; section_index 0 of 1; `seed`; `preset` and its NumCandidates.
// Errors: kInvalidArgument when `real` has no key, a meter outside 1..8 whole beats, or a
//   "none" chord (the engine's chord parser refuses "N": engine/generate/token_controls.cc
//   BarChords, while the server's validator accepts it); AssignChannels' errors.
// Thread safety: pure function.
absl::StatusOr<SectionRequest> ServedSectionRequest(
    const tokens::RemiWindow& real, const std::string& section_id,
    const EmotionVector& emotion, QualityPreset preset, std::uint64_t seed);

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_SERVED_REQUEST_H_
