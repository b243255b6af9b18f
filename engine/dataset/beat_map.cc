#include "engine/dataset/beat_map.h"

#include <algorithm>

namespace stori::dataset {

double TickToSeconds(const music::Song& song, std::int64_t tick) {
  double seconds = 0;
  std::int64_t last_tick = 0;
  int us_per_quarter = 500000;
  for (const music::TempoChange& t : song.tempos) {
    if (t.tick >= tick) break;
    seconds += static_cast<double>(t.tick - last_tick) * us_per_quarter / 1e6 / song.ppq;
    last_tick = t.tick;
    us_per_quarter = t.us_per_quarter;
  }
  return seconds + static_cast<double>(tick - last_tick) * us_per_quarter / 1e6 / song.ppq;
}

double BeatMap::BeatAt(double seconds) const {
  const auto it = std::upper_bound(beats_.begin(), beats_.end(), seconds);
  std::size_t i = it - beats_.begin();  // beats_[i-1] <= seconds < beats_[i]
  if (i == 0) i = 1;
  if (i >= beats_.size()) i = beats_.size() - 1;
  const double t0 = beats_[i - 1], t1 = beats_[i];
  return static_cast<double>(i - 1) + (seconds - t0) / (t1 - t0);
}

double BeatMap::SecondsAt(double beat) const {
  std::size_t i = beat <= 0 ? 0 : static_cast<std::size_t>(beat);
  if (i + 1 >= beats_.size()) i = beats_.size() - 2;
  return beats_[i] + (beat - static_cast<double>(i)) * (beats_[i + 1] - beats_[i]);
}

}  // namespace stori::dataset
