// Test helper: builds Standard MIDI File bytes by hand, so tests state exactly what a file holds.
#ifndef STORI_TESTS_ENGINE_MIDI_SMF_BYTES_H_
#define STORI_TESTS_ENGINE_MIDI_SMF_BYTES_H_

#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <string>
#include <vector>

namespace stori::midi {

using ByteVector = std::vector<std::uint8_t>;

// An MTrk (or other) chunk: 4-byte tag, big-endian length, then `data` as given.
inline ByteVector Chunk(const char* tag, const ByteVector& data) {
  ByteVector out(tag, tag + 4);
  const std::uint32_t n = static_cast<std::uint32_t>(data.size());
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(n >> shift));
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

// A whole file: MThd(format, declared track count, division) followed by the MTrk chunks.
inline ByteVector Smf(int format, int division, std::initializer_list<ByteVector> track_data,
                      int declared_tracks = -1) {
  const int ntrks = declared_tracks >= 0 ? declared_tracks : static_cast<int>(track_data.size());
  ByteVector out = {'M',
                    'T',
                    'h',
                    'd',
                    0,
                    0,
                    0,
                    6,
                    0,
                    static_cast<std::uint8_t>(format),
                    static_cast<std::uint8_t>(ntrks >> 8),
                    static_cast<std::uint8_t>(ntrks),
                    static_cast<std::uint8_t>(division >> 8),
                    static_cast<std::uint8_t>(division)};
  for (const ByteVector& data : track_data) {
    const ByteVector chunk = Chunk("MTrk", data);
    out.insert(out.end(), chunk.begin(), chunk.end());
  }
  return out;
}

inline ByteVector Concat(std::initializer_list<ByteVector> parts) {
  ByteVector out;
  for (const ByteVector& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline const ByteVector kEndOfTrack = {0x00, 0xFF, 0x2F, 0x00};

inline ByteVector ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return ByteVector(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace stori::midi

#endif  // STORI_TESTS_ENGINE_MIDI_SMF_BYTES_H_
