// Tests of engine/evaluate/section_damage.h on a hand-built 2-bar window (C | G, C major, all four
// roles): each damage is deterministic for a seed, changes what it says and nothing else.
#include "engine/evaluate/section_damage.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <vector>

#include "engine/score/bar_repetition.h"
#include "engine/tokens/vocabulary.h"
#include "gtest/gtest.h"

namespace stori::evaluate {
namespace {

using tokens::GridNote;
using tokens::TokenRole;

constexpr int kBar = 4 * tokens::kStepsPerBeat;  // 48
constexpr int kMajor = 0;                        // music::ChordQuality::kMajor

GridNote Note(int start_step, int duration_steps, int pitch, int velocity) {
  return GridNote{start_step, duration_steps, pitch, velocity};
}

tokens::TrackSegment Track(TokenRole role, std::vector<GridNote> notes) {
  tokens::TrackSegment t;
  t.role = role;
  std::sort(notes.begin(), notes.end());
  t.notes = std::move(notes);
  return t;
}

// Drums: kick on the beats, hi-hat eighths. Bass: root on beats 1 and 3. Harmony: a triad per
// half bar. Melody: the same 4-note figure in both bars, a fifth higher in bar 1.
tokens::RemiWindow Window() {
  tokens::RemiWindow w;
  w.bars = 2;
  w.steps_per_bar = kBar;
  w.key = 0;  // C major
  w.chords = {{{0, 0 * tokens::kNumChordQualities + kMajor}},
              {{0, 7 * tokens::kNumChordQualities + kMajor}}};
  std::vector<GridNote> drums, bass, harmony, melody;
  for (int bar = 0; bar < 2; ++bar) {
    const int root = bar == 0 ? 0 : 7;
    for (int e = 0; e < 8; ++e) drums.push_back(Note(bar * kBar + 6 * e, 3, 42, e % 2 ? 56 : 88));
    for (int b : {0, 2}) drums.push_back(Note(bar * kBar + 12 * b, 3, 36, 104));
    for (int b : {0, 2}) bass.push_back(Note(bar * kBar + 12 * b, 24, 36 + root, b ? 72 : 88));
    for (int half = 0; half < 2; ++half) {
      for (int interval : {0, 4, 7}) {
        harmony.push_back(Note(bar * kBar + 24 * half, 24, 60 + root + interval, 72));
      }
    }
    const int figure[4] = {64, 62, 60, 67};
    for (int i = 0; i < 4; ++i) {
      melody.push_back(Note(bar * kBar + 12 * i, 12, figure[i] + root, i == 0 ? 104 : 72));
    }
  }
  w.tracks = {Track(TokenRole::kDrums, drums), Track(TokenRole::kBass, bass),
              Track(TokenRole::kHarmony, harmony), Track(TokenRole::kMelody, melody)};
  return w;
}

const std::vector<GridNote>& NotesOf(const tokens::RemiWindow& w, TokenRole role) {
  return tokens::FindTrack(w, role)->notes;
}

void ExpectSameFrame(const tokens::RemiWindow& a, const tokens::RemiWindow& b) {
  EXPECT_EQ(a.bars, b.bars);
  EXPECT_EQ(a.steps_per_bar, b.steps_per_bar);
  EXPECT_EQ(a.key, b.key);
  EXPECT_EQ(a.chords, b.chords);
  ASSERT_EQ(a.tracks.size(), b.tracks.size());
  for (std::size_t i = 0; i < a.tracks.size(); ++i) {
    EXPECT_EQ(a.tracks[i].role, b.tracks[i].role);
    EXPECT_TRUE(std::is_sorted(b.tracks[i].notes.begin(), b.tracks[i].notes.end()));
  }
}

TEST(SectionDamage, NamesAndDimensions) {
  EXPECT_STREQ(DamageName(Damage::kShuffledOnsets), "shuffled_onsets");
  EXPECT_STREQ(DamageName(Damage::kMotifRemoved), "motif_removed");
  EXPECT_EQ(DamagedDimension(Damage::kShuffledOnsets), score::Dimension::kRhythm);
  EXPECT_EQ(DamagedDimension(Damage::kOffChordPitches), score::Dimension::kHarmony);
  EXPECT_EQ(DamagedDimension(Damage::kFlattenedVelocities), score::Dimension::kExpression);
  EXPECT_EQ(DamagedDimension(Damage::kDoubledDensity), score::Dimension::kDensity);
  EXPECT_EQ(DamagedDimension(Damage::kMotifRemoved), score::Dimension::kMelody);
}

TEST(ShuffleOnsets, MovesEveryOnsetToA16thOfItsBarAndKeepsTheRest) {
  const tokens::RemiWindow real = Window();
  const tokens::RemiWindow a = ShuffleOnsets(real, 7);
  ExpectSameFrame(real, a);
  EXPECT_EQ(a.tracks[0].notes, ShuffleOnsets(real, 7).tracks[0].notes);  // deterministic
  EXPECT_NE(a.tracks[0].notes, ShuffleOnsets(real, 8).tracks[0].notes);
  EXPECT_NE(a.tracks[0].notes, real.tracks[0].notes);
  for (std::size_t t = 0; t < real.tracks.size(); ++t) {
    // Per bar, the same (duration, pitch, velocity) notes; onsets on the 16th grid.
    std::map<int, std::multiset<std::vector<int>>> before, after;
    for (const GridNote& n : real.tracks[t].notes) {
      before[n.start_step / kBar].insert({n.duration_steps, n.pitch, n.velocity});
    }
    for (const GridNote& n : a.tracks[t].notes) {
      EXPECT_EQ(n.start_step % kSixteenthSteps, 0);
      after[n.start_step / kBar].insert({n.duration_steps, n.pitch, n.velocity});
    }
    EXPECT_EQ(before, after);
  }
}

TEST(OffChordPitches, BassAndHarmonyLeaveTheChordByAtMostATritone) {
  const tokens::RemiWindow real = Window();
  const tokens::RemiWindow a = OffChordPitches(real, 3);
  ExpectSameFrame(real, a);
  EXPECT_EQ(NotesOf(a, TokenRole::kDrums), NotesOf(real, TokenRole::kDrums));
  EXPECT_EQ(NotesOf(a, TokenRole::kMelody), NotesOf(real, TokenRole::kMelody));
  EXPECT_EQ(NotesOf(a, TokenRole::kBass), NotesOf(OffChordPitches(real, 3), TokenRole::kBass));
  for (TokenRole role : {TokenRole::kBass, TokenRole::kHarmony}) {
    const std::vector<GridNote>& before = NotesOf(real, role);
    const std::vector<GridNote>& after = NotesOf(a, role);
    ASSERT_EQ(before.size(), after.size());
    std::multiset<std::vector<int>> kept_before, kept_after;
    for (const GridNote& n : after) {
      const std::vector<int> chord =
          n.start_step < kBar ? std::vector<int>{0, 4, 7} : std::vector<int>{7, 11, 2};
      EXPECT_EQ(std::count(chord.begin(), chord.end(), n.pitch % 12), 0) << n.pitch;
      kept_after.insert({n.start_step, n.duration_steps, n.velocity});
    }
    for (const GridNote& n : before) {
      kept_before.insert({n.start_step, n.duration_steps, n.velocity});
    }
    EXPECT_EQ(kept_before, kept_after);  // only pitches change
    // Nearest pitch of the drawn class: within 6 semitones of the original, in order of onset.
    for (std::size_t i = 0; i < before.size(); ++i) {
      bool near = false;
      for (const GridNote& n : after) {
        near = near ||
               (n.start_step == before[i].start_step && std::abs(n.pitch - before[i].pitch) <= 6);
      }
      EXPECT_TRUE(near);
    }
  }
}

TEST(FlattenVelocities, OneVelocityPerTrackAtTheBinCentreOfItsMean) {
  const tokens::RemiWindow real = Window();
  const tokens::RemiWindow a = FlattenVelocities(real);
  ExpectSameFrame(real, a);
  // Bins are 16 wide (v / 16), centres 8, 24, ..., 120. Drums: 8 hats (4 at 88, 4 at 56) and 2
  // kicks at 104 per bar: mean (352 + 224 + 208) / 10 = 78.4 -> 78, bin 4 (64..79), centre 72.
  // Bass: 88 and 72: mean 80, bin 5, centre 88. Harmony: all 72 -> 72. Melody: 104 and three
  // 72 per bar: mean 80 -> 88.
  const int expected[4] = {72, 88, 72, 88};
  for (std::size_t t = 0; t < a.tracks.size(); ++t) {
    ASSERT_EQ(a.tracks[t].notes.size(), real.tracks[t].notes.size());
    for (std::size_t i = 0; i < a.tracks[t].notes.size(); ++i) {
      EXPECT_EQ(a.tracks[t].notes[i].velocity, expected[t]) << t;
      GridNote same = real.tracks[t].notes[i];
      same.velocity = expected[t];
      EXPECT_EQ(a.tracks[t].notes[i], same);
    }
  }
}

TEST(DoubleDensity, SplitsLongNotesAndDoublesShortOnesA16thLater) {
  tokens::RemiWindow w = Window();
  w.tracks = {Track(TokenRole::kMelody, {Note(0, 12, 60, 80), Note(12, 9, 62, 80)}),
              Track(TokenRole::kDrums, {Note(0, 3, 36, 100), Note(93, 3, 42, 60)})};
  const tokens::RemiWindow a = DoubleDensity(w);
  ExpectSameFrame(w, a);
  // A quarter splits into two eighths; 9 steps split at 3 (half, down to the 16th grid).
  EXPECT_EQ(a.tracks[0].notes, (std::vector<GridNote>{Note(0, 6, 60, 80), Note(6, 6, 60, 80),
                                                      Note(12, 3, 62, 80), Note(15, 6, 62, 80)}));
  // A hit gets a copy a 16th later; the last 16th of the section has no room: copy in place.
  EXPECT_EQ(a.tracks[1].notes, (std::vector<GridNote>{Note(0, 3, 36, 100), Note(3, 3, 36, 100),
                                                      Note(93, 3, 42, 60), Note(93, 3, 42, 60)}));
  const tokens::RemiWindow real = Window();
  const tokens::RemiWindow doubled = DoubleDensity(real);
  for (std::size_t t = 0; t < real.tracks.size(); ++t) {
    EXPECT_EQ(doubled.tracks[t].notes.size(), 2 * real.tracks[t].notes.size());
  }
}

TEST(RemoveMotif, KeepsTheFirstBarAndRewritesTheRestInKey) {
  const tokens::RemiWindow real = Window();
  const tokens::RemiWindow a = RemoveMotif(real, 11);
  ExpectSameFrame(real, a);
  EXPECT_EQ(NotesOf(a, TokenRole::kMelody), NotesOf(RemoveMotif(real, 11), TokenRole::kMelody));
  for (TokenRole role : {TokenRole::kDrums, TokenRole::kBass, TokenRole::kHarmony}) {
    EXPECT_EQ(NotesOf(a, role), NotesOf(real, role));
  }
  const std::vector<GridNote>& before = NotesOf(real, TokenRole::kMelody);
  const std::vector<GridNote>& after = NotesOf(a, TokenRole::kMelody);
  ASSERT_EQ(after.size(), before.size());  // one note per onset here: the count is kept
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(after[i], before[i]);  // bar 0 as it was
  const int c_major[7] = {0, 2, 4, 5, 7, 9, 11};
  for (std::size_t i = 4; i < after.size(); ++i) {
    const GridNote& n = after[i];
    EXPECT_EQ(n.start_step / kBar, 1);
    EXPECT_EQ(n.start_step % kSixteenthSteps, 0);
    EXPECT_GE(n.pitch, 60);  // the melody's range: 60 (C4) .. 74 (D5)
    EXPECT_LE(n.pitch, 74);
    EXPECT_EQ(std::count(c_major, c_major + 7, n.pitch % 12), 1) << n.pitch;
    EXPECT_EQ(n.velocity, before[i].velocity);  // velocities in onset order
    const int next = i + 1 < after.size() ? after[i + 1].start_step : 2 * kBar;
    EXPECT_EQ(n.start_step + n.duration_steps, next);
  }
  // The real melody repeats its bar (transposed): repetition 1; the rewritten one less.
  EXPECT_DOUBLE_EQ(*score::BarRepetition(before, kBar, 2), 1.0);
  EXPECT_LT(*score::BarRepetition(after, kBar, 2), 1.0);
}

TEST(RemoveMotif, NothingToRemoveWithoutASecondBarOfMelody) {
  tokens::RemiWindow w = Window();
  w.tracks[3].notes.resize(4);  // bar 0 only
  EXPECT_EQ(RemoveMotif(w, 1).tracks[3].notes, w.tracks[3].notes);
  w.tracks[3].notes.clear();
  EXPECT_TRUE(RemoveMotif(w, 1).tracks[3].notes.empty());
}

TEST(ApplyDamage, DispatchesOnTheDamage) {
  const tokens::RemiWindow real = Window();
  EXPECT_EQ(ApplyDamage(Damage::kShuffledOnsets, real, 5).tracks[0].notes,
            ShuffleOnsets(real, 5).tracks[0].notes);
  EXPECT_EQ(ApplyDamage(Damage::kOffChordPitches, real, 5).tracks[1].notes,
            OffChordPitches(real, 5).tracks[1].notes);
  EXPECT_EQ(ApplyDamage(Damage::kFlattenedVelocities, real, 5).tracks[0].notes,
            FlattenVelocities(real).tracks[0].notes);
  EXPECT_EQ(ApplyDamage(Damage::kDoubledDensity, real, 5).tracks[2].notes,
            DoubleDensity(real).tracks[2].notes);
  EXPECT_EQ(ApplyDamage(Damage::kMotifRemoved, real, 5).tracks[3].notes,
            RemoveMotif(real, 5).tracks[3].notes);
}

}  // namespace
}  // namespace stori::evaluate
