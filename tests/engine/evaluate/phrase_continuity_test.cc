// The phrase-memory measures (engine/evaluate/phrase_continuity.h): known answers on hand-built
// 8-bar lines, and their invariances on real POP909 melodies (song 004, tests/fixtures/pop909,
// MIT licence).
#include "engine/evaluate/phrase_continuity.h"

#include <cmath>
#include <vector>

#include "engine/dataset/pop909_windows.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::evaluate {
namespace {

using tokens::GridNote;

constexpr int kBar = 48;  // 4/4 on the 12-per-beat grid

// Quarter notes on beats 0..3 of `bar` with `pitches`.
void AddBar(int bar, const std::vector<int>& pitches, std::vector<GridNote>* notes) {
  for (std::size_t i = 0; i < pitches.size(); ++i) {
    notes->push_back(GridNote{bar * kBar + 12 * static_cast<int>(i), 12, pitches[i], 80});
  }
}

TEST(PhraseContinuity, RepeatedPhraseScoresOne) {
  // Bars 5-8 restate bars 1-4 a tone higher; bar 5 is bar 4's figure moved.
  std::vector<GridNote> notes;
  const std::vector<std::vector<int>> phrase = {
      {60, 62, 64, 65}, {67, 65, 64, 62}, {60, 64, 67, 72}, {71, 69, 67, 65}};
  for (int b = 0; b < 8; ++b) {
    std::vector<int> pitches = phrase[b % 4];
    if (b >= 4) {
      for (int& p : pitches) p += 2;
    }
    AddBar(b, pitches, &notes);
  }
  EXPECT_DOUBLE_EQ(*PhraseAnswerSimilarity(notes, kBar, 8, false), 1.0);
  // Bar 4 (71 69 67 65: -2 -4 -6) against bar 5 (62 64 66 67: +2 +4 +5): same rhythm, figure
  // shares only the first cell: 0.5 * 1 + 0.5 * 1/7.
  EXPECT_DOUBLE_EQ(*BoundaryBarSimilarity(notes, kBar, 8, false), 0.5 + 0.5 / 7);
}

TEST(PhraseContinuity, PitchClassContinuityIsTheCosineOfTwoBarHistograms) {
  std::vector<GridNote> notes;
  AddBar(2, {60, 64, 67, 72}, &notes);  // C E G C: C 2, E 1, G 1 quarters
  AddBar(3, {60, 64, 67, 72}, &notes);  // bars 3-4: C 4, E 2, G 2
  AddBar(4, {62, 65, 69, 74}, &notes);  // bars 5-6: D 4, F 2, A 2: no shared pitch class
  EXPECT_DOUBLE_EQ(*PitchClassContinuity(notes, kBar, 8), 0.0);
  AddBar(5, {60, 64, 67, 72}, &notes);  // bars 5-6 now D 2 F 1 A 1 C 2 E 1 G 1 (quarters)
  // (4*2 + 2*1 + 2*1) / (sqrt(16 + 4 + 4) * sqrt(2 * (4 + 1 + 1))) = 12 / sqrt(288)
  EXPECT_NEAR(*PitchClassContinuity(notes, kBar, 8), 12 / std::sqrt(288.0), 1e-12);
}

TEST(PhraseContinuity, DrumsCompareKeysNotTranspositions) {
  std::vector<GridNote> notes;
  for (int b = 0; b < 8; ++b) {
    notes.push_back(GridNote{b * kBar, 3, 36, 90});       // kick on 1
    notes.push_back(GridNote{b * kBar + 24, 3, b < 4 ? 38 : 40, 90});  // snare; bars 5-8 rim
  }
  // Rhythm the same; figures share the kick cell only: {(0,36),(8,38)} vs {(0,36),(8,40)}.
  EXPECT_DOUBLE_EQ(*BoundaryBarSimilarity(notes, kBar, 8, true), 0.5 + 0.5 / 3);
  EXPECT_DOUBLE_EQ(*PhraseAnswerSimilarity(notes, kBar, 8, true), 0.5 + 0.5 / 3);
}

TEST(PhraseContinuity, UndefinedWhereThereIsNothingToCompare) {
  std::vector<GridNote> notes;
  AddBar(0, {60, 62}, &notes);
  EXPECT_FALSE(BoundaryBarSimilarity(notes, kBar, 8, false).has_value());  // bars 4, 5 silent
  EXPECT_FALSE(PhraseAnswerSimilarity(notes, kBar, 8, false).has_value());
  EXPECT_FALSE(PitchClassContinuity(notes, kBar, 8).has_value());
  EXPECT_FALSE(PhraseAnswerSimilarity(notes, kBar, 4, false).has_value());  // one window
  EXPECT_FALSE(BoundaryBarSimilarity(notes, kBar, 4, false).has_value());
}

const tokens::TrackSegment* Melody(const tokens::RemiWindow& w) {
  for (const tokens::TrackSegment& t : w.tracks) {
    if (t.role == tokens::TokenRole::kMelody) return &t;
  }
  return nullptr;
}

// On the real 8-bar melodies of song 004: moving bars 5-8 a tritone away (as a window that
// started again in another key would) leaves phrase_answer_similarity as it was (figures are
// transposable, rhythms unchanged) and lowers pitch_class_continuity.
TEST(PhraseContinuity, RealMelodiesMovedATritoneAtBar5) {
  dataset::WindowOptions options;
  options.bars = 8;
  auto windows =
      dataset::Pop909Windows(::stori::testing::SourcePath("tests/fixtures/pop909/004"), options);
  ASSERT_TRUE(windows.ok()) << windows.status();
  double real_pcs = 0, moved_pcs = 0;
  int answers = 0, pcs = 0;
  for (const tokens::RemiWindow& w : *windows) {
    const tokens::TrackSegment* melody = Melody(w);
    if (melody == nullptr) continue;
    std::vector<GridNote> moved = melody->notes;
    for (GridNote& g : moved) {
      if (g.start_step >= 4 * w.steps_per_bar) g.pitch += 6;
    }
    const auto a = PhraseAnswerSimilarity(melody->notes, w.steps_per_bar, 8, false);
    const auto ma = PhraseAnswerSimilarity(moved, w.steps_per_bar, 8, false);
    ASSERT_EQ(a.has_value(), ma.has_value());
    if (a) {
      EXPECT_DOUBLE_EQ(*a, *ma);
      ++answers;
    }
    const auto p = PitchClassContinuity(melody->notes, w.steps_per_bar, 8);
    const auto mp = PitchClassContinuity(moved, w.steps_per_bar, 8);
    ASSERT_EQ(p.has_value(), mp.has_value());
    if (p) {
      real_pcs += *p;
      moved_pcs += *mp;
      ++pcs;
    }
  }
  ASSERT_GE(answers, 4);
  ASSERT_GE(pcs, 4);
  EXPECT_LT(moved_pcs / pcs, real_pcs / pcs - 0.1)
      << "real " << real_pcs / pcs << ", moved " << moved_pcs / pcs;
}

}  // namespace
}  // namespace stori::evaluate
