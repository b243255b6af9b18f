#include "engine/midi/smf_writer.h"

#include <string>
#include <vector>

#include "engine/midi/smf_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/engine/midi/smf_bytes.h"
#include "tests/engine/midi/song_comparison.h"
#include "tests/testing/status_matchers.h"

namespace stori::midi {
namespace {

using ::stori::testing::IsOk;
using ::stori::testing::SourcePath;
using ::stori::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

constexpr const char* kFixtures[] = {"pop909_098.mid", "pop909_331.mid",
                                     "groove_drummer6_session1_3_rock_80_beat_6-8.mid",
                                     "groove_drummer7_session1_21_hiphop_100_fill_4-4.mid"};

music::Song TwoTrackSong() {
  music::Song song;
  song.ppq = 480;
  song.tempos = {{0, 500000}, {1920, 600000}};
  song.time_signatures = {{0, 4, 4}, {1920, 6, 8}};
  song.key_signatures = {{0, -1, true}};  // D minor
  music::Track bass;
  bass.name = "Bass";
  bass.role = music::TrackRole::kBass;
  bass.program = 33;
  bass.channel = 0;
  bass.notes = {{0, 480, 38, 100}, {480, 480, 38, 90}, {960, 240, 45, 80}};
  bass.control_changes = {{0, 7, 100}, {960, 64, 127}};
  bass.pitch_bends = {{240, -8192}, {300, 8191}, {400, 0}};
  bass.aftertouches = {{500, -1, 20}, {510, 38, 30}};
  music::Track drums;
  drums.name = "Drums";
  drums.role = music::TrackRole::kDrums;
  drums.channel = music::kDrumChannel;
  drums.notes = {{0, 60, 36, 120}, {0, 60, 42, 70}, {240, 60, 42, 60}, {480, 60, 38, 110}};
  song.tracks = {bass, drums};
  return song;
}

TEST(WriteSmf, FixturesRoundTripExactlyInBothFormats) {
  for (const char* name : kFixtures) {
    absl::StatusOr<music::Song> song = ReadSmfFile(SourcePath("tests/fixtures/") + name);
    ASSERT_THAT(song, IsOk());
    for (SmfFormat format : {SmfFormat::kMultiTrack, SmfFormat::kSingleTrack}) {
      absl::StatusOr<std::vector<std::uint8_t>> bytes = WriteSmf(*song, {format});
      ASSERT_THAT(bytes, IsOk());
      absl::StatusOr<music::Song> back = ReadSmf(*bytes);
      ASSERT_THAT(back, IsOk());
      EXPECT_EQ(DescribeSongDifference(*song, *back), "")
          << name << " format " << static_cast<int>(format);
      // Writing what was read back gives the same bytes: the writer is deterministic and the
      // reader loses nothing it wrote.
      absl::StatusOr<std::vector<std::uint8_t>> again = WriteSmf(*back, {format});
      ASSERT_THAT(again, IsOk());
      EXPECT_THAT(*again, ElementsAreArray(*bytes)) << name;
    }
  }
}

TEST(WriteSmf, HandBuiltSongRoundTripsWithMapsNamesAndControllers) {
  const music::Song song = TwoTrackSong();
  absl::StatusOr<std::vector<std::uint8_t>> bytes = WriteSmf(song);
  ASSERT_THAT(bytes, IsOk());
  absl::StatusOr<music::Song> back = ReadSmf(*bytes);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(DescribeSongDifference(song, *back), "");
  EXPECT_EQ(back->tracks[0].program, 33);
  EXPECT_EQ(back->tracks[1].role, music::TrackRole::kDrums);
}

TEST(WriteSmf, FormatOneHasConductorPlusOneChunkPerTrack) {
  absl::StatusOr<std::vector<std::uint8_t>> bytes = WriteSmf(TwoTrackSong());
  ASSERT_THAT(bytes, IsOk());
  EXPECT_THAT(std::vector<std::uint8_t>(bytes->begin(), bytes->begin() + 14),
              ElementsAre('M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1, 0, 3, 0x01, 0xE0));
}

TEST(WriteSmf, FormatZeroKeepsNamesThroughChannelPrefix) {
  absl::StatusOr<std::vector<std::uint8_t>> bytes =
      WriteSmf(TwoTrackSong(), {SmfFormat::kSingleTrack});
  ASSERT_THAT(bytes, IsOk());
  EXPECT_EQ((*bytes)[9], 0);   // format 0
  EXPECT_EQ((*bytes)[11], 1);  // one track
  absl::StatusOr<music::Song> back = ReadSmf(*bytes);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(DescribeSongDifference(TwoTrackSong(), *back), "");
}

TEST(WriteSmf, UsesRunningStatusAndVelocityZeroNoteOffs) {
  music::Song song;
  song.ppq = 96;
  music::Track track;
  track.channel = 2;
  track.program = 5;
  track.notes = {{0, 96, 60, 100}, {96, 96, 62, 90}};
  song.tracks = {track};
  absl::StatusOr<std::vector<std::uint8_t>> bytes = WriteSmf(song);
  ASSERT_THAT(bytes, IsOk());
  // Conductor chunk is empty: 4 bytes of end of track.
  const ByteVector conductor = Chunk("MTrk", kEndOfTrack);
  const ByteVector expected_track = Chunk("MTrk", {0x00, 0xC2, 5,          // program
                                                   0x00, 0x92, 60,   100,  // on
                                                   0x60, 60,   0,          // off (running)
                                                   0x00, 62,   90,         // on (running)
                                                   0x60, 62,   0,          // off
                                                   0x00, 0xFF, 0x2F, 0x00});
  EXPECT_THAT(*bytes, ElementsAreArray(Concat({Smf(1, 96, {}, 2), conductor, expected_track})));
}

TEST(WriteSmf, NoteEndingWhereSamePitchStartsReadsBackAsTwoNotes) {
  music::Song song;
  music::Track track;
  track.notes = {{0, 240, 60, 80}, {240, 240, 60, 81}, {240, 10, 64, 82}};
  song.tracks = {track};
  absl::StatusOr<std::vector<std::uint8_t>> bytes = WriteSmf(song);
  ASSERT_THAT(bytes, IsOk());
  absl::StatusOr<music::Song> back = ReadSmf(*bytes);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->tracks[0].notes, track.notes);
}

TEST(WriteSmf, EmptySongIsAValidFile) {
  music::Song song;
  absl::StatusOr<std::vector<std::uint8_t>> bytes = WriteSmf(song);
  ASSERT_THAT(bytes, IsOk());
  absl::StatusOr<music::Song> back = ReadSmf(*bytes);
  ASSERT_THAT(back, IsOk());
  EXPECT_TRUE(back->tracks.empty());
}

struct InvalidCase {
  const char* label;
  void (*mutate)(music::Song*);
  const char* message;
};

TEST(WriteSmf, InvalidInputNamesTheElement) {
  const InvalidCase cases[] = {
      {"pitch", [](music::Song* s) { s->tracks[1].notes[2].pitch = 128; },
       "tracks[1].notes[2]: pitch 128; expected 0..127"},
      {"velocity", [](music::Song* s) { s->tracks[0].notes[1].velocity = 0; },
       "tracks[0].notes[1]: velocity 0; expected 1..127"},
      {"duration", [](music::Song* s) { s->tracks[0].notes[0].duration_ticks = 0; },
       "tracks[0].notes[0]: duration_ticks 0; expected > 0"},
      {"start", [](music::Song* s) { s->tracks[1].notes[0].start_tick = -1; },
       "tracks[1].notes[0]: tick -1"},
      {"end", [](music::Song* s) { s->tracks[1].notes[2].duration_ticks = kMaxSmfTick; },
       "tracks[1].notes[2]: end tick"},
      {"channel", [](music::Song* s) { s->tracks[0].channel = 16; },
       "tracks[0]: channel 16; expected 0..15"},
      {"program", [](music::Song* s) { s->tracks[0].program = -1; }, "tracks[0]: program -1"},
      {"cc", [](music::Song* s) { s->tracks[0].control_changes[1].value = 128; },
       "tracks[0].control_changes[1]: controller 64 value 128"},
      {"bend", [](music::Song* s) { s->tracks[0].pitch_bends[0].value = 8192; },
       "tracks[0].pitch_bends[0]: value 8192"},
      {"aftertouch", [](music::Song* s) { s->tracks[0].aftertouches[0].pitch = -2; },
       "tracks[0].aftertouches[0]: pitch -2"},
      {"ppq", [](music::Song* s) { s->ppq = 0; }, "ppq: 0; expected 1..32767"},
      {"tempo", [](music::Song* s) { s->tempos[1].us_per_quarter = 0; },
       "tempos[1]: us_per_quarter 0"},
      {"meter", [](music::Song* s) { s->time_signatures[1].denominator = 6; },
       "time_signatures[1]: meter 6/6"},
      {"key", [](music::Song* s) { s->key_signatures[0].sharps_flats = 8; },
       "key_signatures[0]: sharps_flats 8"},
  };
  for (const InvalidCase& c : cases) {
    music::Song song = TwoTrackSong();
    c.mutate(&song);
    EXPECT_THAT(WriteSmf(song), StatusIs(absl::StatusCode::kInvalidArgument, c.message)) << c.label;
  }
}

}  // namespace
}  // namespace stori::midi
