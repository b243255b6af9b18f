#include "engine/music/pitch_class.h"

#include "absl/strings/match.h"

namespace stori::music {
namespace {

constexpr const char* kSharpNames[12] = {"C",  "C#", "D",  "D#", "E",  "F",
                                         "F#", "G",  "G#", "A",  "A#", "B"};
constexpr const char* kFlatNames[12] = {"C",  "Db", "D",  "Eb", "E",  "F",
                                        "Gb", "G",  "Ab", "A",  "Bb", "B"};

// Natural pitch classes of the letters A..G.
constexpr int kLetterPitchClass[7] = {9, 11, 0, 2, 4, 5, 7};

}  // namespace

int ParseNoteName(absl::string_view text, std::size_t* consumed) {
  *consumed = 0;
  if (text.empty() || text[0] < 'A' || text[0] > 'G') return -1;
  int pc = kLetterPitchClass[text[0] - 'A'];
  std::size_t n = 1;
  const absl::string_view rest = text.substr(1);
  if (absl::StartsWith(rest, "#")) {
    pc += 1;
    n += 1;
  } else if (absl::StartsWith(rest, "b")) {
    pc -= 1;
    n += 1;
  } else if (absl::StartsWith(rest, "\u266F")) {
    pc += 1;
    n += 3;
  } else if (absl::StartsWith(rest, "\u266D")) {
    pc -= 1;
    n += 3;
  }
  *consumed = n;
  return PitchClass(pc);
}

std::string PitchClassName(int pitch_class, bool prefer_flats) {
  const int pc = PitchClass(pitch_class);
  return prefer_flats ? kFlatNames[pc] : kSharpNames[pc];
}

}  // namespace stori::music
