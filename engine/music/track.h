// A track: one instrument's notes and controller events, with its role, GM program and channel.
#ifndef STORI_ENGINE_MUSIC_TRACK_H_
#define STORI_ENGINE_MUSIC_TRACK_H_

#include <string>
#include <vector>

#include "engine/music/note.h"

namespace stori::music {

// What a track does in the arrangement. Mirrors proto `TrackRole` minus `_UNSPECIFIED`.
// Generation order is drums, bass, harmony, melody; kPad and kOther are rendered like harmony.
enum class TrackRole { kDrums, kBass, kHarmony, kMelody, kPad, kOther };

// Channel index 9 is MIDI channel 10, GM percussion.
inline constexpr int kDrumChannel = 9;

struct Track {
  std::string name;
  TrackRole role = TrackRole::kOther;
  int program = 0;   // GM program 0..127 (GM tables print 1..128); ignored on kDrumChannel
  int channel = 0;   // 0..15
  std::vector<Note> notes;  // sorted by Note::operator< once finished
  std::vector<ControlChange> control_changes;
  std::vector<PitchBend> pitch_bends;
  std::vector<Aftertouch> aftertouches;

  bool is_drums() const { return channel == kDrumChannel; }
};

// Lower-case name of a role ("drums", "bass", "harmony", "melody", "pad", "other").
const char* TrackRoleName(TrackRole role);

}  // namespace stori::music

#endif  // STORI_ENGINE_MUSIC_TRACK_H_
