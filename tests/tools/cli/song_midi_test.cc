#include "tools/cli/song_midi.h"

#include "engine/midi/smf_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stori::cli {
namespace {

v1::SectionResult Section(const char* id, int bars, double bpm, int numerator, int pitch) {
  v1::SectionResult s;
  s.set_section_id(id);
  s.set_ppq(480);
  s.set_bars(static_cast<std::uint32_t>(bars));
  s.set_tempo_bpm(bpm);
  s.set_key("Am");
  s.mutable_time_signature()->set_numerator(static_cast<std::uint32_t>(numerator));
  s.mutable_time_signature()->set_denominator(4);
  v1::TrackOutput* t = s.add_tracks();
  t->set_track_id("lead");
  t->set_name("Lead");
  t->set_role(v1::TRACK_ROLE_MELODY);
  t->set_program(73);
  t->set_channel(2);
  v1::Note* n = t->add_notes();
  n->set_pitch(static_cast<std::uint32_t>(pitch));
  n->set_velocity(80);
  n->set_start_tick(480);
  n->set_duration_ticks(240);
  return s;
}

TEST(SongFromSections, SectionsFollowEachOtherWithTempoAndMeterChanges) {
  auto song = SongFromSections(
      {Section("a", 2, 92, 4, 60), Section("b", 3, 120, 3, 62), Section("c", 1, 120, 3, 64)});
  ASSERT_TRUE(song.ok()) << song.status();
  ASSERT_EQ(song->tracks.size(), 1u);
  const auto& notes = song->tracks[0].notes;
  ASSERT_EQ(notes.size(), 3u);
  EXPECT_EQ(notes[0].start_tick, 480);
  EXPECT_EQ(notes[1].start_tick, 2 * 4 * 480 + 480);                // after two 4/4 bars
  EXPECT_EQ(notes[2].start_tick, 2 * 4 * 480 + 3 * 3 * 480 + 480);  // then three 3/4 bars
  ASSERT_EQ(song->tempos.size(), 2u);                               // 92, then 120 once
  EXPECT_EQ(song->tempos[1].tick, 2 * 4 * 480);
  ASSERT_EQ(song->time_signatures.size(), 2u);
  EXPECT_EQ(song->time_signatures[1].numerator, 3);
  EXPECT_EQ(song->key_signatures.size(), 1u);
}

TEST(SongMidiFromSections, WritesAReadableSmf) {
  auto bytes = SongMidiFromSections({Section("a", 2, 92, 4, 60), Section("b", 2, 100, 4, 62)});
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  auto song = midi::ReadSmf(*bytes);
  ASSERT_TRUE(song.ok()) << song.status();
  EXPECT_EQ(song->tempos.size(), 2u);
}

TEST(SongFromSections, EmptyOrMixedPpqIsInvalidArgument) {
  EXPECT_EQ(SongFromSections({}).status().code(), absl::StatusCode::kInvalidArgument);
  v1::SectionResult other = Section("b", 1, 90, 4, 60);
  other.set_ppq(96);
  EXPECT_EQ(SongFromSections({Section("a", 1, 90, 4, 60), other}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace stori::cli
