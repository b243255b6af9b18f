// Time conversions for dataset preparation: SMF ticks -> seconds through the tempo map, and
// seconds -> beats through annotated beat times (POP909's beat_midi.txt), interpolating linearly
// between beats and extrapolating with the nearest beat period outside them.
#ifndef STORI_ENGINE_DATASET_BEAT_MAP_H_
#define STORI_ENGINE_DATASET_BEAT_MAP_H_

#include <cstdint>
#include <vector>

#include "engine/music/song.h"

namespace stori::dataset {

// Seconds at `tick` for a song's tempo map (120 BPM before the first tempo event).
// Thread safety: pure function.
double TickToSeconds(const music::Song& song, std::int64_t tick);

// Beat positions (in beats, fractional) of times in seconds, given ascending beat times.
class BeatMap {
 public:
  // beat_seconds: ascending, at least 2 entries.
  explicit BeatMap(std::vector<double> beat_seconds) : beats_(std::move(beat_seconds)) {}
  // Beat index (fractional) of time `seconds`; beat i is at beat_seconds[i].
  double BeatAt(double seconds) const;
  // Seconds at beat index `beat` (fractional), the inverse of BeatAt.
  double SecondsAt(double beat) const;
  int size() const { return static_cast<int>(beats_.size()); }

 private:
  std::vector<double> beats_;
};

}  // namespace stori::dataset

#endif  // STORI_ENGINE_DATASET_BEAT_MAP_H_
