#include "engine/music/key.h"

#include <filesystem>
#include <fstream>
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
using ::testing::ElementsAre;

MATCHER_P(HoldsKey, expected, "") {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status();
    return false;
  }
  *result_listener << "key is " << arg->tonic_pc << (arg->minor ? " minor" : " major");
  return *arg == expected;
}

TEST(ParseKey, AcceptsShortLongAndHarteForms) {
  const struct {
    const char* text;
    Key key;
  } cases[] = {
      {"C", {0, false}},      {"Am", {9, true}},    {"F#m", {6, true}},
      {"Bb", {10, false}},    {"Ebm", {3, true}},   {"C major", {0, false}},
      {"A minor", {9, true}}, {"Cmaj", {0, false}}, {"Amin", {9, true}},
      {"Gb:maj", {6, false}}, {"A:min", {9, true}}, {"  D Minor ", {2, true}},
      {"CM", {0, false}},     {"Cb", {11, false}},  {"E#m", {5, true}},
  };
  for (const auto& c : cases) {
    absl::StatusOr<Key> key = ParseKey(c.text);
    ASSERT_THAT(key, IsOk()) << c.text;
    EXPECT_EQ(*key, c.key) << c.text;
  }
}

TEST(ParseKey, ErrorsNameTheTextAndWhatWasExpected) {
  EXPECT_THAT(ParseKey("H"),
              StatusIs(absl::StatusCode::kInvalidArgument, "key \"H\": tonic \"H\"; expected A-G"));
  EXPECT_THAT(ParseKey(""), StatusIs(absl::StatusCode::kInvalidArgument, "tonic"));
  EXPECT_THAT(ParseKey("Cdorian"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "key \"Cdorian\": mode \"dorian\"; expected major, minor"));
  EXPECT_THAT(ParseKey("C  major"), StatusIs(absl::StatusCode::kInvalidArgument, "mode"));
}

TEST(ScalePitchClasses, MajorAndNaturalMinorInDegreeOrder) {
  EXPECT_THAT(ScalePitchClasses({0, false}), ElementsAre(0, 2, 4, 5, 7, 9, 11));
  EXPECT_THAT(ScalePitchClasses({9, true}), ElementsAre(9, 11, 0, 2, 4, 5, 7));
  EXPECT_THAT(ScalePitchClasses({6, true}), ElementsAre(6, 8, 9, 11, 1, 2, 4));
}

TEST(KeyName, SpellsTheTonicAsItsSignatureDoes) {
  EXPECT_EQ(KeyName({6, true}), "F#m");
  EXPECT_EQ(KeyName({10, false}), "Bb");
  EXPECT_EQ(KeyName({3, true}), "Ebm");
  EXPECT_EQ(KeyName({1, false}), "Db");
  EXPECT_EQ(KeyName({6, false}), "Gb");
  EXPECT_EQ(KeyName({8, true}), "G#m");
  EXPECT_EQ(KeyName({0, false}), "C");
  EXPECT_EQ(KeyName({9, true}), "Am");
}

TEST(KeySignature, ConvertsBothWaysForEveryKey) {
  EXPECT_EQ(KeySignatureFor({7, false}).sharps_flats, 1);   // G
  EXPECT_EQ(KeySignatureFor({5, false}).sharps_flats, -1);  // F
  EXPECT_EQ(KeySignatureFor({4, true}).sharps_flats, 1);    // Em
  EXPECT_EQ(KeySignatureFor({2, true}).sharps_flats, -1);   // Dm
  EXPECT_EQ(KeySignatureFor({11, false}).sharps_flats, 5);  // B
  EXPECT_EQ(KeySignatureFor({6, false}).sharps_flats, -6);  // Gb, not F#
  EXPECT_EQ(KeySignatureFor({3, true}).sharps_flats, -6);   // Ebm, not D#m
  for (int pc = 0; pc < 12; ++pc) {
    for (bool minor : {false, true}) {
      const KeySignature sig = KeySignatureFor({pc, minor}, 960);
      EXPECT_EQ(sig.tick, 960);
      EXPECT_EQ(sig.minor, minor);
      EXPECT_TRUE(sig.sharps_flats >= -6 && sig.sharps_flats <= 5);
      EXPECT_THAT(KeyFromSignature(sig), HoldsKey(Key{pc, minor}));
      // The name parses back to the same key.
      EXPECT_THAT(ParseKey(KeyName({pc, minor})), HoldsKey(Key{pc, minor}));
    }
  }
  EXPECT_THAT(KeyFromSignature({0, 7, false}), HoldsKey(Key{1, false}));  // C#
  EXPECT_THAT(KeyFromSignature({0, -7, true}), HoldsKey(Key{8, true}));   // Abm
  EXPECT_THAT(KeyFromSignature({0, 8, false}),
              StatusIs(absl::StatusCode::kInvalidArgument, "sharps_flats 8; expected -7..7"));
}

// Every key label in POP909's key_audio.txt parses (real data; skipped without it).
TEST(ParseKey, EveryPop909KeyLabelParses) {
  const std::string root = testing::SharedDataDir() + "/pop909";
  if (!std::filesystem::is_directory(root)) GTEST_SKIP() << root << " is absent";
  int labels = 0;
  for (const auto& dir : std::filesystem::directory_iterator(root)) {
    std::ifstream in(dir.path() / "key_audio.txt");
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string start, end, label;
      if (!(fields >> start >> end >> label)) continue;
      ++labels;
      EXPECT_THAT(ParseKey(label), IsOk()) << dir.path() << ": " << label;
    }
  }
  EXPECT_GT(labels, 800);
}

}  // namespace
}  // namespace stori::music
