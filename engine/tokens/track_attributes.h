// Per-track musical attributes measured on quantized notes, and their bins. The same code
// computes the control tokens at training time (from real notes), the targets' bins at generation
// time, and the "measured" side of attribute control accuracy (MuseCoco, Lu et al. 2023, reports
// the same kind of figure; engine/score/attribute_control_accuracy.h): a generated track hits
// its control when Bin(measured) == requested bin.
//
// Definitions (per track, over the bars of one window):
//   notes_per_bar   note onsets / bars                                  (MusPy n_notes / bars)
//   register_center mean MIDI pitch of the notes                         (pitched tracks)
//   velocity_mean   mean MIDI velocity 1..127
//   syncopation     share of onsets off the eighth-note grid (16th off-beats, triplet steps)
//   polyphony       mean notes per distinct onset (MusPy "polyphony" counts sounding notes per
//                   time step; per onset is cheaper and equals it for block chords)
//   note_length     mean note duration in beats                          (pitched tracks)
//   empty_beat_rate share of beats in which no note of the track sounds  (MusPy empty_beat_rate)
#ifndef STORI_ENGINE_TOKENS_TRACK_ATTRIBUTES_H_
#define STORI_ENGINE_TOKENS_TRACK_ATTRIBUTES_H_

#include <array>
#include <optional>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "engine/tokens/grid_note.h"

