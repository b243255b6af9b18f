// Rules for the musical scalars of an RMS: tempo (20..300 BPM, Maestro's MIDI types), time
// signature (numerator 1..16, denominator a power of two 1..32), key names and chord symbols.
// Keys and chords are judged by the engine's own parsers (music::ParseKey,
// music::ParseChordSymbol), so what the server accepts is exactly what the engine can read.
#ifndef STORI_SERVER_VALIDATE_MUSIC_RULES_H_
#define STORI_SERVER_VALIDATE_MUSIC_RULES_H_

#include "absl/strings/string_view.h"
#include "server/validate/field_violations.h"
#include "stori/generation/v1/music.pb.h"

namespace stori::server::validate {
namespace v1 = ::stori::generation::v1;

// Each function adds at most one violation per problem to `out`, naming `path`, and returns
// whether the value passed. Thread safety: pure functions.

// kMinTempoBpm <= tempo_bpm <= kMaxTempoBpm (NaN fails).
bool CheckTempo(double tempo_bpm, absl::string_view path, FieldViolations& out);
// 1 <= numerator <= 16; denominator in {1, 2, 4, 8, 16, 32}. Violations name
// "<path>.numerator" / "<path>.denominator".
bool CheckTimeSignature(const v1::TimeSignature& ts, absl::string_view path, FieldViolations& out);
// Non-empty, <= kMaxKeyBytes, and music::ParseKey accepts it; the parser's message is kept.
bool CheckKey(absl::string_view key, absl::string_view path, FieldViolations& out);
// Non-empty, <= kMaxChordSymbolBytes, and music::ParseChordSymbol accepts it or it is a
// no-chord mark ("N", "NC", "N.C.", music::IsNoChord).
bool CheckChordSymbol(absl::string_view symbol, absl::string_view path, FieldViolations& out);

// Beats (quarter notes) per bar of a valid time signature: 4 * numerator / denominator.
double BeatsPerBar(const v1::TimeSignature& ts);

}  // namespace stori::server::validate

#endif  // STORI_SERVER_VALIDATE_MUSIC_RULES_H_
