// Maestro's flat `instruments` field (DESIGN.md §1: role names such as drums, bass, piano,
// guitar, melody) and what each becomes when the server expands a FlatSectionSpec into a
// one-section RMS: a TrackRole and a GM program (0-based).
#ifndef STORI_SERVER_CONVERT_FLAT_INSTRUMENTS_H_
#define STORI_SERVER_CONVERT_FLAT_INSTRUMENTS_H_

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "stori/generation/v1/music.pb.h"

namespace stori::server::convert {

struct FlatInstrument {
  absl::string_view name;  // as Maestro sends it, lower case
  ::stori::generation::v1::TrackRole role;
  int program;  // GM 0..127; ignored for drums
};

// drums -> DRUMS (kit); bass -> BASS, 33 Electric Bass (finger); piano, keys -> HARMONY, 0
// Acoustic Grand Piano; chords, harmony -> HARMONY, 0; guitar -> HARMONY, 25 Acoustic Guitar
// (steel); melody -> MELODY, 73 Flute (music::DefaultProgramForRole's melody); lead -> MELODY,
// 80 Lead 1 (square); pad -> PAD, 89 Pad 2 (warm); strings -> PAD, 48 String Ensemble 1.
inline constexpr FlatInstrument kFlatInstruments[] = {
    {"drums", ::stori::generation::v1::TRACK_ROLE_DRUMS, 0},
    {"bass", ::stori::generation::v1::TRACK_ROLE_BASS, 33},
    {"piano", ::stori::generation::v1::TRACK_ROLE_HARMONY, 0},
    {"keys", ::stori::generation::v1::TRACK_ROLE_HARMONY, 0},
    {"chords", ::stori::generation::v1::TRACK_ROLE_HARMONY, 0},
    {"harmony", ::stori::generation::v1::TRACK_ROLE_HARMONY, 0},
    {"guitar", ::stori::generation::v1::TRACK_ROLE_HARMONY, 25},
    {"melody", ::stori::generation::v1::TRACK_ROLE_MELODY, 73},
    {"lead", ::stori::generation::v1::TRACK_ROLE_MELODY, 80},
    {"pad", ::stori::generation::v1::TRACK_ROLE_PAD, 89},
    {"strings", ::stori::generation::v1::TRACK_ROLE_PAD, 48},
};

// The entry named exactly `name` (lower case, as listed above), or nullopt.
// Thread safety: pure function.
inline absl::optional<FlatInstrument> FindFlatInstrument(absl::string_view name) {
  for (const FlatInstrument& instrument : kFlatInstruments) {
    if (instrument.name == name) return instrument;
  }
  return absl::nullopt;
}

}  // namespace stori::server::convert

#endif  // STORI_SERVER_CONVERT_FLAT_INSTRUMENTS_H_
