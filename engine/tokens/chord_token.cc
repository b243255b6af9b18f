#include "engine/tokens/chord_token.h"

#include <algorithm>

#include "engine/tokens/vocabulary.h"

namespace stori::tokens {

int NoChordTokenValue() { return 12 * kNumChordQualities; }

int ChordTokenValue(const music::ChordSymbol& chord) {
  return chord.root_pc * kNumChordQualities + static_cast<int>(chord.quality);
}

int ChordTokenRoot(int chord_value) {
  if (chord_value < 0 || chord_value >= NoChordTokenValue()) return -1;
  return chord_value / kNumChordQualities;
}

std::vector<int> ChordTokenPitchClasses(int chord_value) {
  std::vector<int> out;
  if (chord_value < 0 || chord_value >= NoChordTokenValue()) return out;
  const int root = chord_value / kNumChordQualities;
  const auto quality = static_cast<music::ChordQuality>(chord_value % kNumChordQualities);
  for (int interval : music::ChordQualityIntervals(quality)) out.push_back((root + interval) % 12);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace stori::tokens
