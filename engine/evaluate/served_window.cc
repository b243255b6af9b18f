#include "engine/evaluate/served_window.h"

#include <algorithm>
#include <cmath>

#include "engine/tokens/track_attributes.h"
#include "engine/tokens/vocabulary.h"

namespace stori::evaluate {
namespace {

int Steps(std::int64_t ticks, int ppq) {
  return static_cast<int>(std::lround(static_cast<double>(ticks) * tokens::kStepsPerBeat / ppq));
}

}  // namespace

std::vector<tokens::GridNote> GridNotesOfTrack(const music::Track& track, int ppq) {
  std::vector<tokens::GridNote> out;
  out.reserve(track.notes.size());
  for (const music::Note& n : track.notes) {
    tokens::GridNote g;
    g.start_step = Steps(n.start_tick, ppq);
    g.duration_steps = std::max(1, Steps(n.duration_ticks, ppq));
    g.pitch = n.pitch;
    g.velocity = n.velocity;
    out.push_back(g);
  }
  std::sort(out.begin(), out.end());
  return out;
}

tokens::RemiWindow ServedWindow(const tokens::RemiWindow& real,
                                const SectionResult& served) {
  tokens::RemiWindow w = real;
  w.tracks.clear();
  for (const TrackResult& t : served.tracks) {
    const music::TrackRole role = t.spec.role;
    if (role != music::TrackRole::kDrums && role != music::TrackRole::kBass &&
        role != music::TrackRole::kHarmony && role != music::TrackRole::kMelody) {
      continue;
    }
    tokens::TrackSegment segment;
    segment.role = static_cast<tokens::TokenRole>(static_cast<int>(role));  // remi_window.h
    segment.notes = GridNotesOfTrack(t.track, served.ppq);
    segment.bins =
        tokens::AttributeBinsOf(tokens::MeasureTrack(segment.notes, w.bars, w.steps_per_bar));
    w.tracks.push_back(std::move(segment));
  }
  return w;
}

}  // namespace stori::evaluate
