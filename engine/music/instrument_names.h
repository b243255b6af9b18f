// The instrument and role names callers write, resolved to GM programs and track roles. The
// Stori backend writes GM 1 program names in snake_case ("acoustic_guitar_steel",
// "string_ensemble_1", "pad_3_polysynth"), kit names ("drum_kit_brush"), plain family words
// ("piano", "strings") and free-text roles ("pads", "keys", "arp", "fx"); every form resolves
// here, once, for the server's request reading and its tests. Tables: GM 1 Sound Set (MMA,
// "General MIDI System Level 1", 1991) for programs and their 16 families of 8; Roland GS drum
// kit program numbers (Standard 1, Room 9, Power 17, Electronic 25, TR-808 26, Jazz 33, Brush 41,
// Orchestra 49 in the GS table's 1-based numbering) for kits.
#ifndef STORI_ENGINE_MUSIC_INSTRUMENT_NAMES_H_
#define STORI_ENGINE_MUSIC_INSTRUMENT_NAMES_H_

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "engine/music/track.h"

namespace stori::music {

// How a name matched, from the most to the least literal.
enum class InstrumentMatch {
  kGmName,            // a GM 1 name, ignoring case and punctuation ("electric_bass_finger")
  kGmNameNoNumber,    // a GM 1 name without its variant number ("string_ensemble", "pad_warm")
  kFamilyWord,        // a plain word for an instrument family ("piano", "organ", "strings")
  kDrumKit,           // a kit name ("drum_kit_electronic"): channel index 9, GS kit program
  kDrumKitUnknownVariant,  // a kit name whose variant is unknown ("drum_kit_vintage"): Standard
};

// What an instrument name resolves to.
struct ResolvedInstrument {
  // GM program 0..127; for a kit, the GS kit program (0 Standard, 8 Room, 16 Power,
  // 24 Electronic, 25 TR-808, 32 Jazz, 40 Brush, 48 Orchestra), sent as a program change on
  // channel index 9.
  int program = 0;
  bool is_drum_kit = false;
  // The role this instrument usually plays: kit -> drums; GM families (program / 8): piano,
  // organ, guitar -> harmony; bass -> bass; chromatic percussion, solo strings (40..43), brass,
  // reed, pipe, synth lead, ethnic -> melody; ensemble, synth pad, synth effects -> pad;
  // tremolo/pizzicato strings and harp (44..46) -> harmony; timpani (47), percussive, sound
  // effects -> other.
  TrackRole usual_role = TrackRole::kOther;
  InstrumentMatch match = InstrumentMatch::kGmName;
};

// The role a GM program usually plays, by its GM family (as ResolvedInstrument::usual_role).
// `program` 0..127. Thread safety: pure function.
TrackRole UsualRoleOfProgram(int program);

// Resolves `name` (any case; spaces, underscores, hyphens and brackets ignored) as, in order: a
// GM 1 name; a GM 1 name without its number (the lowest-numbered program whose name, digits
// removed, matches: "string_ensemble" -> 48 String Ensemble 1); a kit name (words "drum",
// "drums" or "kit" plus an optional variant: "drum_kit_acoustic" -> 0, "drum_kit_brush" -> 40,
// "electronic_drums" -> 24); a family word ("piano" -> 0, "electric_piano" -> 4, "organ" -> 16,
// "guitar" -> 25, "electric_guitar" -> 27, "bass" -> 33, "synth_bass" -> 38, "strings" -> 48,
// "choir" -> 52, "brass" -> 61, "sax" -> 65, "synth"/"lead" -> 80, "arp" -> 81, "pad" -> 89,
// "fx" -> 99; a trailing plural "s" is ignored). nullopt when none matches.
// Thread safety: pure function.
absl::optional<ResolvedInstrument> ResolveInstrumentName(absl::string_view name);

// The role a free-text role or track name stands for, or nullopt. Matching is by word (split
// on anything that is not a letter or digit, lower case, a trailing plural "s" ignored), the
// first word that is an alias deciding ("bass_guitar" -> bass, "lead_synth" -> melody):
// drums: drum, kit, percussion, beat, groove, perc; bass: bass, bassline, sub; harmony: chord,
// harmony, comp, comping, piano, keys, key, keyboard, guitar, organ, rhodes, epiano, arp,
// arpeggio, rhythm, brass, horn, stab; melody: melody, lead, vocal, topline, hook, solo, line,
// countermelody, sax, flute; pad: pad, string, choir, atmosphere, ambient, drone, texture;
// other: fx, sfx, effect, noise, riser, other.
// Thread safety: pure function.
absl::optional<TrackRole> TrackRoleFromAlias(absl::string_view text);

}  // namespace stori::music

#endif  // STORI_ENGINE_MUSIC_INSTRUMENT_NAMES_H_