namespace stori::tokens {

// Bin edges: bin i holds [edge[i-1], edge[i]); bin 0 is below edge[0]. Chosen from the POP909
// and Groove distributions so that each role spans several bins (see models/*/MODEL_CARD.md).
inline constexpr std::array<double, 10> kDensityEdges = {0.5, 1.5, 2.5, 3.5, 5, 7, 10, 14, 20, 28};
inline constexpr std::array<double, 9> kRegisterEdges = {36, 42, 48, 54, 60, 66, 72, 78, 84};
inline constexpr std::array<double, 6> kVelocityLevelEdges = {40, 55, 70, 85, 100, 115};
inline constexpr std::array<double, 4> kSyncopationEdges = {0.05, 0.15, 0.3, 0.5};
inline constexpr std::array<double, 4> kPolyphonyEdges = {1.25, 1.75, 2.5, 3.5};
inline constexpr std::array<double, 4> kNoteLengthEdges = {0.25, 0.5, 1.0, 2.0};
// Empty-beat rate: in a 4-bar 4/4 window (16 beats) bin 0 = no silent beat, 1 = one, 2 = two,
// 3 = three or four, 4 = five to nine, 5 = ten or more (an empty track is 1.0, bin 5).
inline constexpr std::array<double, 5> kEmptyBeatEdges = {0.03, 0.09, 0.15, 0.3, 0.6};

inline constexpr int kNumDensityBins = kDensityEdges.size() + 1;
inline constexpr int kNumRegisterBins = kRegisterEdges.size() + 1;
inline constexpr int kNumVelocityLevelBins = kVelocityLevelEdges.size() + 1;
inline constexpr int kNumSyncopationBins = kSyncopationEdges.size() + 1;
inline constexpr int kNumPolyphonyBins = kPolyphonyEdges.size() + 1;
inline constexpr int kNumNoteLengthBins = kNoteLengthEdges.size() + 1;
inline constexpr int kNumEmptyBeatBins = kEmptyBeatEdges.size() + 1;

// Measured values; for a track without notes every field is 0 but empty_beat_rate (1).
struct TrackAttributes {
  double notes_per_bar = 0;
  double register_center = 0;  // MIDI pitch
  double velocity_mean = 0;    // 1..127
  double syncopation = 0;      // 0..1
  double polyphony = 0;        // notes per onset, >= 1 when there are notes
  double note_length = 0;      // beats
  double empty_beat_rate = 1;  // 0..1
};

// Bins of a TrackAttributes. A track without notes has register and note-length bin of its
// role's default (see AttributeBinsOf).
struct AttributeBins {
  int density = 0;
  int register_bin = 0;
  int velocity_level = 0;
  int syncopation = 0;
  int polyphony = 0;
  int note_length = 0;
  int empty_beats = 0;
  friend bool operator==(const AttributeBins& a, const AttributeBins& b) {
    return a.density == b.density && a.register_bin == b.register_bin &&
           a.velocity_level == b.velocity_level && a.syncopation == b.syncopation &&
           a.polyphony == b.polyphony && a.note_length == b.note_length &&
           a.empty_beats == b.empty_beats;
  }
};

// Measures `notes` (steps relative to the window start) over `bars` bars of `steps_per_bar`
// steps. bars >= 1, steps_per_bar >= 1. Thread safety: pure function.
TrackAttributes MeasureTrack(const std::vector<GridNote>& notes, int bars, int steps_per_bar);

// Empty-beat rate, MusPy (Dong et al., ISMIR 2020) `empty_beat_rate`, as in Pypianoroll and
// mgeval (Yang & Lerch, "On the evaluation of generative models in music", 2020):
//   empty_beat_rate = #beats in which no note sounds / #beats
// over [0, bars * steps_per_bar): beat b (kStepsPerBeat steps) is occupied when some note's
// [start_step, start_step + duration_steps) overlaps it. A bar whose length is not a whole number
// of beats (7/8) ends in a shorter beat, which counts as one beat. Pass one track's notes, or all
// tracks' notes concatenated for a section's rate. Returns 1 for no notes; 0 when
// bars * steps_per_bar <= 0 (no beats). Thread safety: pure function.
double EmptyBeatRate(absl::Span<const GridNote> notes, int steps_per_bar, int bars);

// Per beat of the window (BeatsInWindow(bars, steps_per_bar) entries), whether a note of `notes`
// sounds in it (SoundingBeats): what EmptyBeatRate counts, and where engine/evaluate's
// phrase-end measure looks for the silent beats. Empty when bars * steps_per_bar <= 0.
// Thread safety: pure function.
std::vector<bool> SoundingBeatMask(absl::Span<const GridNote> notes, int steps_per_bar, int bars);

// Beats [first, end) in which a note sounds for EmptyBeatRate: the note at `start_step`, lasting
// max(duration_steps, 1) steps, clipped to [0, total_steps); first >= end when none (the note
// lies outside). Beat b holds steps [b * kStepsPerBeat, (b + 1) * kStepsPerBeat). The decoding
// constraints (engine/sampling/remi_constraints.h) count with the same rule. Pure function.
struct BeatSpan {
  int first = 0;
  int end = 0;
};
BeatSpan SoundingBeats(int start_step, int duration_steps, int total_steps);

// Number of beats EmptyBeatRate counts over `bars` bars of `steps_per_bar` steps:
// ceil(bars * steps_per_bar / kStepsPerBeat); 0 when that product is <= 0. Pure function.
int BeatsInWindow(int bars, int steps_per_bar);

// Counts of empty beats, out of `beats`, whose rate falls in EmptyBeats bin `bin`: the inclusive
// range [min, max] with BinOf(count / beats, kEmptyBeatEdges) == bin for every count in it. In a
// 4-bar 4/4 window (16 beats) bin 0 is [0, 0], bin 1 [1, 1], bin 3 [3, 4], bin 5 [10, 16].
// Returns nullopt when no count out of `beats` lands in the bin (bin 1 of a 4-beat window), or
// for beats < 1 or a bin outside 0..kNumEmptyBeatBins-1. Pure function.
std::optional<std::pair<int, int>> EmptyBeatCountRange(int bin, int beats);

// Index of the bin of `value` given ascending `edges`.
template <std::size_t N>
int BinOf(double value, const std::array<double, N>& edges) {
  int bin = 0;
  while (bin < static_cast<int>(N) && value >= edges[bin]) ++bin;
  return bin;
}

// The bin of a target `value` drawn so that the expected bin representative equals `value`
// (stochastic rounding, "dither"; Roberts 1962): with r_k the representative of bin k (the
// midpoint of its edges; the open end bins: the edge -/+ half the neighbouring bin's width), a
// value between r_k and r_{k+1} gives bin k + 1 with probability (value - r_k) / (r_{k+1} - r_k)
// and bin k otherwise; at or below r_0 bin 0, above the last representative the last bin. `u` is
// uniform in [0, 1). A target on a bin edge (melody notes per bar 5.0, the POP909 median) then
// asks for either neighbour in proportion instead of always the upper one, so the attribute's
// mean over many sections lands on the target. Thread safety: pure function.
template <std::size_t N>
int DitheredBinOf(double value, const std::array<double, N>& edges, double u) {
  constexpr int kLast = static_cast<int>(N);
  auto representative = [&](int k) -> double {
    const double half_first = N > 1 ? (edges[1] - edges[0]) / 2 : 0.5;
    const double half_last = N > 1 ? (edges[N - 1] - edges[N - 2]) / 2 : 0.5;
    if (k == 0) return edges[0] - half_first;
    if (k == kLast) return edges[N - 1] + half_last;
    return (edges[k - 1] + edges[k]) / 2;
  };
  if (value <= representative(0)) return 0;
  for (int k = 0; k < kLast; ++k) {
    const double lo = representative(k), hi = representative(k + 1);
    if (value <= hi) return u < (value - lo) / (hi - lo) ? k + 1 : k;
  }
  return kLast;
}

// Bins of measured attributes. Empty tracks get register bin 5 (60..66) and note-length bin 2.
AttributeBins AttributeBinsOf(const TrackAttributes& attributes);

// A representative value of each bin (midpoint; open end bins use edge +/- half the last width).
// Used to turn a requested bin back into a number for targets and reports.
double DensityBinValue(int bin);
double RegisterBinValue(int bin);

}  // namespace stori::tokens

#endif  // STORI_ENGINE_TOKENS_TRACK_ATTRIBUTES_H_
