// stori-calibrate-targets: the real distributions the emotion -> targets table is fitted to
// (engine/targets/CALIBRATION.md). For every 4-bar training window (POP909 songs of the train
// split, NNN % 10 >= 2, as tools/dataset/prepare_dataset_main.cc splits them; Groove
// performances of info.csv's "train" split in 4/4, paired with the POP909 windows as the training
// data pairs them) and every track role, it measures what the
// targets set (engine/tokens/track_attributes.h definitions; register spread = highest - lowest
// pitch; velocity floor / mean / ceiling = the window's lowest / mean / highest velocity; leap rate = share of
// successive onsets, lowest note of each, more than 2 semitones apart; repeated-pitch rate =
// score::RepeatedPitchRate of the melody's top line and the bass's lowest line, the measure of the
// as-served tables, engine/evaluate/served_metrics.cc) and prints the 10th, 50th
// and 90th percentile and the mean of each as a markdown table, plus the Groove drums per style.
//
// Usage: stori-calibrate-targets --pop909 ../shared/data/pop909 --groove ../shared/data/groove
//          > engine/targets/CALIBRATION.md
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "engine/dataset/drum_pairing.h"
#include "engine/dataset/groove_windows.h"
#include "engine/dataset/pop909_windows.h"
#include "engine/score/repeated_pitch_rate.h"
#include "engine/tokens/track_attributes.h"

ABSL_FLAG(std::string, pop909, "", "POP909 folder (NNN/NNN.mid ...)");
ABSL_FLAG(std::string, groove, "", "Groove MIDI Dataset folder (info.csv ...)");

