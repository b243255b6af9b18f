#include "engine/generate/track_assembly.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stori::generate {
namespace {

using tokens::GridNote;

// Straight 8ths over one 4/4 bar (12 steps per beat): onsets on every beat and off-beat.
std::vector<GridNote> StraightEighths() {
  std::vector<GridNote> notes;
  for (int step = 0; step < 48; step += 6) notes.push_back({step, 6, 60, 80});
  return notes;
}

TEST(AssembleTrack, FullSwingMovesOffBeatEighthsToTheThirdTripletAndKeepsTheirEnds) {
  const music::Track track = AssembleTrack(TrackSpec{}, StraightEighths(), 48, 480, 1.0);
  ASSERT_EQ(track.notes.size(), 8u);
  for (const music::Note& n : track.notes) {
    if (n.start_tick % 480 == 0) {
      EXPECT_EQ(n.duration_ticks, 240);
    } else {
      EXPECT_EQ(n.start_tick % 480, 320);  // 2/3 of the beat
      EXPECT_EQ(n.duration_ticks, 160);    // same end as straight
    }
  }
  EXPECT_DOUBLE_EQ(MeasuredSwing(track.notes, 480), 1.0);
}

TEST(AssembleTrack, NoSwingIsStraightAndHalfSwingIsHalfway) {
  const music::Track straight = AssembleTrack(TrackSpec{}, StraightEighths(), 48, 480);
  EXPECT_DOUBLE_EQ(MeasuredSwing(straight.notes, 480), 0.0);
  EXPECT_EQ(straight.notes[1].start_tick, 240);
  const music::Track half = AssembleTrack(TrackSpec{}, StraightEighths(), 48, 480, 0.5);
  EXPECT_EQ(half.notes[1].start_tick, 280);
  EXPECT_DOUBLE_EQ(MeasuredSwing(half.notes, 480), 0.5);
}

TEST(AssembleTrack, ShortOffBeatNotesSwingToo) {
  // A 1-step (40-tick) note on the off-beat: shorter than the 80-tick delay, it still moves.
  const music::Track track = AssembleTrack(TrackSpec{}, {{6, 1, 60, 80}, {42, 1, 62, 80}}, 48, 480,
                                           1.0);
  ASSERT_EQ(track.notes.size(), 2u);
  EXPECT_EQ(track.notes[0].start_tick, 320);
  EXPECT_EQ(track.notes[0].duration_ticks, 40);
  EXPECT_EQ(track.notes[1].start_tick, 1760);  // last off-beat of the bar
  EXPECT_EQ(track.notes[1].duration_ticks, 40);
}

TEST(MeasuredSwing, NotesAwayFromTheOffBeatDoNotCount) {
  const std::vector<music::Note> notes = {{0, 120, 60, 80}, {120, 120, 62, 80}, {360, 120, 64, 80}};
  EXPECT_DOUBLE_EQ(MeasuredSwing(notes, 480), 0.0);
}

TEST(TrimToMonophonicLine, KeepsOneNotePerOnsetAndEndsEachAtTheNext) {
  // A dyad at step 0 (lasting past the next onset), a note at 12, a held note at 24.
  const std::vector<GridNote> notes = {{12, 6, 62, 80}, {0, 24, 48, 80}, {0, 24, 55, 80},
                                       {24, 48, 60, 80}};
  std::vector<GridNote> bass = notes;
  TrimToMonophonicLine(/*keep_highest=*/false, &bass);
  ASSERT_EQ(bass.size(), 3u);
  EXPECT_EQ(bass[0].pitch, 48);
  EXPECT_EQ(bass[0].duration_steps, 12);  // cut where step 12 starts
  EXPECT_EQ(bass[1].duration_steps, 6);   // already ends before step 24
  EXPECT_EQ(bass[2].duration_steps, 48);  // the last note keeps its length
  std::vector<GridNote> melody = notes;
  TrimToMonophonicLine(/*keep_highest=*/true, &melody);
  ASSERT_EQ(melody.size(), 3u);
  EXPECT_EQ(melody[0].pitch, 55);
}

}  // namespace
}  // namespace stori::generate
