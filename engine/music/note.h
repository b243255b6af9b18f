// A MIDI note and the controller events that travel with it, in ticks at a stated PPQ.
// Units follow the Standard MIDI File 1.0 spec: tick = 1/ppq of a quarter note.
#ifndef STORI_ENGINE_MUSIC_NOTE_H_
#define STORI_ENGINE_MUSIC_NOTE_H_

#include <cstdint>
#include <tuple>

namespace stori::music {

// One note. pitch 0..127 (60 = middle C; on channel index 9 a GM percussion key),
// velocity 1..127, start_tick >= 0, duration_ticks > 0.
struct Note {
  std::int64_t start_tick = 0;
  std::int64_t duration_ticks = 0;
  int pitch = 60;
  int velocity = 64;

  std::int64_t end_tick() const { return start_tick + duration_ticks; }
  friend bool operator==(const Note& a, const Note& b) {
    return std::tie(a.start_tick, a.duration_ticks, a.pitch, a.velocity) ==
           std::tie(b.start_tick, b.duration_ticks, b.pitch, b.velocity);
  }
  friend bool operator!=(const Note& a, const Note& b) { return !(a == b); }
  // Order used everywhere notes are sorted: start, then pitch, then duration, then velocity.
  friend bool operator<(const Note& a, const Note& b) {
    return std::tie(a.start_tick, a.pitch, a.duration_ticks, a.velocity) <
           std::tie(b.start_tick, b.pitch, b.duration_ticks, b.velocity);
  }
};

// Control change (controller 0..127, value 0..127).
struct ControlChange {
  std::int64_t tick = 0;
  int controller = 0;
  int value = 0;
  friend bool operator==(const ControlChange& a, const ControlChange& b) {
    return a.tick == b.tick && a.controller == b.controller && a.value == b.value;
  }
};

// Pitch bend, value -8192..8191 (0 = centre), as the 14-bit SMF value minus 8192.
struct PitchBend {
  std::int64_t tick = 0;
  int value = 0;
  friend bool operator==(const PitchBend& a, const PitchBend& b) {
    return a.tick == b.tick && a.value == b.value;
  }
};

// Channel pressure (aftertouch) when pitch < 0, polyphonic key pressure otherwise; value 0..127.
struct Aftertouch {
  std::int64_t tick = 0;
  int pitch = -1;
  int value = 0;
  friend bool operator==(const Aftertouch& a, const Aftertouch& b) {
    return a.tick == b.tick && a.pitch == b.pitch && a.value == b.value;
  }
};

}  // namespace stori::music

#endif  // STORI_ENGINE_MUSIC_NOTE_H_
