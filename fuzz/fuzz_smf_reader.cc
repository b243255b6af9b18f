// fuzz_smf_reader: bytes -> midi::ReadSmf (engine/midi/smf_reader.h). A file
// that reads is checked against the reader's promises (sorted notes of at least
// one tick, channels 0..15, drums on channel index 9, sorted tempo/meter/key
// maps), then written with midi::WriteSmf in format 1 and format 0; whatever
// the writer accepts must read back with the same maps and the same notes and
// controller events (smf_writer.h "Round trip", compared per channel as
// multisets, since nested same-pitch notes may pair differently and format 0
// merges tracks of one channel).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <tuple>
#include <vector>

#include "absl/types/span.h"
#include "engine/midi/smf_reader.h"
#include "engine/midi/smf_writer.h"
#include "engine/music/song.h"
#include "fuzz/fuzz_input.h"

#define FUZZ_CHECK(cond)                                                                   \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                        \
    }                                                                                      \
  } while (false)

namespace {

using stori::music::Song;

// What a round trip keeps, per channel, order aside.
struct Events {
  std::vector<std::tuple<int, std::int64_t, int, int>> note_ons;   // channel, tick, pitch, vel
  std::vector<std::tuple<int, std::int64_t, int>> note_offs;       // channel, end tick, pitch
  std::vector<std::tuple<int, std::int64_t, int, int>> controls;   // channel, tick, cc, value
  std::vector<std::tuple<int, std::int64_t, int>> bends;           // channel, tick, value
  std::vector<std::tuple<int, std::int64_t, int, int>> pressures;  // channel, tick, pitch, value

  friend bool operator==(const Events &a, const Events &b) {
    return a.note_ons == b.note_ons && a.note_offs == b.note_offs && a.controls == b.controls &&
           a.bends == b.bends && a.pressures == b.pressures;
  }
};

Events EventsOf(const Song &song) {
  Events e;
  for (const stori::music::Track &t : song.tracks) {
    for (const auto &n : t.notes) {
      e.note_ons.emplace_back(t.channel, n.start_tick, n.pitch, n.velocity);
      e.note_offs.emplace_back(t.channel, n.end_tick(), n.pitch);
    }
    for (const auto &c : t.control_changes)
      e.controls.emplace_back(t.channel, c.tick, c.controller, c.value);
    for (const auto &b : t.pitch_bends) e.bends.emplace_back(t.channel, b.tick, b.value);
    for (const auto &a : t.aftertouches)
      e.pressures.emplace_back(t.channel, a.tick, a.pitch, a.value);
  }
  std::sort(e.note_ons.begin(), e.note_ons.end());
  std::sort(e.note_offs.begin(), e.note_offs.end());
  std::sort(e.controls.begin(), e.controls.end());
  std::sort(e.bends.begin(), e.bends.end());
  std::sort(e.pressures.begin(), e.pressures.end());
  return e;
}

template <typename T>
bool SortedByTick(const std::vector<T> &v) {
  return std::is_sorted(v.begin(), v.end(), [](const T &a, const T &b) { return a.tick < b.tick; });
}

// smf_reader.h's promises about a Song it returns.
void CheckRead(const Song &song) {
  FUZZ_CHECK(song.ppq >= 1 && song.ppq <= 0x7FFF);
  FUZZ_CHECK(SortedByTick(song.tempos) && SortedByTick(song.time_signatures) &&
             SortedByTick(song.key_signatures));
  for (const stori::music::Track &t : song.tracks) {
    FUZZ_CHECK(t.channel >= 0 && t.channel <= 15);
    FUZZ_CHECK((t.role == stori::music::TrackRole::kDrums) == (t.channel == 9));
    FUZZ_CHECK(t.program >= 0 && t.program <= 127);
    FUZZ_CHECK(std::is_sorted(t.notes.begin(), t.notes.end()));
    for (const auto &n : t.notes) {
      FUZZ_CHECK(n.start_tick >= 0 && n.duration_ticks >= 1);
      FUZZ_CHECK(n.pitch >= 0 && n.pitch <= 127 && n.velocity >= 1 && n.velocity <= 127);
    }
    FUZZ_CHECK(SortedByTick(t.control_changes) && SortedByTick(t.pitch_bends) &&
               SortedByTick(t.aftertouches));
  }
}

void RoundTrip(const Song &song, stori::midi::SmfFormat format) {
  stori::midi::SmfWriteOptions options;
  options.format = format;
  absl::StatusOr<std::vector<std::uint8_t>> bytes = stori::midi::WriteSmf(song, options);
  if (!bytes.ok()) return;  // a song the writer refuses (ticks past kMaxSmfTick, ...)
  absl::StatusOr<Song> again = stori::midi::ReadSmf(*bytes);
  FUZZ_CHECK(again.ok());
  CheckRead(*again);
  FUZZ_CHECK(again->ppq == song.ppq);
  FUZZ_CHECK(again->tempos == song.tempos);
  FUZZ_CHECK(again->time_signatures == song.time_signatures);
  FUZZ_CHECK(again->key_signatures == song.key_signatures);
  FUZZ_CHECK(EventsOf(*again) == EventsOf(song));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size > stori::fuzz::kMaxInputBytes) return 0;
  absl::StatusOr<Song> song = stori::midi::ReadSmf(absl::MakeConstSpan(data, size));
  if (!song.ok()) return 0;
  CheckRead(*song);
  RoundTrip(*song, stori::midi::SmfFormat::kMultiTrack);
  RoundTrip(*song, stori::midi::SmfFormat::kSingleTrack);
  return 0;
}
