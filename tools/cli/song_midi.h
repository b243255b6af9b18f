// Whole-song MIDI for stori-cli: the generated sections laid end to end in time, one track per
// RMS track (matched by track_id), with a tempo, meter and key-signature event at each section
// boundary where the section's value differs from the one before (Standard MIDI Files 1.0 meta
// 0x51, 0x58, 0x59 in the conductor track of a format-1 file, engine/midi/smf_writer.h).
#ifndef STORI_TOOLS_CLI_SONG_MIDI_H_
#define STORI_TOOLS_CLI_SONG_MIDI_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/music/song.h"
#include "stori/generation/v1/result.pb.h"

namespace stori::cli {

namespace v1 = ::stori::generation::v1;

// Section i starts at the sum of the lengths of sections 0..i-1, each
// bars * 4 * numerator / denominator beats at ppq ticks per beat. Every section must have the
// same ppq > 0. Tracks keep the first section's order; a track first seen later is appended.
// Errors: kInvalidArgument if `sections` is empty, the ppqs differ or a meter is invalid.
// Thread safety: pure function.
absl::StatusOr<music::Song> SongFromSections(const std::vector<v1::SectionResult>& sections);

// SongFromSections written as a Standard MIDI File, format 1.
// Errors: as SongFromSections and midi::WriteSmf.
absl::StatusOr<std::vector<std::uint8_t>> SongMidiFromSections(
    const std::vector<v1::SectionResult>& sections);

}  // namespace stori::cli

#endif  // STORI_TOOLS_CLI_SONG_MIDI_H_