namespace {

using stori::tokens::GridNote;
using stori::tokens::TokenRole;

// Values of one measure, and their percentiles.
struct Distribution {
  std::vector<double> values;
  double Mean() const {
    double sum = 0;
    for (double v : values) sum += v;
    return values.empty() ? NAN : sum / static_cast<double>(values.size());
  }
  double Percentile(double p) const {  // nearest rank, p in [0, 1]
    if (values.empty()) return NAN;
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t rank = static_cast<std::size_t>(std::lround(p * (sorted.size() - 1)));
    return sorted[rank];
  }
};

constexpr const char* kMeasures[] = {"notes_per_bar", "register_center", "register_spread",
                                     "velocity_floor", "velocity_mean", "velocity_ceiling",
                                     "syncopation",
                                     "polyphony", "note_length", "leap_rate", "repeated_pitch_rate",
                                     "empty_beat_rate"};

using Measures = std::map<std::string, Distribution>;

double LeapRate(std::vector<GridNote> notes) {
  std::sort(notes.begin(), notes.end());
  std::vector<int> lowest;  // lowest pitch per onset
  int last_step = -1;
  for (const GridNote& n : notes) {
    if (n.start_step != last_step) lowest.push_back(n.pitch);
    last_step = n.start_step;
  }
  if (lowest.size() < 2) return NAN;
  int leaps = 0;
  for (std::size_t i = 1; i < lowest.size(); ++i) leaps += std::abs(lowest[i] - lowest[i - 1]) > 2;
  return static_cast<double>(leaps) / static_cast<double>(lowest.size() - 1);
}

void Measure(const stori::tokens::TrackSegment& t, int bars, int steps_per_bar, Measures* out) {
  if (t.notes.empty()) return;  // silent tracks are the behaviours' business, not the targets'
  const stori::tokens::TrackAttributes a = stori::tokens::MeasureTrack(t.notes, bars, steps_per_bar);
  const bool drums = t.role == TokenRole::kDrums;
  int low = 127, high = 0, vmin = 127, vmax = 1;
  for (const GridNote& n : t.notes) {
    low = std::min(low, n.pitch);
    high = std::max(high, n.pitch);
    vmin = std::min(vmin, n.velocity);
    vmax = std::max(vmax, n.velocity);
  }
  auto add = [&](const char* name, double v) {
    if (!std::isnan(v)) (*out)[name].values.push_back(v);
  };
  add("notes_per_bar", a.notes_per_bar);
  add("velocity_floor", vmin);
  add("velocity_mean", a.velocity_mean);
  add("velocity_ceiling", vmax);
  add("syncopation", a.syncopation);
  add("polyphony", a.polyphony);
  add("empty_beat_rate", a.empty_beat_rate);
  if (!drums) {
    add("register_center", a.register_center);
    add("register_spread", high - low);
    add("note_length", a.note_length);
    add("leap_rate", LeapRate(t.notes));
  }
  if (t.role == TokenRole::kMelody || t.role == TokenRole::kBass) {
    const absl::optional<double> repeated = stori::score::RepeatedPitchRate(
        t.notes, t.role == TokenRole::kMelody ? stori::score::LineVoice::kHighest
                                              : stori::score::LineVoice::kLowest);
    if (repeated.has_value()) add("repeated_pitch_rate", *repeated);
  }
}

const char* RoleName(TokenRole role) {
  switch (role) {
    case TokenRole::kDrums: return "drums";
    case TokenRole::kBass: return "bass";
    case TokenRole::kHarmony: return "harmony";
    case TokenRole::kMelody: return "melody";
  }
  return "?";
}

void PrintTable(const std::map<std::string, Measures>& by_group, const char* group_header) {
  std::printf("| %s | measure | n | p10 | p50 | mean | p90 |\n|---|---|---:|---:|---:|---:|---:|\n",
              group_header);
  for (const auto& [group, measures] : by_group) {
    for (const char* name : kMeasures) {
      const auto it = measures.find(name);
      if (it == measures.end() || it->second.values.empty()) continue;
      const Distribution& d = it->second;
      std::printf("| %s | %s | %zu | %.3f | %.3f | %.3f | %.3f |\n", group.c_str(), name,
                  d.values.size(), d.Percentile(0.1), d.Percentile(0.5), d.Mean(),
                  d.Percentile(0.9));
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string pop909 = absl::GetFlag(FLAGS_pop909);
  const std::string groove = absl::GetFlag(FLAGS_groove);
  if (pop909.empty() || groove.empty()) {
    std::fprintf(stderr, "usage: stori-calibrate-targets --pop909 DIR --groove DIR\n");
    return 2;
  }
  std::map<std::string, Measures> roles;
  std::map<std::string, Measures> styles;
  std::vector<stori::tokens::RemiWindow> drum_pool;
  int performances = 0;
  auto entries = stori::dataset::ReadGrooveInfo(groove);
  if (!entries.ok()) {
    std::fprintf(stderr, "%s\n", std::string(entries.status().message()).c_str());
    return 1;
  }
  for (const auto& entry : *entries) {
    if (entry.split != "train" || entry.numerator != 4 || entry.denominator != 4) continue;
    auto cut = stori::dataset::GrooveWindows(entry, stori::dataset::WindowOptions{});
    if (!cut.ok()) continue;
    ++performances;
    const std::string style = entry.style.substr(0, entry.style.find('/'));
    for (auto& w : *cut) {
      if (w.bars != 4) continue;  // the short last window of a performance
      for (const auto& t : w.tracks) Measure(t, w.bars, w.steps_per_bar, &styles[style]);
      drum_pool.push_back(std::move(w));
    }
  }
  int songs = 0, windows = 0;
  for (int song = 1; song <= 909; ++song) {
    if (song % 10 == 0 || song % 10 == 1) continue;  // test and validation splits
    const std::string dir = absl::StrFormat("%s/%03d", pop909, song);
    if (!std::filesystem::exists(dir)) continue;
    auto cut = stori::dataset::Pop909Windows(dir, stori::dataset::WindowOptions{});
    if (!cut.ok()) continue;
    ++songs;
    // Drums paired in as dataset preparation pairs them (every window here, not 75%).
    stori::dataset::DrumPairingOptions pairing;
    pairing.share = 1.0;
    pairing.seed = stori::dataset::SongPairingSeed(/*dataset_seed=*/1, song);
    stori::dataset::PairDrums(drum_pool, pairing, &*cut);
    for (const auto& w : *cut) {
      ++windows;
      for (const auto& t : w.tracks) Measure(t, w.bars, w.steps_per_bar, &roles[RoleName(t.role)]);
    }
  }
  std::printf("# Target calibration data\n\n"
              "Written by `stori-calibrate-targets` (tools/targets/calibrate_targets_main.cc): %d "
              "POP909 training songs (%d four-bar windows: bass, harmony, melody), each window's "
              "drums paired from the %zu four-bar windows of %d Groove training performances in "
              "4/4 as dataset preparation pairs them (engine/dataset/drum_pairing.h: a kick that "
              "agrees with the bass). Percentiles over windows where the track plays; definitions "
              "in the program's header.\n\n",
              songs, windows, drum_pool.size(), performances);
  PrintTable(roles, "role");
  std::printf("\n## Groove drums by style\n\n");
  PrintTable(styles, "style");
  return 0;
}
