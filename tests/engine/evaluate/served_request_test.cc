// The as-served request of a real window (engine/evaluate/served_request.h): chord symbols and
// tempo that give back the window's tokens, the server's track layout, and the refusals. No
// model needed.
#include "engine/evaluate/served_request.h"

#include <limits>
#include <string>

#include "engine/evaluate/test_windows.h"
#include "engine/music/chord_symbol.h"
#include "engine/music/gm_program.h"
#include "engine/tokens/chord_token.h"
#include "engine/tokens/vocabulary.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::evaluate {
namespace {

TEST(ChordSymbolOfTokenValue, ParsesBackToEveryTokenValue) {
  for (int value = 0; value < 12 * tokens::kNumChordQualities; ++value) {
    const std::string symbol = ChordSymbolOfTokenValue(value);
    auto parsed = music::ParseChordSymbol(symbol);
    ASSERT_TRUE(parsed.ok()) << symbol << ": " << parsed.status();
    EXPECT_EQ(tokens::ChordTokenValue(*parsed), value) << symbol;
  }
}

TEST(ChordSymbolOfTokenValue, HarteSpellingAndNoChord) {
  EXPECT_EQ(ChordSymbolOfTokenValue(1 * tokens::kNumChordQualities + 8), "C#:min7");
  EXPECT_EQ(ChordSymbolOfTokenValue(tokens::NoChordTokenValue()), "N");
  EXPECT_EQ(ChordSymbolOfTokenValue(-1), "N");
}

TEST(TempoOfBin, LiesInItsBin) {
  for (int bin = 0; bin <= static_cast<int>(tokens::kTempoBinEdgesBpm.size()); ++bin) {
    EXPECT_EQ(tokens::TempoBin(TempoOfBin(bin)), bin) << TempoOfBin(bin);
  }
  EXPECT_DOUBLE_EQ(TempoOfBin(0), 40.0);    // (20 + 60) / 2
  EXPECT_DOUBLE_EQ(TempoOfBin(1), 65.0);    // (60 + 70) / 2
  EXPECT_DOUBLE_EQ(TempoOfBin(11), 240.0);  // (180 + 300) / 2
}

TEST(EmotionVectors, NeutralAndStoriDefault) {
  const NamedEmotion neutral = NeutralEmotion();
  EXPECT_EQ(neutral.name, "neutral");
  EXPECT_FLOAT_EQ(neutral.emotion.tension, 0.5f);
  const NamedEmotion stori = StoriDefaultEmotion();
  EXPECT_EQ(stori.name, "stori_default");
  EXPECT_FLOAT_EQ(stori.emotion.energy, 0.5f);
  EXPECT_FLOAT_EQ(stori.emotion.valence, 0.0f);
  EXPECT_FLOAT_EQ(stori.emotion.tension, 0.3f);
  EXPECT_FLOAT_EQ(stori.emotion.intimacy, 0.5f);
  EXPECT_FLOAT_EQ(stori.emotion.motion, 0.5f);
}

// An 8-bar window of fixture song 004 with chords on every bar and no "N".
tokens::RemiWindow FixtureWindow() {
  TestWindowOptions options;
  options.bars = 8;
  options.max_tokens = std::numeric_limits<int>::max();
  auto windows = Pop909SongWindows(testing::SourcePath("tests/fixtures/pop909/004"), options);
  EXPECT_TRUE(windows.ok()) << windows.status();
  for (const EvaluationWindow& w : *windows) {
    bool has_none = w.window.key == tokens::kNoKeyValue;
    for (const auto& bar : w.window.chords) {
      for (const tokens::BarChord& c : bar) has_none |= c.chord == tokens::NoChordTokenValue();
    }
    if (!has_none) return w.window;
  }
  ADD_FAILURE() << "fixture 004 has no 8-bar window without an N chord";
  return tokens::RemiWindow{};
}

TEST(ServedSectionRequest, CarriesTheWindowsMusicAndTheServersTrackLayout) {
  const tokens::RemiWindow real = FixtureWindow();
  auto request = ServedSectionRequest(real, "pop909/004#1", StoriDefaultEmotion().emotion,
                                      QualityPreset::kFast, 42);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->genre, "pop");
  EXPECT_EQ(tokens::TempoBin(request->tempo_bpm), real.tempo_bin);
  EXPECT_EQ(request->seed, 42u);
  EXPECT_EQ(request->num_candidates, 1);
  EXPECT_TRUE(request->motifs.empty());
  const SectionSpec& s = request->section;
  EXPECT_EQ(s.section_id, "pop909/004#1");
  EXPECT_EQ(s.bars, 8);
  EXPECT_FALSE(s.section_type.has_value());
  EXPECT_EQ(s.key, request->key);
  EXPECT_FLOAT_EQ(s.emotion.tension, 0.3f);
  EXPECT_EQ(s.time_signature.numerator, tokens::kMeters[real.meter].numerator);

  ASSERT_EQ(request->tracks.size(), 4u);
  const music::TrackRole roles[] = {music::TrackRole::kDrums, music::TrackRole::kBass,
                                    music::TrackRole::kHarmony, music::TrackRole::kMelody};
  const int channels[] = {9, 0, 1, 2};  // music::AssignChannels
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(request->tracks[i].role, roles[i]);
    EXPECT_EQ(request->tracks[i].program, music::DefaultProgramForRole(roles[i]));
    EXPECT_EQ(request->tracks[i].channel, channels[i]);
  }
  ASSERT_EQ(s.track_behaviors.size(), 4u);
  for (const TrackBehavior& b : s.track_behaviors) {
    EXPECT_TRUE(b.active);
    EXPECT_EQ(b.enter_bar, 0);
    EXPECT_FALSE(b.density.has_value());
  }

  // One chord event per bar chord, parsing back to the window's token values.
  std::size_t k = 0;
  for (std::size_t bar = 0; bar < real.chords.size(); ++bar) {
    for (const tokens::BarChord& c : real.chords[bar]) {
      ASSERT_LT(k, s.chords.size());
      const ChordEvent& e = s.chords[k++];
      EXPECT_EQ(e.bar, static_cast<int>(bar));
      EXPECT_DOUBLE_EQ(e.beat, c.beat);
      EXPECT_DOUBLE_EQ(e.start_beat, bar * s.time_signature.beats_per_bar() + c.beat);
      auto parsed = music::ParseChordSymbol(e.symbol);
      ASSERT_TRUE(parsed.ok()) << e.symbol;
      EXPECT_EQ(tokens::ChordTokenValue(*parsed), c.chord);
    }
  }
  EXPECT_EQ(k, s.chords.size());
}

TEST(ServedSectionRequest, RefusesAWindowWithoutKeyOrWithNoChord) {
  tokens::RemiWindow real = FixtureWindow();
  tokens::RemiWindow no_key = real;
  no_key.key = tokens::kNoKeyValue;
  EXPECT_EQ(
      ServedSectionRequest(no_key, "x", NeutralEmotion().emotion, QualityPreset::kFast, 1)
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
  real.chords[2].push_back({2, tokens::NoChordTokenValue()});
  EXPECT_EQ(
      ServedSectionRequest(real, "x", NeutralEmotion().emotion, QualityPreset::kFast, 1)
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace stori::evaluate
