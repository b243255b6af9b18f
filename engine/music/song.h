// A song in ticks: tracks plus the tempo, meter and key maps of a Standard MIDI File.
#ifndef STORI_ENGINE_MUSIC_SONG_H_
#define STORI_ENGINE_MUSIC_SONG_H_

#include <cstdint>
#include <vector>

#include "engine/music/track.h"

namespace stori::music {

// PPQ the service writes (ticks per quarter note).
inline constexpr int kDefaultPpq = 480;

// Tempo change: SMF meta 0x51 stores microseconds per quarter note; bpm = 60e6 / us_per_quarter.
struct TempoChange {
  std::int64_t tick = 0;
  int us_per_quarter = 500000;  // 120 BPM
  double bpm() const { return 60'000'000.0 / us_per_quarter; }
  friend bool operator==(const TempoChange& a, const TempoChange& b) {
    return a.tick == b.tick && a.us_per_quarter == b.us_per_quarter;
  }
};

// Meter change: SMF meta 0x58. A bar is 4 * numerator / denominator beats (quarter notes).
struct TimeSignature {
  std::int64_t tick = 0;
  int numerator = 4;
  int denominator = 4;  // a power of two
  double beats_per_bar() const { return 4.0 * numerator / denominator; }
  friend bool operator==(const TimeSignature& a, const TimeSignature& b) {
    return a.tick == b.tick && a.numerator == b.numerator && a.denominator == b.denominator;
  }
};

// Key change: SMF meta 0x59; sharps_flats -7..7 (negative = flats), minor = mode flag.
struct KeySignature {
  std::int64_t tick = 0;
  int sharps_flats = 0;
  bool minor = false;
  friend bool operator==(const KeySignature& a, const KeySignature& b) {
    return a.tick == b.tick && a.sharps_flats == b.sharps_flats && a.minor == b.minor;
  }
};

struct Song {
  int ppq = kDefaultPpq;
  std::vector<TempoChange> tempos;        // sorted by tick
  std::vector<TimeSignature> time_signatures;  // sorted by tick
  std::vector<KeySignature> key_signatures;    // sorted by tick
  std::vector<Track> tracks;
};

}  // namespace stori::music

#endif  // STORI_ENGINE_MUSIC_SONG_H_
