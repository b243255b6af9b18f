// Writes a Song as a Standard MIDI File, format 1 (default) or 0. Spec: "Standard MIDI Files 1.0"
// in the MIDI 1.0 Detailed Specification (MMA, 1996).
//
// Layout, format 1: MTrk 0 is the conductor track (meta 0x58 meter, 0x59 key, 0x51 tempo, in that
// order at one tick); then one MTrk per music::Track holding meta 0x03 track name (when not
// empty), a program change at tick 0 unless the track is on the drum channel, then its notes,
// control changes, pitch bends and aftertouch. Format 0: the same events merged into one MTrk;
// each track's name is written after a 0x20 channel-prefix meta so it names only its channel.
// Events at one tick are ordered: meta, note-offs, program change, controllers, note-ons, so a
// note that ends where the next note of the same pitch starts reads back as two notes.
// Note-offs are written as note-on with velocity 0 (spec-sanctioned, and it lets running status
// cover whole note streams); running status is used for every run of equal channel status
// bytes and restarts after each meta event, as the spec requires.
//
// Round trip: for a song whose notes are sorted by Note::operator< and whose controller events
// are sorted by tick, ReadSmf(WriteSmf(song)) gives back every track's notes exactly (ticks,
// pitch, velocity, channel), its controller events, name and program (non-drum tracks), the
// ppq and the tempo/meter/key maps (when each holds one event per tick). Exceptions: roles
// read back as kDrums on channel 9 and kOther elsewhere; a drum-channel track with no notes or
// controller events is not read back; same-pitch notes of one channel that nest (a later note
// ending before an earlier one) pair first-in first-out on reading, keeping every start and end
// but not their pairing; in format 0, tracks that share a channel read back merged.
#ifndef STORI_ENGINE_MIDI_SMF_WRITER_H_
#define STORI_ENGINE_MIDI_SMF_WRITER_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/midi/smf_events.h"
#include "engine/music/song.h"

namespace stori::midi {

// SMF header format field.
enum class SmfFormat {
  kSingleTrack = 0,  // format 0: all events in one MTrk
  kMultiTrack = 1,   // format 1: conductor MTrk, then one MTrk per Track
};

struct SmfWriteOptions {
  SmfFormat format = SmfFormat::kMultiTrack;
};

// Largest tick (note end included) the writer accepts, so every delta fits a 4-byte VLQ.
inline constexpr std::int64_t kMaxSmfTick = 0x0FFFFFFF;

// Returns the SMF bytes of `song`; the division field is `song.ppq`.
// Errors: kInvalidArgument naming the element, e.g. "tracks[2].notes[5]: velocity 0; expected
//   1..127", for: ppq outside 1..32767; a tick < 0 or an end tick > kMaxSmfTick; a note with
//   pitch outside 0..127, velocity outside 1..127 or duration_ticks <= 0; channel outside 0..15;
//   program, controller, value or aftertouch pitch outside its MIDI range (aftertouch pitch -1
//   means channel pressure); pitch bend outside -8192..8191; tempo us_per_quarter outside
//   1..0xFFFFFF; meter numerator outside 1..255 or denominator not a power of two 1..128; key
//   sharps_flats outside -7..7. kResourceExhausted if the file would exceed kMaxSmfBytes or a
//   format 1 file would need more than 65535 chunks.
// Thread safety: pure function, safe to call concurrently.
absl::StatusOr<std::vector<std::uint8_t>> WriteSmf(const music::Song& song,
                                                   const SmfWriteOptions& options = {});

}  // namespace stori::midi

#endif  // STORI_ENGINE_MIDI_SMF_WRITER_H_
