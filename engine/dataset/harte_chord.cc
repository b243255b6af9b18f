#include "engine/dataset/harte_chord.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "engine/tokens/chord_token.h"
#include "engine/tokens/vocabulary.h"

namespace stori::dataset {
namespace {

// music::ChordQuality order: maj min dim aug sus2 sus4 7 maj7 min7 hdim7 dim7 minmaj7 maj6 min6.
struct QualityAlias {
  const char* harte;
  int quality;
};
constexpr QualityAlias kQualities[] = {
    {"maj", 0},  {"min", 1},    {"dim", 2},     {"aug", 3},    {"sus2", 4},   {"sus4", 5},
    {"7", 6},    {"maj7", 7},   {"min7", 8},    {"hdim7", 9},  {"dim7", 10},  {"minmaj7", 11},
    {"maj6", 12}, {"min6", 13}, {"9", 6},       {"11", 6},     {"13", 6},     {"maj9", 7},
    {"maj11", 7}, {"maj13", 7}, {"min9", 8},    {"min11", 8},  {"min13", 8},  {"sus", 5},
    {"5", 0},    {"1", 0},      {"aug7", 6},    {"dim9", 10},  {"minmaj9", 11}, {"7sus4", 5}};

int PitchClassOfLetter(char c) {
  switch (c) {
    case 'C': return 0;
    case 'D': return 2;
    case 'E': return 4;
    case 'F': return 5;
    case 'G': return 7;
    case 'A': return 9;
    case 'B': return 11;
    default: return -1;
  }
}

}  // namespace

absl::StatusOr<int> HarteChordTokenValue(absl::string_view label) {
  if (label == "N" || label == "X" || label.empty()) return tokens::NoChordTokenValue();
  const auto fail = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("chord label \"", label, "\": ", why));
  };
  int root = PitchClassOfLetter(label[0]);
  if (root < 0) return fail("root must be a letter A-G");
  std::size_t i = 1;
  while (i < label.size() && (label[i] == '#' || label[i] == 'b')) {
    root += label[i] == '#' ? 1 : -1;
    ++i;
  }
  root = ((root % 12) + 12) % 12;
  std::string quality = "maj";
  if (i < label.size() && label[i] == ':') {
    const std::size_t end = label.find_first_of("(/", i + 1);
    quality = std::string(label.substr(i + 1, end == absl::string_view::npos ? end : end - i - 1));
  }
  for (const QualityAlias& q : kQualities) {
    if (quality == q.harte) return root * tokens::kNumChordQualities + q.quality;
  }
  if (quality.empty()) return root * tokens::kNumChordQualities;
  return fail(absl::StrCat("unknown quality \"", quality, "\""));
}

}  // namespace stori::dataset
