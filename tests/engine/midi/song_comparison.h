// Test helper: compares two Songs the way SMF round-trip tests need, naming the first difference.
#ifndef STORI_TESTS_ENGINE_MIDI_SONG_COMPARISON_H_
#define STORI_TESTS_ENGINE_MIDI_SONG_COMPARISON_H_

#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "engine/music/song.h"

namespace stori::midi {

// True when a track reaches a file: WriteSmf drops nothing, but a drum-channel track without
// notes or controller events writes no channel event and so reads back as no track.
inline bool WritesChannelEvents(const music::Track& t) {
  return !t.is_drums() || !t.notes.empty() || !t.control_changes.empty() ||
         !t.pitch_bends.empty() || !t.aftertouches.empty();
}

// Returns "" when `actual` holds what `expected` does after an SMF round trip (ppq, tempo, meter
// and key maps, and per track: name, channel, program unless drums, notes, controller events),
// else a description of the first difference.
inline std::string DescribeSongDifference(const music::Song& expected, const music::Song& actual) {
  if (expected.ppq != actual.ppq) return absl::StrFormat("ppq %d vs %d", expected.ppq, actual.ppq);
  if (expected.tempos != actual.tempos) return "tempo maps differ";
  if (expected.time_signatures != actual.time_signatures) return "meter maps differ";
  if (expected.key_signatures != actual.key_signatures) return "key maps differ";
  std::vector<const music::Track*> kept;
  for (const music::Track& t : expected.tracks) {
    if (WritesChannelEvents(t)) kept.push_back(&t);
  }
  if (kept.size() != actual.tracks.size()) {
    return absl::StrFormat("%d tracks vs %d", kept.size(), actual.tracks.size());
  }
  for (std::size_t i = 0; i < kept.size(); ++i) {
    const music::Track& e = *kept[i];
    const music::Track& a = actual.tracks[i];
    const std::string where = absl::StrFormat("tracks[%d] (%s): ", i, e.name);
    if (e.name != a.name) return where + "name differs: " + a.name;
    if (e.channel != a.channel) return absl::StrFormat("%schannel %d", where, a.channel);
    if (!e.is_drums() && e.program != a.program) {
      return absl::StrFormat("%sprogram %d vs %d", where, e.program, a.program);
    }
    if (e.notes.size() != a.notes.size()) {
      return absl::StrFormat("%s%d notes vs %d", where, e.notes.size(), a.notes.size());
    }
    for (std::size_t n = 0; n < e.notes.size(); ++n) {
      if (e.notes[n] != a.notes[n]) {
        const music::Note& x = e.notes[n];
        const music::Note& y = a.notes[n];
        return absl::StrFormat("%snotes[%d] (%d,%d,p%d,v%d) vs (%d,%d,p%d,v%d)", where, n,
                               x.start_tick, x.duration_ticks, x.pitch, x.velocity, y.start_tick,
                               y.duration_ticks, y.pitch, y.velocity);
      }
    }
    if (e.control_changes != a.control_changes) return where + "control changes differ";
    if (e.pitch_bends != a.pitch_bends) return where + "pitch bends differ";
    if (e.aftertouches != a.aftertouches) return where + "aftertouches differ";
  }
  return "";
}

}  // namespace stori::midi

#endif  // STORI_TESTS_ENGINE_MIDI_SONG_COMPARISON_H_
