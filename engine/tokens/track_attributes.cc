#include "engine/tokens/track_attributes.h"

#include <algorithm>
#include <set>

#include "engine/tokens/vocabulary.h"

namespace stori::tokens {

std::vector<bool> SoundingBeatMask(absl::Span<const GridNote> notes, int steps_per_bar, int bars) {
  const int total_steps = steps_per_bar * bars;
  if (total_steps <= 0) return {};
  std::vector<bool> sounding(BeatsInWindow(bars, steps_per_bar), false);
  for (const GridNote& note : notes) {
    const BeatSpan span = SoundingBeats(note.start_step, note.duration_steps, total_steps);
    for (int beat = span.first; beat < span.end; ++beat) sounding[beat] = true;
  }
  return sounding;
}

double EmptyBeatRate(absl::Span<const GridNote> notes, int steps_per_bar, int bars) {
  const std::vector<bool> sounding = SoundingBeatMask(notes, steps_per_bar, bars);
  if (sounding.empty()) return 0.0;
  const auto empty = std::count(sounding.begin(), sounding.end(), false);
  return static_cast<double>(empty) / sounding.size();
}

BeatSpan SoundingBeats(int start_step, int duration_steps, int total_steps) {
  const int start = std::max(start_step, 0);
  const int end = std::min(start_step + std::max(duration_steps, 1), total_steps);
  if (start >= end) return {};
  return {start / kStepsPerBeat, (end - 1) / kStepsPerBeat + 1};
}

int BeatsInWindow(int bars, int steps_per_bar) {
  const int total_steps = bars * steps_per_bar;
  return total_steps <= 0 ? 0 : (total_steps + kStepsPerBeat - 1) / kStepsPerBeat;
}

std::optional<std::pair<int, int>> EmptyBeatCountRange(int bin, int beats) {
  if (beats < 1 || bin < 0 || bin >= kNumEmptyBeatBins) return std::nullopt;
  int lo = -1, hi = -1;
  for (int count = 0; count <= beats; ++count) {
    // The same division EmptyBeatRate does, so the range agrees with the measure exactly.
    if (BinOf(static_cast<double>(count) / beats, kEmptyBeatEdges) != bin) continue;
    if (lo < 0) lo = count;
    hi = count;
  }
  if (lo < 0) return std::nullopt;
  return std::make_pair(lo, hi);
}

TrackAttributes MeasureTrack(const std::vector<GridNote>& notes, int bars, int steps_per_bar) {
  TrackAttributes out;
  if (notes.empty() || bars <= 0) return out;
  out.empty_beat_rate = EmptyBeatRate(notes, steps_per_bar, bars);
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
  bins.empty_beats = BinOf(a.empty_beat_rate, kEmptyBeatEdges);
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
