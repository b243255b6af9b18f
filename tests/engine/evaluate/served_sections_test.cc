// Which windows the as-served evaluation requests (engine/evaluate/served_sections.h), on
// hand-built windows.
#include "engine/evaluate/served_sections.h"

#include <string>
#include <vector>

#include "engine/tokens/chord_token.h"
#include "engine/tokens/vocabulary.h"
#include "gtest/gtest.h"

namespace stori::evaluate {
namespace {

using tokens::TokenRole;

// A 2-bar 4/4 window in C major with all four tracks and a C chord per bar.
EvaluationWindow Eligible(const std::string& source) {
  EvaluationWindow w;
  w.set = "pop909";
  w.source = source;
  w.window.bars = 2;
  w.window.steps_per_bar = 4 * tokens::kStepsPerBeat;
  w.window.key = 0;
  w.window.chords = {{{0, 0}}, {{0, 0}}};
  for (TokenRole role :
       {TokenRole::kDrums, TokenRole::kBass, TokenRole::kHarmony, TokenRole::kMelody}) {
    tokens::TrackSegment t;
    t.role = role;
    t.notes.push_back({0, 12, role == TokenRole::kDrums ? 36 : 60, 80});  // bar 1, beat 1
    w.window.tracks.push_back(t);
  }
  return w;
}

TEST(ServedEligible, NeedsDrumsKeyChordsAndNoNoChord) {
  EXPECT_TRUE(ServedEligible(Eligible("a")));
  EvaluationWindow no_drums = Eligible("b");
  no_drums.window.tracks.erase(no_drums.window.tracks.begin());
  EXPECT_FALSE(ServedEligible(no_drums));
  EvaluationWindow no_key = Eligible("c");
  no_key.window.key = tokens::kNoKeyValue;
  EXPECT_FALSE(ServedEligible(no_key));
  EvaluationWindow no_chords = Eligible("d");
  no_chords.window.chords.clear();
  EXPECT_FALSE(ServedEligible(no_chords));
  EvaluationWindow n_chord = Eligible("e");
  n_chord.window.chords[1].push_back({2, tokens::NoChordTokenValue()});
  EXPECT_FALSE(ServedEligible(n_chord));
}

// A 6-bar window has phrases of bars 1-4 and 5-6: each track must start a note in both.
TEST(ServedEligible, EveryTrackPlaysInEveryPhrase) {
  EvaluationWindow w = Eligible("a");
  w.window.bars = 6;
  w.window.chords.assign(6, {{0, 0}});
  EXPECT_FALSE(ServedEligible(w));  // bars 5-6 silent on every track
  const int bar5 = 4 * w.window.steps_per_bar;
  for (tokens::TrackSegment& t : w.window.tracks) {
    t.notes.push_back({bar5 + w.window.steps_per_bar, 12, t.notes[0].pitch, 80});  // bar 6
  }
  EXPECT_TRUE(ServedEligible(w));
  EvaluationWindow late_melody = w;
  tokens::TrackSegment& melody = late_melody.window.tracks.back();
  ASSERT_EQ(melody.role, TokenRole::kMelody);
  melody.notes.erase(melody.notes.begin());  // enters in bar 6: sits out bars 1-4
  EXPECT_FALSE(ServedEligible(late_melody));
  EvaluationWindow held_over = w;
  // A note held from bar 4 over bar 5 does not start in the second phrase.
  held_over.window.tracks[1].notes.back().start_step = bar5 - 12;
  EXPECT_FALSE(ServedEligible(held_over));
}

TEST(SelectServedSections, EveryNthEligibleWindowInOrder) {
  std::vector<EvaluationWindow> windows;
  for (int i = 0; i < 12; ++i) {
    EvaluationWindow w = Eligible(std::to_string(i));
    if (i % 4 == 3) w.window.key = tokens::kNoKeyValue;  // 3, 7, 11 are not eligible
    windows.push_back(w);
  }
  // Eligible: 0 1 2 4 5 6 8 9 10 (9); 3 sections -> stride 3 -> 0, 4, 8.
  const ServedSelection s = SelectServedSections(windows, 3);
  EXPECT_EQ(s.windows, 12);
  EXPECT_EQ(s.eligible, 9);
  EXPECT_EQ(s.stride, 3);
  std::vector<std::string> sources;
  for (const EvaluationWindow& w : s.sections) sources.push_back(w.source);
  EXPECT_EQ(sources, (std::vector<std::string>{"0", "4", "8"}));
}

TEST(SelectServedSections, FewerEligibleThanAskedGivesAllAndZeroGivesNone) {
  std::vector<EvaluationWindow> windows = {Eligible("0"), Eligible("1")};
  EXPECT_EQ(SelectServedSections(windows, 5).sections.size(), 2u);
  EXPECT_EQ(SelectServedSections(windows, 5).stride, 1);
  EXPECT_TRUE(SelectServedSections(windows, 0).sections.empty());
}

}  // namespace
}  // namespace stori::evaluate
