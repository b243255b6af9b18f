// A served section back on the token grid (engine/evaluate/served_window.h).
#include "engine/evaluate/served_window.h"

#include <vector>

#include "gtest/gtest.h"

namespace stori::evaluate {
namespace {

music::Note TickNote(std::int64_t start, std::int64_t duration, int pitch) {
  music::Note n;
  n.start_tick = start;
  n.duration_ticks = duration;
  n.pitch = pitch;
  n.velocity = 90;
  return n;
}

TEST(GridNotesOfTrack, TicksToTwelfthsOfABeatWithoutSnapping) {
  music::Track track;
  track.notes = {TickNote(0, 480, 60),    // a quarter on beat 0
                 TickNote(320, 80, 62),   // swung 8th: 2/3 of a beat, a 16th's worth
                 TickNote(960, 10, 64)};  // a tick-short note still lasts one step
  const std::vector<tokens::GridNote> notes = GridNotesOfTrack(track, 480);
  ASSERT_EQ(notes.size(), 3u);
  EXPECT_EQ(notes[0].start_step, 0);
  EXPECT_EQ(notes[0].duration_steps, 12);
  EXPECT_EQ(notes[1].start_step, 8);
  EXPECT_EQ(notes[1].duration_steps, 2);
  EXPECT_EQ(notes[2].start_step, 24);
  EXPECT_EQ(notes[2].duration_steps, 1);
  EXPECT_EQ(notes[2].velocity, 90);
}

TEST(ServedWindow, KeepsTheRealHeaderAndMapsRoles) {
  tokens::RemiWindow real;
  real.bars = 2;
  real.key = 5;
  real.tempo_bin = 4;
  real.chords = {{{0, 0}}, {{0, 70}}};
  real.tracks.resize(3);  // replaced by the served tracks
  SectionResult served;
  served.ppq = 480;
  const music::TrackRole roles[] = {music::TrackRole::kDrums, music::TrackRole::kPad,
                                    music::TrackRole::kBass, music::TrackRole::kMelody};
  for (music::TrackRole role : roles) {
    TrackResult t;
    t.spec.role = role;
    t.track.notes = {TickNote(480, 240, 40)};
    served.tracks.push_back(t);
  }
  const tokens::RemiWindow w = ServedWindow(real, served);
  EXPECT_EQ(w.key, 5);
  EXPECT_EQ(w.tempo_bin, 4);
  EXPECT_EQ(w.chords, real.chords);
  ASSERT_EQ(w.tracks.size(), 3u);  // the pad is left out
  EXPECT_EQ(w.tracks[0].role, tokens::TokenRole::kDrums);
  EXPECT_EQ(w.tracks[1].role, tokens::TokenRole::kBass);
  EXPECT_EQ(w.tracks[2].role, tokens::TokenRole::kMelody);
  ASSERT_EQ(w.tracks[1].notes.size(), 1u);
  EXPECT_EQ(w.tracks[1].notes[0].start_step, 12);
  EXPECT_EQ(w.tracks[1].notes[0].duration_steps, 6);
}

}  // namespace
}  // namespace stori::evaluate
