#include <algorithm>

#include "engine/dataset/beat_map.h"
#include "engine/dataset/drum_pairing.h"
#include "engine/dataset/groove_windows.h"
#include "engine/dataset/harte_chord.h"
#include "engine/dataset/pop909_windows.h"
#include "engine/dataset/window_builder.h"
#include "engine/tokens/chord_token.h"
#include "engine/tokens/remi_decoder.h"
#include "engine/tokens/remi_encoder.h"
#include "engine/tokens/vocabulary.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::dataset {
namespace {

using ::stori::testing::SourcePath;
using ::stori::testing::StatusIs;
using tokens::GridNote;
using tokens::kNumChordQualities;
using tokens::TokenRole;

TEST(HarteChordTokenValue, MapsPop909Labels) {
  EXPECT_EQ(*HarteChordTokenValue("B:maj"), 11 * kNumChordQualities + 0);
  EXPECT_EQ(*HarteChordTokenValue("E:min7"), 4 * kNumChordQualities + 8);
  EXPECT_EQ(*HarteChordTokenValue("A:sus4(b7)"), 9 * kNumChordQualities + 5);
  EXPECT_EQ(*HarteChordTokenValue("C:maj/3"), 0);
  EXPECT_EQ(*HarteChordTokenValue("Db:hdim7"), 1 * kNumChordQualities + 9);
  EXPECT_EQ(*HarteChordTokenValue("Cb:maj"), 11 * kNumChordQualities);
  EXPECT_EQ(*HarteChordTokenValue("N"), tokens::NoChordTokenValue());
  EXPECT_THAT(HarteChordTokenValue("H:maj"),
              StatusIs(absl::StatusCode::kInvalidArgument, "chord \"H:maj\": root \"H\""));
  EXPECT_THAT(HarteChordTokenValue("C:weird"),
              StatusIs(absl::StatusCode::kInvalidArgument, "unknown shorthand \"weird\""));
}

TEST(BeatMap, InterpolatesAndInverts) {
  const BeatMap map({0.5, 1.0, 1.5, 2.5});
  EXPECT_DOUBLE_EQ(map.BeatAt(0.75), 0.5);
  EXPECT_DOUBLE_EQ(map.BeatAt(2.0), 2.5);
  EXPECT_DOUBLE_EQ(map.BeatAt(3.5), 4.0);  // extrapolates with the last period
  EXPECT_DOUBLE_EQ(map.SecondsAt(2.5), 2.0);
}

TEST(SplitBass, LowestVoiceBelowG3IsBass) {
  // Onset 0: C2 + E4 G4 -> C2 is bass. Onset 12: E3 while C2 (24 steps) still sounds -> not
  // bass. Onset 24: A4 alone -> above the split, not bass. Onset 36: G2 -> bass.
  const std::vector<GridNote> piano = {{0, 24, 36, 72},  {0, 12, 64, 72}, {0, 12, 67, 72},
                                       {12, 12, 52, 72}, {24, 12, 69, 72}, {36, 12, 43, 72}};
  std::vector<GridNote> bass, rest;
  SplitBass(piano, &bass, &rest);
  ASSERT_EQ(bass.size(), 2u);
  EXPECT_EQ(bass[0].pitch, 36);
  EXPECT_EQ(bass[1].pitch, 43);
  EXPECT_EQ(rest.size(), 4u);
}

TEST(QuantizeWindow, KeepsOnlyOnsetsInsideAndDeduplicates) {
  const std::vector<BeatNote> notes = {{3.99, 1.0, 60, 80},   // just before: snaps to step 0
                                       {4.0, 0.5, 60, 80},    // duplicate (step 0, pitch 60)
                                       {5.26, 0.24, 62, 100}, // 16th after beat 2
                                       {8.0, 1.0, 64, 80}};   // outside a 4-beat window
  const std::vector<GridNote> q = QuantizeWindow(notes, 4.0, 4.0, /*drums=*/false);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].start_step, 0);
  EXPECT_EQ(q[0].duration_steps, 12);  // the longer duplicate is kept
  EXPECT_EQ(q[1].start_step, 15);
  EXPECT_EQ(q[1].duration_steps, 3);
  EXPECT_EQ(q[1].velocity, 104);       // bin centre of 100
}

TEST(Pop909Windows, RealSongGivesBassHarmonyMelodyWithChords) {
  auto windows = Pop909Windows(SourcePath("tests/fixtures/pop909/004"), WindowOptions{});
  ASSERT_TRUE(windows.ok()) << windows.status();
  ASSERT_GT(windows->size(), 10u);
  int bass_notes = 0, melody_notes = 0, chord_changes = 0;
  for (const tokens::RemiWindow& w : *windows) {
    EXPECT_EQ(w.bars, 4);
    ASSERT_EQ(w.tracks.size(), 3u);
    EXPECT_EQ(w.tracks[0].role, TokenRole::kBass);
    EXPECT_EQ(w.tracks[1].role, TokenRole::kHarmony);
    EXPECT_EQ(w.tracks[2].role, TokenRole::kMelody);
    ASSERT_EQ(w.chords.size(), 4u);
    EXPECT_NE(w.key, tokens::kNoKeyValue);
    for (const auto& bar : w.chords) chord_changes += static_cast<int>(bar.size());
    for (const GridNote& n : w.tracks[0].notes) EXPECT_LT(n.pitch, kBassSplitPitch);
    bass_notes += static_cast<int>(w.tracks[0].notes.size());
    melody_notes += static_cast<int>(w.tracks[2].notes.size());
  }
  EXPECT_GT(bass_notes, 50);
  EXPECT_GT(melody_notes, 100);
  EXPECT_GE(chord_changes, static_cast<int>(windows->size()) * 4);
}

