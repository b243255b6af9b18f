#include "engine/generate/token_controls.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "engine/music/chord_symbol.h"
#include "engine/music/key.h"
#include "engine/tokens/chord_token.h"
#include "engine/tokens/quantization.h"
#include "engine/tokens/vocabulary.h"

namespace stori::generate {

absl::StatusOr<std::vector<std::vector<tokens::BarChord>>> BarChords(const SectionSpec& section,
                                                                     int first_bar, int bars) {
  const int none = tokens::NoChordTokenValue();
  std::vector<std::pair<double, int>> changes;  // (start_beat, value)
  for (std::size_t i = 0; i < section.chords.size(); ++i) {
    if (music::IsNoChord(section.chords[i].symbol)) {  // "N", "NC", "N.C.": nothing sounds
      changes.emplace_back(section.chords[i].start_beat, none);
      continue;
    }
    auto chord = music::ParseChordSymbol(section.chords[i].symbol);
    if (!chord.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("section.chords[", i, "]: ", chord.status().message()));
    }
    changes.emplace_back(section.chords[i].start_beat, tokens::ChordTokenValue(*chord));
  }
  const double beats_per_bar = section.time_signature.beats_per_bar();
  std::vector<std::vector<tokens::BarChord>> out;
  for (int b = first_bar; b < first_bar + bars; ++b) {
    const double bar_start = b * beats_per_bar;
    int at_start = none;
    for (const auto& [beat, value] : changes) {
      if (beat <= bar_start + 1e-9) at_start = value;
    }
    std::vector<tokens::BarChord> bar = {{0, at_start}};
    for (const auto& [beat, value] : changes) {
      if (beat <= bar_start + 1e-9 || beat >= bar_start + beats_per_bar - 1e-9) continue;
      const int whole = static_cast<int>(std::floor(beat - bar_start + 1e-9));
      if (whole >= tokens::kMaxBeatsPerBar) continue;
      if (bar.back().beat == whole) {
        bar.back().chord = value;
      } else if (bar.back().chord != value) {
        bar.push_back({whole, value});
      }
    }
    out.push_back(std::move(bar));
  }
  return out;
}

absl::StatusOr<int> KeyTokenValue(const std::string& key) {
  if (key.empty()) return tokens::kNoKeyValue;
  auto parsed = music::ParseKey(key);
  if (!parsed.ok()) return parsed.status();
  return parsed->tonic_pc * 2 + (parsed->minor ? 1 : 0);
}

std::vector<bool> OnsetStepMask(int subdivision, double swing) {
  std::vector<bool> mask(tokens::kStepsPerBeat, false);
  switch (subdivision) {
    case 1: mask[0] = true; break;
    case 2: mask[0] = mask[6] = true; break;
    case 3: mask[0] = mask[4] = mask[8] = true; break;
    case 4: mask[0] = mask[3] = mask[6] = mask[9] = true; break;
    default:
      for (int s = 0; s < tokens::kStepsPerBeat; ++s) mask[s] = tokens::IsOnsetGridStep(s);
  }
  if (swing > 0.3) mask[8] = true;
  return mask;
}

void VelocityBinRange(int floor, int ceiling, int* min_bin, int* max_bin) {
  *min_bin = tokens::kNumVelocityBins - 1;
  *max_bin = 0;
  for (int b = 0; b < tokens::kNumVelocityBins; ++b) {
    const int centre = tokens::VelocityBinCentre(b);
    if (centre >= floor - 8 && centre <= ceiling + 8) {
      *min_bin = std::min(*min_bin, b);
      *max_bin = std::max(*max_bin, b);
    }
  }
  if (*min_bin > *max_bin) {  // floor..ceiling narrower than a bin: take the nearest bin
    *min_bin = *max_bin = tokens::VelocityBin((floor + ceiling) / 2);
  }
}

}  // namespace stori::generate
