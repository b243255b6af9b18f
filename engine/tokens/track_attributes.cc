#include "engine/tokens/track_attributes.h"

#include <set>

#include "engine/tokens/vocabulary.h"

namespace stori::tokens {

TrackAttributes MeasureTrack(const std::vector<GridNote>& notes, int bars) {
  TrackAttributes out;
  if (notes.empty() || bars <= 0) return out;
  double pitch_sum = 0, velocity_sum = 0, length_sum = 0;
  std::set<int> onsets;
  int off_eighth = 0;
  for (const GridNote& n : notes) {
    pitch_sum += n.pitch;
    velocity_sum += n.velocity;
    length_sum += static_cast<double>(n.duration_steps) / kStepsPerBeat;
    onsets.insert(n.start_step);
  }
  const int eighth = kStepsPerBeat / 2;
  for (int step : onsets) off_eighth += (step % eighth) != 0;
  const double count = static_cast<double>(notes.size());
  out.notes_per_bar = count / bars;
  out.register_center = pitch_sum / count;
  out.velocity_mean = velocity_sum / count;
  out.syncopation = static_cast<double>(off_eighth) / onsets.size();
  out.polyphony = count / onsets.size();
  out.note_length = length_sum / count;
  return out;
}

AttributeBins AttributeBinsOf(const TrackAttributes& a) {
  AttributeBins bins;
  bins.density = BinOf(a.notes_per_bar, kDensityEdges);
  bins.velocity_level = BinOf(a.velocity_mean, kVelocityLevelEdges);
  bins.syncopation = BinOf(a.syncopation, kSyncopationEdges);
  bins.polyphony = BinOf(a.polyphony, kPolyphonyEdges);
  if (a.notes_per_bar == 0) {
    bins.register_bin = 5;
    bins.note_length = 2;
  } else {
    bins.register_bin = BinOf(a.register_center, kRegisterEdges);
    bins.note_length = BinOf(a.note_length, kNoteLengthEdges);
  }
  return bins;
}

namespace {
template <std::size_t N>
double BinValue(int bin, const std::array<double, N>& edges) {
  if (bin <= 0) return edges[0] - (edges[1] - edges[0]) / 2;
  if (bin >= static_cast<int>(N)) return edges[N - 1] + (edges[N - 1] - edges[N - 2]) / 2;
  return (edges[bin - 1] + edges[bin]) / 2;
}
}  // namespace

double DensityBinValue(int bin) { return bin <= 0 ? 0.0 : BinValue(bin, kDensityEdges); }
double RegisterBinValue(int bin) { return BinValue(bin, kRegisterEdges); }

}  // namespace stori::tokens