TEST(Pop909Windows, TranspositionIsSeededAndShiftsKeyAndChordsTogether) {
  WindowOptions plain, shifted;
  shifted.transpose = true;
  shifted.seed = 7;
  auto a = Pop909Windows(SourcePath("tests/fixtures/pop909/004"), plain);
  auto b = Pop909Windows(SourcePath("tests/fixtures/pop909/004"), shifted);
  auto c = Pop909Windows(SourcePath("tests/fixtures/pop909/004"), shifted);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  ASSERT_EQ(a->size(), b->size());
  int moved = 0;
  for (std::size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*b)[i].tracks[2].notes, (*c)[i].tracks[2].notes);  // same seed, same windows
    if ((*a)[i].tracks[2].notes.empty()) continue;
    const int shift = (*b)[i].tracks[2].notes[0].pitch - (*a)[i].tracks[2].notes[0].pitch;
    EXPECT_GE(shift, -5);
    EXPECT_LE(shift, 6);
    EXPECT_EQ(((*b)[i].key / 2 - (*a)[i].key / 2 + 12) % 12, (shift + 12) % 12);
    moved += shift != 0;
  }
  EXPECT_GT(moved, 0);
}

// The Groove fixture: drummer 7's 100 BPM hip-hop fill in 4/4.
GrooveEntry HiphopFill() {
  GrooveEntry e;
  e.midi_path = SourcePath("tests/fixtures/groove_drummer7_session1_21_hiphop_100_fill_4-4.mid");
  e.style = "hiphop/groove1";
  e.bpm = 100;
  return e;
}

TEST(GrooveWindows, RealPerformanceGivesDrumWindows) {
  auto windows = GrooveWindows(HiphopFill(), WindowOptions{});
  ASSERT_TRUE(windows.ok()) << windows.status();
  ASSERT_FALSE(windows->empty());
  for (const tokens::RemiWindow& w : *windows) {
    EXPECT_EQ(std::string(tokens::kGenreNames[w.genre]), "hiphop");
    ASSERT_EQ(w.tracks.size(), 1u);
    EXPECT_EQ(w.tracks[0].role, TokenRole::kDrums);
    for (const GridNote& n : w.tracks[0].notes) {
      EXPECT_GE(n.pitch, tokens::kFirstDrumKey);
      EXPECT_LE(n.pitch, tokens::kLastDrumKey);
    }
  }
}

TEST(KickBassAgreement, IsTheJaccardIndexOfSixteenthSlots) {
  tokens::TrackSegment drums{TokenRole::kDrums, {}, {}};
  drums.notes = {{0, 3, 36, 100}, {0, 3, 42, 80}, {12, 3, 38, 100}, {24, 3, 35, 100}};
  tokens::TrackSegment bass{TokenRole::kBass, {}, {}};
  // Slots: kicks {0, 8}; bass {0, 1 (step 4, a triplet eighth), 9}: 1 shared of 4.
  bass.notes = {{0, 12, 40, 80}, {4, 12, 43, 80}, {27, 12, 45, 80}};
  EXPECT_DOUBLE_EQ(KickBassAgreement(drums, bass), 1.0 / 4);
  EXPECT_DOUBLE_EQ(KickBassAgreement(tokens::TrackSegment{}, tokens::TrackSegment{}), 0.0);
}

class DrumPairingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pop = Pop909Windows(SourcePath("tests/fixtures/pop909/004"), WindowOptions{});
    ASSERT_TRUE(pop.ok()) << pop.status();
    pitched_ = std::move(*pop);
    // The drum pool: the Groove fixture's 4-bar windows, rotated by zero to seven beats so that
    // the pool holds several kick patterns against the bar (the pairing rule itself is under
    // test, not the data).
    auto groove = GrooveWindows(HiphopFill(), WindowOptions{});
    ASSERT_TRUE(groove.ok()) << groove.status();
    for (const tokens::RemiWindow& w : *groove) {
      if (w.bars != 4) continue;
      for (int shift = 0; shift < 8; ++shift) {
        tokens::RemiWindow moved = w;
        moved.tempo_bin = pitched_.front().tempo_bin;
        for (GridNote& n : moved.tracks[0].notes) {
          n.start_step = (n.start_step + tokens::kStepsPerBeat * shift) % (w.bars * w.steps_per_bar);
        }
        std::sort(moved.tracks[0].notes.begin(), moved.tracks[0].notes.end());
        pool_.push_back(std::move(moved));
      }
    }
    ASSERT_GE(pool_.size(), 8u);
  }

  std::vector<tokens::RemiWindow> pitched_;
  std::vector<tokens::RemiWindow> pool_;
};

