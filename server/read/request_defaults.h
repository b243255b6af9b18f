// The documented defaults and name resolution the server applies to a request before it
// validates it (README.md, "What the service accepts"): lenient where the caller is, so that
// what the Stori backend writes is served; validation afterwards stays strict about values out
// of range, references that do not exist, chords outside the section and unparseable chords and
// keys.
//
// - EmotionVector absent (a flat request, an RMS section): Stori's default, kStoriDefaultEmotion,
//   with a warning.
// - Key empty: "C" when the valence is >= 0, else "Am" (a flat request: its vector's valence;
//   an RMS: the mean over its sections), with a warning; the result's `key` is the one used.
// - Track role UNSPECIFIED: from the track_id, then the name (music::TrackRoleFromAlias), then
//   the instrument's usual role (a kit -> DRUMS, a GM bass -> BASS); else OTHER with a warning.
// - Track instrument name: resolved by music::ResolveInstrumentName into `program` (a kit name
//   on a drum track gives the GS kit program); a name that does not resolve, a kit on a track
//   that is not drums, or a melodic instrument on drums: the role's default program, with a
//   warning naming the field.
// - MotifUsage RHYTHMIC_EXPAND without `factor`: 2.0; RHYTHMIC_COMPRESS without: 0.5.
// - Flat instruments that name neither a role nor an instrument: a warning (the track plays as
//   OTHER; server/convert/flat_instruments.h).
#ifndef STORI_SERVER_READ_REQUEST_DEFAULTS_H_
#define STORI_SERVER_READ_REQUEST_DEFAULTS_H_

#include <string>

#include "server/read/request_warning.h"
#include "stori/generation/v1/generation.pb.h"
#include "stori/generation/v1/rms.pb.h"

namespace stori::server::read {

namespace v1 = ::stori::generation::v1;

// Stori's EmotionVector defaults (its public backend): energy 0.5, valence 0.0, tension 0.3,
// intimacy 0.5, motion 0.5.
v1::EmotionVector StoriDefaultEmotion();

// RHYTHMIC_EXPAND / RHYTHMIC_COMPRESS factor when a usage gives none (rms.proto).
inline constexpr float kDefaultExpandFactor = 2.0f;
inline constexpr float kDefaultCompressFactor = 0.5f;

// Applies the rules above to `rms` in place; `path` is its proto path ("rms"). Appends one
// warning per default taken or name mapped to something other than what it says.
// Thread safety: thread-compatible.
void ApplyDefaults(v1::RichMusicalSpecification* rms, const std::string& path,
                   RequestWarnings* warnings);

// The flat request's rules (emotion, key, instrument names) in place; `path` is its proto path.
// Thread safety: thread-compatible.
void ApplyDefaults(v1::FlatSectionSpec* flat, const std::string& path, RequestWarnings* warnings);

}  // namespace stori::server::read

#endif  // STORI_SERVER_READ_REQUEST_DEFAULTS_H_
