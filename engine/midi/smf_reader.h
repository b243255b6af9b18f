// Reads Standard MIDI Files (format 0 and 1) into a Song. Spec: "Standard MIDI Files 1.0" in the
// MIDI 1.0 Detailed Specification (MMA, 1996): MThd/MTrk chunks, variable-length quantities (at
// most 4 bytes), running status, meta 0x03 track name, 0x20 channel prefix, 0x51 tempo, 0x58
// meter, 0x59 key; sysex and other meta events are skipped, chunks other than MTrk ignored.
#ifndef STORI_ENGINE_MIDI_SMF_READER_H_
#define STORI_ENGINE_MIDI_SMF_READER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "engine/midi/smf_events.h"
#include "engine/music/song.h"

namespace stori::midi {

// Returns the file as a Song in ticks at the file's own PPQ (`Song::ppq`, the header's division).
//
// Tracks: one music::Track per (MTrk chunk, channel) that carries any channel event (note,
// control change, pitch bend, aftertouch, program change), ordered by chunk then channel, with
// `channel` set, `name` from meta 0x03 (a name after a 0x20 channel prefix names only that
// channel), role kDrums on channel index 9 and kOther elsewhere, and `program` the last program
// change at or before the channel's first note (else its first program change, else 0).
// Notes: a note-on with velocity 0 ends a note like a note-off; overlapping notes of one pitch
// pair with note-offs first-in first-out; a note-off with no open note is ignored; a note still
// open when its chunk ends closes at the chunk's last tick. Durations are at least 1 tick (a
// note-off at its note-on's tick gives 1). Notes are sorted by Note::operator<; controller
// events keep file order (ascending ticks).
// Maps: tempo, meter and key events of every chunk are merged into Song's maps sorted by tick;
// of several events of one kind at one tick the last in file order is kept.
// Leniency, as common readers (mido, pretty_midi) allow: running status survives meta and sysex
// events, a chunk may lack its end-of-track event, bytes after the declared tracks are ignored.
// Errors: kInvalidArgument naming the chunk and byte offset for malformed input (bad magic,
//   truncated chunk, a VLQ over 4 bytes, a data byte without running status, a status byte
//   0xF1..0xFE, a meta event of the wrong length or value, fewer MTrk chunks than declared);
//   kUnimplemented for SMPTE division or format 2; kResourceExhausted if bytes.size() >
//   kMaxSmfBytes. Never crashes or loops on any input.
// Thread safety: pure function, safe to call concurrently.
absl::StatusOr<music::Song> ReadSmf(absl::Span<const std::uint8_t> bytes);

// Reads the file at `path` with ReadSmf.
// Errors: kNotFound if it cannot be opened; kInvalidArgument if it is not a regular file
//   (a directory, a device); kResourceExhausted if it is larger than
//   kMaxSmfBytes (checked before reading); kInternal on a read error; ReadSmf's errors, prefixed
//   with the path.
// Thread safety: safe to call concurrently.
absl::StatusOr<music::Song> ReadSmfFile(const std::string& path);

}  // namespace stori::midi

#endif  // STORI_ENGINE_MIDI_SMF_READER_H_
