#include "engine/music/pitch_class.h"

#include "gtest/gtest.h"

namespace stori::music {
namespace {

TEST(PitchClass, WrapsNegativeValues) {
  EXPECT_EQ(PitchClass(60), 0);
  EXPECT_EQ(PitchClass(-1), 11);
  EXPECT_EQ(PitchClass(-12), 0);
  EXPECT_EQ(PitchClass(23), 11);
}

TEST(ParseNoteName, ReadsLetterAndOneAccidental) {
  std::size_t n = 0;
  EXPECT_EQ(ParseNoteName("C", &n), 0);
  EXPECT_EQ(n, 1u);
  EXPECT_EQ(ParseNoteName("F#m7", &n), 6);
  EXPECT_EQ(n, 2u);
  EXPECT_EQ(ParseNoteName("Bb", &n), 10);
  EXPECT_EQ(ParseNoteName("Cb", &n), 11);
  EXPECT_EQ(ParseNoteName("E#", &n), 5);
  EXPECT_EQ(ParseNoteName("B\u266D", &n), 10);
  EXPECT_EQ(n, 4u);
  EXPECT_EQ(ParseNoteName("c", &n), -1);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(ParseNoteName("", &n), -1);
}

TEST(PitchClassName, SpellsWithSharpsOrFlats) {
  EXPECT_EQ(PitchClassName(1, false), "C#");
  EXPECT_EQ(PitchClassName(1, true), "Db");
  EXPECT_EQ(PitchClassName(-2, true), "Bb");
  EXPECT_EQ(PitchClassName(4, true), "E");
}

}  // namespace
}  // namespace stori::music
