// Maestro's flat `instruments` field and what each entry becomes when the server
// expands a FlatSectionSpec into a one-section RMS: a TrackRole and a GM program (0-based).
// Entries are free text: role names ("drums", "pads", "keys", "arp"), GM program names in any
// spelling ("acoustic_guitar_steel") and kit names ("drum_kit_brush"), resolved through
// engine/music/instrument_names.h.
#ifndef STORI_SERVER_CONVERT_FLAT_INSTRUMENTS_H_
#define STORI_SERVER_CONVERT_FLAT_INSTRUMENTS_H_

#include "absl/strings/string_view.h"
#include "engine/music/gm_program.h"
#include "engine/music/instrument_names.h"
#include "stori/generation/v1/music.pb.h"

namespace stori::server::convert {

struct FlatInstrument {
  ::stori::generation::v1::TrackRole role = ::stori::generation::v1::TRACK_ROLE_OTHER;
  int program = 0;  // GM 0..127; for drums the GS kit program (0: standard kit)
  // False when the entry is neither a role alias nor an instrument name: the track plays as
  // OTHER with the default program, and the server warns.
  bool resolved = false;
};

inline ::stori::generation::v1::TrackRole ToProtoRole(music::TrackRole role) {
  switch (role) {
    case music::TrackRole::kDrums:
      return ::stori::generation::v1::TRACK_ROLE_DRUMS;
    case music::TrackRole::kBass:
      return ::stori::generation::v1::TRACK_ROLE_BASS;
    case music::TrackRole::kHarmony:
      return ::stori::generation::v1::TRACK_ROLE_HARMONY;
    case music::TrackRole::kMelody:
      return ::stori::generation::v1::TRACK_ROLE_MELODY;
    case music::TrackRole::kPad:
      return ::stori::generation::v1::TRACK_ROLE_PAD;
    case music::TrackRole::kOther:
      return ::stori::generation::v1::TRACK_ROLE_OTHER;
  }
  return ::stori::generation::v1::TRACK_ROLE_OTHER;
}

// Role: music::TrackRoleFromAlias(name), else the instrument's usual role, else OTHER. Program:
// music::ResolveInstrumentName(name) when it names an instrument the role can play (a kit only
// on drums, a GM program only off drums), else music::DefaultProgramForRole. So "drums" ->
// DRUMS 0; "bass" -> BASS 33; "piano", "keys", "chords" -> HARMONY 0; "guitar" -> HARMONY 25;
// "melody" -> MELODY 73; "lead" -> MELODY 80; "pads" -> PAD 89; "strings" -> PAD 48; "arp" ->
// HARMONY 81; "fx" -> OTHER 99; "drum_kit_brush" -> DRUMS 40; "electric_bass_finger" -> BASS 33.
// Thread safety: pure function.
inline FlatInstrument ResolveFlatInstrument(absl::string_view name) {
  const absl::optional<music::TrackRole> alias = music::TrackRoleFromAlias(name);
  const absl::optional<music::ResolvedInstrument> instrument = music::ResolveInstrumentName(name);
  FlatInstrument out;
  out.resolved = alias.has_value() || instrument.has_value();
  const music::TrackRole role =
      alias.has_value() ? *alias
                        : (instrument.has_value() ? instrument->usual_role : music::TrackRole::kOther);
  out.role = ToProtoRole(role);
  out.program = music::DefaultProgramForRole(role);
  if (instrument.has_value() && instrument->is_drum_kit == (role == music::TrackRole::kDrums)) {
    out.program = instrument->program;
  }
  return out;
}

}  // namespace stori::server::convert

#endif  // STORI_SERVER_CONVERT_FLAT_INSTRUMENTS_H_