TEST_F(DrumPairingTest, ShareOnePutsTheBestAgreeingDrumsFirstAndTakesTheirGenre) {
  DrumPairingOptions options;
  options.share = 1.0;
  options.candidates = 1;  // always the best agreement
  std::vector<tokens::RemiWindow> paired = pitched_;
  const DrumPairingStats stats = PairDrums(pool_, options, &paired);
  int eligible = 0;
  for (std::size_t i = 0; i < paired.size(); ++i) {
    const tokens::RemiWindow& w = paired[i];
    if (w.bars != 4 || w.steps_per_bar != pool_.front().steps_per_bar) {
      EXPECT_EQ(w.tracks.size(), pitched_[i].tracks.size()) << "window " << i;
      continue;
    }
    ++eligible;
    ASSERT_EQ(w.tracks.size(), pitched_[i].tracks.size() + 1) << "window " << i;
    EXPECT_EQ(w.tracks[0].role, TokenRole::kDrums);
    EXPECT_EQ(std::string(tokens::kGenreNames[w.genre]), "hiphop");
    EXPECT_EQ(w.key, pitched_[i].key);
    double best = 0;
    for (const tokens::RemiWindow& d : pool_) {
      best = std::max(best, KickBassAgreement(d.tracks[0], pitched_[i].tracks[0]));
    }
    EXPECT_DOUBLE_EQ(KickBassAgreement(w.tracks[0], w.tracks[1]), best) << "window " << i;
  }
  EXPECT_GT(eligible, 10);
  EXPECT_EQ(stats.paired, eligible);
  EXPECT_EQ(stats.left_without, 0);
  EXPECT_EQ(stats.no_candidate, static_cast<int>(paired.size()) - eligible);
}

TEST_F(DrumPairingTest, PairedWindowsRoundTripThroughTheTokens) {
  DrumPairingOptions options;
  options.share = 1.0;
  std::vector<tokens::RemiWindow> paired = pitched_;
  ASSERT_GT(PairDrums(pool_, options, &paired).paired, 0);
  const tokens::Vocabulary vocab;
  int checked = 0;
  for (const tokens::RemiWindow& w : paired) {
    if (w.tracks.front().role != TokenRole::kDrums) continue;
    auto ids = tokens::EncodeWindow(vocab, w);
    ASSERT_TRUE(ids.ok()) << ids.status();
    auto back = tokens::DecodeWindow(vocab, *ids, w.steps_per_bar);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->genre, w.genre);
    ASSERT_EQ(back->tracks.size(), w.tracks.size());
    for (std::size_t t = 0; t < w.tracks.size(); ++t) {
      EXPECT_EQ(back->tracks[t].role, w.tracks[t].role);
      EXPECT_EQ(back->tracks[t].notes, w.tracks[t].notes);
      tokens::AttributeBins want = w.tracks[t].bins;
      if (w.tracks[t].role == TokenRole::kDrums) {  // drums carry no Register, NoteLength
        want.register_bin = back->tracks[t].bins.register_bin;
        want.note_length = back->tracks[t].bins.note_length;
      }
      EXPECT_EQ(back->tracks[t].bins, want);
    }
    EXPECT_EQ(back->chords, w.chords);
    ++checked;
  }
  EXPECT_GT(checked, 10);
}

TEST_F(DrumPairingTest, ShareIsDrawnPerWindowAndTheSameSeedPairsTheSame) {
  DrumPairingOptions options;
  options.share = 0.5;
  std::vector<tokens::RemiWindow> a = pitched_, b = pitched_, c = pitched_;
  const DrumPairingStats sa = PairDrums(pool_, options, &a);
  PairDrums(pool_, options, &b);
  options.seed = 2;
  PairDrums(pool_, options, &c);
  EXPECT_GT(sa.paired, 0);
  EXPECT_GT(sa.left_without, 0);
  bool differs = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].tracks.size(), b[i].tracks.size());
    if (a[i].tracks.size() > pitched_[i].tracks.size()) {
      EXPECT_EQ(a[i].tracks[0].notes, b[i].tracks[0].notes) << "window " << i;
    }
    differs = differs || a[i].tracks.size() != c[i].tracks.size() ||
              (a[i].tracks.size() > pitched_[i].tracks.size() &&
               a[i].tracks[0].notes != c[i].tracks[0].notes);
  }
  EXPECT_TRUE(differs) << "seed 2 paired exactly as seed 1";
  // Windows that already hold drums are left alone.
  std::vector<tokens::RemiWindow> again = a;
  options.share = 1.0;
  PairDrums(pool_, options, &again);
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].tracks.front().role == TokenRole::kDrums) {
      EXPECT_EQ(again[i].tracks.size(), a[i].tracks.size());
    }
  }
}

TEST(Pop909Windows, MissingFolderIsNotFound) {
  EXPECT_THAT(Pop909Windows(SourcePath("tests/fixtures/pop909/999"), WindowOptions{}),
              StatusIs(absl::StatusCode::kNotFound, "999"));
}

}  // namespace
}  // namespace stori::dataset
