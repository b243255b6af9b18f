#include "engine/generate/token_controls.h"

#include "engine/music/chord_symbol.h"
#include "engine/tokens/chord_token.h"
#include "gtest/gtest.h"

namespace stori::generate {
namespace {

int Value(const char* symbol) {
  return tokens::ChordTokenValue(*music::ParseChordSymbol(symbol));
}

TEST(BarChords, NoChordMarksAreSilenceNotErrors) {
  SectionSpec s;
  s.bars = 2;
  s.time_signature = {0, 4, 4};
  s.chords = {{0, 0.0, 0.0, "Am"}, {0, 2.0, 2.0, "N.C."}, {1, 0.0, 4.0, "N"}, {1, 2.0, 6.0, "F"}};
  const auto bars = BarChords(s, 0, 2);
  ASSERT_TRUE(bars.ok()) << bars.status();
  const int none = tokens::NoChordTokenValue();
  ASSERT_EQ(bars->size(), 2u);
  EXPECT_EQ((*bars)[0], (std::vector<tokens::BarChord>{{0, Value("Am")}, {2, none}}));
  EXPECT_EQ((*bars)[1], (std::vector<tokens::BarChord>{{0, none}, {2, Value("F")}}));
}

TEST(BarChords, AnUnparseableSymbolIsStillAnError) {
  SectionSpec s;
  s.bars = 1;
  s.time_signature = {0, 4, 4};
  s.chords = {{0, 0.0, 0.0, "Hm7"}};
  EXPECT_FALSE(BarChords(s, 0, 1).ok());
}

}  // namespace
}  // namespace stori::generate
