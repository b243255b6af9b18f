#include "engine/generate/default_progression.h"

#include "engine/music/chord_symbol.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stori::generate {
namespace {

SectionSpec Section(int bars, float valence, float tension, int numerator = 4) {
  SectionSpec s;
  s.bars = bars;
  s.time_signature = {0, numerator, 4};
  s.emotion.valence = valence;
  s.emotion.tension = tension;
  return s;
}

std::vector<std::string> Symbols(const std::vector<ChordEvent>& chords) {
  std::vector<std::string> out;
  for (const ChordEvent& c : chords) out.push_back(c.symbol);
  return out;
}

TEST(DefaultProgression, ValenceChoosesTheLoopFromBrightToDark) {
  const music::Key c_major{0, false};
  EXPECT_THAT(Symbols(DefaultProgression(Section(4, 0.8f, 0.3f), c_major, 1)),
              ::testing::ElementsAre("C", "G", "Am", "F"));
  EXPECT_THAT(Symbols(DefaultProgression(Section(4, 0.0f, 0.3f), c_major, 1)),
              ::testing::ElementsAre("C", "Am", "F", "G"));
  EXPECT_THAT(Symbols(DefaultProgression(Section(4, -0.8f, 0.3f), c_major, 1)),
              ::testing::ElementsAre("Am", "F", "C", "G"));
  const music::Key a_minor{9, true};
  EXPECT_THAT(Symbols(DefaultProgression(Section(4, 0.8f, 0.3f), a_minor, 1)),
              ::testing::ElementsAre("Am", "F", "C", "G"));
  EXPECT_THAT(Symbols(DefaultProgression(Section(4, -0.8f, 0.3f), a_minor, 1)),
              ::testing::ElementsAre("Am", "Dm", "Em", "Am"));
}

TEST(DefaultProgression, HighTensionEndsTheLoopOnTheDominantSeventh) {
  EXPECT_THAT(Symbols(DefaultProgression(Section(4, 0.0f, 0.8f), music::Key{9, true}, 1)),
              ::testing::ElementsAre("Am", "G", "F", "E7"));
  EXPECT_THAT(Symbols(DefaultProgression(Section(4, 0.0f, 0.8f), music::Key{0, false}, 1)),
              ::testing::ElementsAre("C", "Am", "F", "G7"));
}

TEST(DefaultProgression, FlatKeysAreSpeltWithFlatsAndEverySymbolParses) {
  const auto chords = DefaultProgression(Section(8, 0.8f, 0.3f), music::Key{10, false}, 1);
  EXPECT_THAT(Symbols(chords), ::testing::ElementsAre("Bb", "F", "Gm", "Eb", "Bb", "F", "Gm", "Eb"));
  for (int tonic = 0; tonic < 12; ++tonic) {
    for (bool minor : {false, true}) {
      for (float tension : {0.2f, 0.9f}) {
        for (const ChordEvent& c :
             DefaultProgression(Section(4, 0.0f, tension), music::Key{tonic, minor}, 1)) {
          EXPECT_TRUE(music::ParseChordSymbol(c.symbol).ok()) << c.symbol;
        }
      }
    }
  }
}

TEST(DefaultProgression, HarmonicRhythmAndMeterPlaceTheChanges) {
  const auto half_bar = DefaultProgression(Section(2, 0.0f, 0.3f), music::Key{0, false}, 0.5f);
  ASSERT_EQ(half_bar.size(), 4u);
  EXPECT_EQ(half_bar[1].bar, 0);
  EXPECT_DOUBLE_EQ(half_bar[1].beat, 2.0);
  EXPECT_DOUBLE_EQ(half_bar[2].start_beat, 4.0);
  const auto waltz = DefaultProgression(Section(4, 0.0f, 0.3f, 3), music::Key{0, false}, 2);
  ASSERT_EQ(waltz.size(), 2u);
  EXPECT_EQ(waltz[1].bar, 2);
  EXPECT_DOUBLE_EQ(waltz[1].start_beat, 6.0);
  EXPECT_EQ(ProgressionText(waltz), "C Am");
}

}  // namespace
}  // namespace stori::generate
