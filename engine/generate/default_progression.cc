#include "engine/generate/default_progression.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace stori::generate {
namespace {

// A chord of a loop: scale degree 1..7 of the key and the suffix its quality takes.
struct Degree {
  int degree;
  const char* suffix;  // "", "m", "dim", "7"
};

using Loop = std::array<Degree, 4>;

// Brightest first (higher valence picks an earlier loop).
constexpr Loop kMajorLoops[] = {
    {{{1, ""}, {5, ""}, {6, "m"}, {4, ""}}},   // I V vi IV
    {{{1, ""}, {6, "m"}, {4, ""}, {5, ""}}},   // I vi IV V
    {{{6, "m"}, {4, ""}, {1, ""}, {5, ""}}},   // vi IV I V
};
constexpr Loop kMinorLoops[] = {
    {{{1, "m"}, {6, ""}, {3, ""}, {7, ""}}},   // i VI III VII
    {{{1, "m"}, {7, ""}, {6, ""}, {7, ""}}},   // i VII VI VII
    {{{1, "m"}, {4, "m"}, {5, "m"}, {1, "m"}}},  // i iv v i
};

constexpr const char* kSharpNames[12] = {"C",  "C#", "D",  "D#", "E",  "F",
                                         "F#", "G",  "G#", "A",  "A#", "B"};
constexpr const char* kFlatNames[12] = {"C",  "Db", "D",  "Eb", "E",  "F",
                                        "Gb", "G",  "Ab", "A",  "Bb", "B"};

std::string RootName(int pc, const music::Key& key) {
  const bool flats = music::KeySignatureFor(key).sharps_flats < 0;
  return (flats ? kFlatNames : kSharpNames)[((pc % 12) + 12) % 12];
}

}  // namespace

std::vector<ChordEvent> DefaultProgression(const SectionSpec& section, const music::Key& key,
                                           float harmonic_rhythm_bars) {
  const std::vector<int> scale = music::ScalePitchClasses(key);
  const auto& loops = key.minor ? kMinorLoops : kMajorLoops;
  const double brightness = std::clamp((section.emotion.valence + 1.0) / 2.0, 0.0, 1.0);
  const int index = std::clamp(static_cast<int>((1.0 - brightness) * 3.0), 0, 2);
  Loop loop = loops[index];
  std::vector<std::string> symbols;
  for (const Degree& d : loop) {
    symbols.push_back(RootName(scale[d.degree - 1], key) + d.suffix);
  }
  if (section.emotion.tension > kDominantSeventhTension) {
    // The dominant: degree 5's root; a major triad plus minor seventh in either mode.
    symbols.back() = RootName(scale[4], key) + "7";
  }
  const double beats_per_bar = section.time_signature.beats_per_bar();
  const double every_bars = harmonic_rhythm_bars > 0 ? harmonic_rhythm_bars : 1.0;
  const double every_beats = std::max(1.0, std::round(every_bars * beats_per_bar));
  std::vector<ChordEvent> out;
  const double total = section.beats();
  for (int i = 0; i * every_beats < total - 1e-9; ++i) {
    ChordEvent c;
    c.start_beat = i * every_beats;
    c.bar = static_cast<int>(std::floor(c.start_beat / beats_per_bar + 1e-9));
    c.beat = c.start_beat - c.bar * beats_per_bar;
    c.symbol = symbols[i % symbols.size()];
    out.push_back(std::move(c));
  }
  return out;
}

std::string ProgressionText(const std::vector<ChordEvent>& chords) {
  std::vector<std::string> symbols;
  for (std::size_t i = 0; i < chords.size() && i < 4; ++i) symbols.push_back(chords[i].symbol);
  return absl::StrJoin(symbols, " ");
}

}  // namespace stori::generate
