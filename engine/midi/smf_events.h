// Byte values of Standard MIDI File chunks and events, shared by the reader and the writer.
// Spec: "Standard MIDI Files 1.0" in the MIDI 1.0 Detailed Specification (MMA, 1996): chunk
// layout, channel voice messages (status 0x80..0xEF), sysex (0xF0, 0xF7) and meta (0xFF) events.
#ifndef STORI_ENGINE_MIDI_SMF_EVENTS_H_
#define STORI_ENGINE_MIDI_SMF_EVENTS_H_

#include <cstddef>
#include <cstdint>

namespace stori::midi {

// Files larger than this are refused by the reader and never produced by the writer.
inline constexpr std::size_t kMaxSmfBytes = 16 << 20;

// Chunk header: 4-byte type then a 32-bit big-endian length.
inline constexpr std::size_t kChunkHeaderBytes = 8;
inline constexpr std::size_t kHeaderDataBytes = 6;  // MThd: format, ntrks, division

// Upper nibble of channel voice status bytes; the lower nibble is the channel index 0..15.
inline constexpr std::uint8_t kNoteOff = 0x80;
inline constexpr std::uint8_t kNoteOn = 0x90;
inline constexpr std::uint8_t kPolyKeyPressure = 0xA0;
inline constexpr std::uint8_t kControlChange = 0xB0;
inline constexpr std::uint8_t kProgramChange = 0xC0;
inline constexpr std::uint8_t kChannelPressure = 0xD0;
inline constexpr std::uint8_t kPitchBend = 0xE0;

inline constexpr std::uint8_t kSysex = 0xF0;
inline constexpr std::uint8_t kSysexEscape = 0xF7;
inline constexpr std::uint8_t kMeta = 0xFF;

// Meta event types.
inline constexpr std::uint8_t kMetaTrackName = 0x03;
inline constexpr std::uint8_t kMetaChannelPrefix = 0x20;
inline constexpr std::uint8_t kMetaEndOfTrack = 0x2F;
inline constexpr std::uint8_t kMetaTempo = 0x51;
inline constexpr std::uint8_t kMetaTimeSignature = 0x58;
inline constexpr std::uint8_t kMetaKeySignature = 0x59;

// Centre of the 14-bit pitch-bend value; music::PitchBend::value is the SMF value minus this.
inline constexpr int kPitchBendCentre = 8192;

// Number of data bytes that follow a channel voice status byte (1 or 2).
constexpr int ChannelMessageDataBytes(std::uint8_t status) {
  const int kind = status & 0xF0;
  return (kind == kProgramChange || kind == kChannelPressure) ? 1 : 2;
}

}  // namespace stori::midi

#endif  // STORI_ENGINE_MIDI_SMF_EVENTS_H_
