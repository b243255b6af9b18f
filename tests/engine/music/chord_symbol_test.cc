#include "engine/music/chord_symbol.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::music {
namespace {

using ::stori::testing::IsOk;
using ::stori::testing::StatusIs;
using Q = ChordQuality;

struct ChordCase {
  const char* text;
  int root;
  Q quality;
  int bass;
  std::vector<int> pitch_classes;
};

// Pitch classes from standard chord spellings (C = 0).
const ChordCase kCases[] = {
    {"C", 0, Q::kMajor, 0, {0, 4, 7}},
    {"Cm", 0, Q::kMinor, 0, {0, 3, 7}},
    {"Cmin", 0, Q::kMinor, 0, {0, 3, 7}},
    {"C-", 0, Q::kMinor, 0, {0, 3, 7}},
    {"Cdim", 0, Q::kDiminished, 0, {0, 3, 6}},
    {"Co", 0, Q::kDiminished, 0, {0, 3, 6}},
    {"C+", 0, Q::kAugmented, 0, {0, 4, 8}},
    {"Caug", 0, Q::kAugmented, 0, {0, 4, 8}},
    {"Csus2", 0, Q::kSus2, 0, {0, 2, 7}},
    {"Csus4", 0, Q::kSus4, 0, {0, 5, 7}},
    {"Csus", 0, Q::kSus4, 0, {0, 5, 7}},
    {"C7", 0, Q::kDominant7, 0, {0, 4, 7, 10}},
    {"Cmaj7", 0, Q::kMajor7, 0, {0, 4, 7, 11}},
    {"CM7", 0, Q::kMajor7, 0, {0, 4, 7, 11}},
    {"C\u03947", 0, Q::kMajor7, 0, {0, 4, 7, 11}},
    {"C\u0394", 0, Q::kMajor7, 0, {0, 4, 7, 11}},
    {"Cm7", 0, Q::kMinor7, 0, {0, 3, 7, 10}},
    {"Cmin7", 0, Q::kMinor7, 0, {0, 3, 7, 10}},
    {"Cm7b5", 0, Q::kHalfDiminished7, 0, {0, 3, 6, 10}},
    {"C\u00F8", 0, Q::kHalfDiminished7, 0, {0, 3, 6, 10}},
    {"C\u00F87", 0, Q::kHalfDiminished7, 0, {0, 3, 6, 10}},
    {"Cdim7", 0, Q::kDiminished7, 0, {0, 3, 6, 9}},
    {"Co7", 0, Q::kDiminished7, 0, {0, 3, 6, 9}},
    {"CmMaj7", 0, Q::kMinorMajor7, 0, {0, 3, 7, 11}},
    {"C6", 0, Q::kMajor6, 0, {0, 4, 7, 9}},
    {"Cm6", 0, Q::kMinor6, 0, {0, 3, 7, 9}},
    {"C69", 0, Q::kMajor6, 0, {0, 2, 4, 7, 9}},
    {"C6/9", 0, Q::kMajor6, 0, {0, 2, 4, 7, 9}},
    {"C9", 0, Q::kDominant7, 0, {0, 2, 4, 7, 10}},
    {"Cmaj9", 0, Q::kMajor7, 0, {0, 2, 4, 7, 11}},
    {"Cm9", 0, Q::kMinor7, 0, {0, 2, 3, 7, 10}},
    {"C11", 0, Q::kDominant7, 0, {0, 2, 4, 5, 7, 10}},
    {"C13", 0, Q::kDominant7, 0, {0, 2, 4, 7, 9, 10}},
    {"Cm13", 0, Q::kMinor7, 0, {0, 2, 3, 5, 7, 9, 10}},
    {"C7b9", 0, Q::kDominant7, 0, {0, 1, 4, 7, 10}},
    {"C7#9", 0, Q::kDominant7, 0, {0, 3, 4, 7, 10}},
    {"C7#11", 0, Q::kDominant7, 0, {0, 4, 6, 7, 10}},
    {"C7b13", 0, Q::kDominant7, 0, {0, 4, 7, 8, 10}},
    {"C7(b9,#11)", 0, Q::kDominant7, 0, {0, 1, 4, 6, 7, 10}},
    {"C7#5", 0, Q::kAugmented, 0, {0, 4, 8, 10}},
    {"C7b5", 0, Q::kDominant7, 0, {0, 4, 6, 10}},
    {"Cadd9", 0, Q::kMajor, 0, {0, 2, 4, 7}},
    {"Cm(add9)", 0, Q::kMinor, 0, {0, 2, 3, 7}},
    {"C7sus4", 0, Q::kSus4, 0, {0, 5, 7, 10}},
    {"C9sus4", 0, Q::kSus4, 0, {0, 2, 5, 7, 10}},
    {"C/E", 0, Q::kMajor, 4, {0, 4, 7}},
    {"C/Bb", 0, Q::kMajor, 10, {0, 4, 7, 10}},
    {"Am7/G", 9, Q::kMinor7, 7, {0, 4, 7, 9}},
    {"F#", 6, Q::kMajor, 6, {1, 6, 10}},
    {"F#m", 6, Q::kMinor, 6, {1, 6, 9}},
    {"Bb7", 10, Q::kDominant7, 10, {2, 5, 8, 10}},
    {"Cb", 11, Q::kMajor, 11, {3, 6, 11}},
    {"E#", 5, Q::kMajor, 5, {0, 5, 9}},
    {"E\u266Dmaj7", 3, Q::kMajor7, 3, {2, 3, 7, 10}},
    {"  G7  ", 7, Q::kDominant7, 7, {2, 5, 7, 11}},
    // Harte et al. 2005, as in POP909's chord_midi.txt.
    {"B:maj", 11, Q::kMajor, 11, {3, 6, 11}},
    {"A:min", 9, Q::kMinor, 9, {0, 4, 9}},
    {"C:min7/b7", 0, Q::kMinor7, 10, {0, 3, 7, 10}},
    {"C:maj/3", 0, Q::kMajor, 4, {0, 4, 7}},
    {"D:min/b3", 2, Q::kMinor, 5, {2, 5, 9}},
    {"G:7/5", 7, Q::kDominant7, 2, {2, 5, 7, 11}},
    {"G:sus4(b7)", 7, Q::kSus4, 7, {0, 2, 5, 7}},
    {"A:hdim7", 9, Q::kHalfDiminished7, 9, {0, 3, 7, 9}},
    {"Db:maj6", 1, Q::kMajor6, 1, {1, 5, 8, 10}},
    {"C:minmaj7", 0, Q::kMinorMajor7, 0, {0, 3, 7, 11}},
    {"C:maj(9)", 0, Q::kMajor, 0, {0, 2, 4, 7}},
    {"C:(1,3,5)", 0, Q::kMajor, 0, {0, 4, 7}},
    {"C:maj7(*5)", 0, Q::kMajor7, 0, {0, 4, 11}},
};

TEST(ParseChordSymbol, ParsesLeadSheetAndHarteSymbols) {
  for (const ChordCase& c : kCases) {
    absl::StatusOr<ChordSymbol> chord = ParseChordSymbol(c.text);
    ASSERT_THAT(chord, IsOk()) << c.text;
    EXPECT_EQ(chord->root_pc, c.root) << c.text;
    EXPECT_EQ(chord->quality, c.quality) << c.text << ": " << ChordQualityName(chord->quality);
    EXPECT_EQ(chord->bass_pc, c.bass) << c.text;
    EXPECT_EQ(chord->pitch_classes, c.pitch_classes) << c.text;
  }
}

TEST(ParseChordSymbol, ErrorsNameTheTextAndWhatWasExpected) {
  EXPECT_THAT(ParseChordSymbol(""),
              StatusIs(absl::StatusCode::kInvalidArgument, "chord \"\": empty; expected a root"));
  EXPECT_THAT(ParseChordSymbol("H7"),
              StatusIs(absl::StatusCode::kInvalidArgument, "root \"H\"; expected A-G"));
  EXPECT_THAT(ParseChordSymbol("cm"), StatusIs(absl::StatusCode::kInvalidArgument, "root \"c\""));
  EXPECT_THAT(ParseChordSymbol("Cmaj7x"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "chord \"Cmaj7x\": unknown extension \"x\"; expected b5, #5, b9"));
  EXPECT_THAT(ParseChordSymbol("C7b10"),
              StatusIs(absl::StatusCode::kInvalidArgument, "unknown extension \"b10\""));
  EXPECT_THAT(ParseChordSymbol("C8"), StatusIs(absl::StatusCode::kInvalidArgument,
                                               "unknown chord number \"8\"; expected 6, 69"));
  EXPECT_THAT(ParseChordSymbol("C5"),
              StatusIs(absl::StatusCode::kInvalidArgument, "unknown chord number \"5\""));
  EXPECT_THAT(ParseChordSymbol("C/H"), StatusIs(absl::StatusCode::kInvalidArgument,
                                                "bass \"H\" after \"/\"; expected a note name"));
  EXPECT_THAT(ParseChordSymbol("C7(b9"),
              StatusIs(absl::StatusCode::kInvalidArgument, "unbalanced parentheses"));
  EXPECT_THAT(ParseChordSymbol("C:foo"),
              StatusIs(absl::StatusCode::kInvalidArgument, "unknown shorthand \"foo\""));
  EXPECT_THAT(ParseChordSymbol("C:maj(b15)"),
              StatusIs(absl::StatusCode::kInvalidArgument, "degree \"b15\""));
  EXPECT_THAT(ParseChordSymbol("C:maj(b9x)"),
              StatusIs(absl::StatusCode::kInvalidArgument, "degree \"b9x\""));
  EXPECT_THAT(ParseChordSymbol("C:maj/x"),
              StatusIs(absl::StatusCode::kInvalidArgument, "bass degree \"x\""));
  EXPECT_THAT(ParseChordSymbol("N"), StatusIs(absl::StatusCode::kInvalidArgument, "root \"N\""));
}

TEST(IsNoChord, RecognisesNoChordMarks) {
  EXPECT_TRUE(IsNoChord("N"));
  EXPECT_TRUE(IsNoChord("N.C."));
  EXPECT_TRUE(IsNoChord(" NC "));
  EXPECT_FALSE(IsNoChord("C"));
}

TEST(ChordQualityName, IsTheHarteShorthandAndParsesBack) {
  for (int q = 0; q < kNumChordQualities; ++q) {
    const ChordQuality quality = static_cast<ChordQuality>(q);
    const std::string text = std::string("C:") + ChordQualityName(quality);
    absl::StatusOr<ChordSymbol> chord = ParseChordSymbol(text);
    ASSERT_THAT(chord, IsOk()) << text;
    EXPECT_EQ(chord->quality, quality) << text;
    EXPECT_EQ(chord->pitch_classes, ChordQualityIntervals(quality)) << text;
  }
}

// Seeded random symbols from the parser's alphabet: always a Status, and accepted chords keep
// the ChordSymbol invariants.
TEST(ParseChordSymbol, RandomSymbolsReturnStatusAndValidChords) {
  const std::string alphabet = "ABCDEFGHb#mMajindgsu+-o/:()*,0123456789 ";
  std::mt19937 rng(7);
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const int length = 1 + static_cast<int>(rng() % 9);
    for (int k = 0; k < length; ++k) text.push_back(alphabet[rng() % alphabet.size()]);
    absl::StatusOr<ChordSymbol> chord = ParseChordSymbol(text);
    if (!chord.ok()) {
      ASSERT_EQ(chord.status().code(), absl::StatusCode::kInvalidArgument) << text;
      continue;
    }
    ++accepted;
    const std::vector<int>& pcs = chord->pitch_classes;
    ASSERT_TRUE(std::is_sorted(pcs.begin(), pcs.end())) << text;
    ASSERT_TRUE(std::adjacent_find(pcs.begin(), pcs.end()) == pcs.end()) << text;
    ASSERT_TRUE(pcs.front() >= 0 && pcs.back() <= 11) << text;
    ASSERT_TRUE(std::binary_search(pcs.begin(), pcs.end(), chord->root_pc)) << text;
    ASSERT_TRUE(std::binary_search(pcs.begin(), pcs.end(), chord->bass_pc)) << text;
  }
  EXPECT_GT(accepted, 100);
}

// Every chord label in POP909's chord_midi.txt files parses (real data; skipped without it).
TEST(ParseChordSymbol, EveryPop909ChordLabelParses) {
  const std::string root = testing::SharedDataDir() + "/pop909";
  if (!std::filesystem::is_directory(root)) GTEST_SKIP() << root << " is absent";
  std::set<std::string> labels;
  int lines = 0;
  for (const auto& dir : std::filesystem::directory_iterator(root)) {
    std::ifstream in(dir.path() / "chord_midi.txt");
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string start, end, label;
      if (fields >> start >> end >> label) {
        labels.insert(label);
        ++lines;
      }
    }
  }
  ASSERT_GT(lines, 100000);
  for (const std::string& label : labels) {
    if (IsNoChord(label)) continue;
    EXPECT_THAT(ParseChordSymbol(label), IsOk()) << label;
  }
}

}  // namespace
}  // namespace stori::music
