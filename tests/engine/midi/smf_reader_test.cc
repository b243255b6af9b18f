#include "engine/midi/smf_reader.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/engine/midi/smf_bytes.h"
#include "tests/testing/status_matchers.h"

namespace stori::midi {
namespace {

using ::stori::testing::IsOk;
using ::stori::testing::SourcePath;
using ::stori::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

music::Note N(std::int64_t start, std::int64_t duration, int pitch, int velocity) {
  return {start, duration, pitch, velocity};
}

// Expected values below come from an independent Python reading of the same files (FIFO note
// pairing, durations >= 1), not from this reader.
TEST(ReadSmfFile, Pop909FixtureHasItsThreeNamedTracks) {
  absl::StatusOr<music::Song> song = ReadSmfFile(SourcePath("tests/fixtures/pop909_331.mid"));
  ASSERT_THAT(song, IsOk());
  EXPECT_EQ(song->ppq, 480);
  ASSERT_EQ(song->tracks.size(), 3u);
  EXPECT_EQ(song->tracks[0].name, "MELODY");
  EXPECT_EQ(song->tracks[1].name, "BRIDGE");
  EXPECT_EQ(song->tracks[2].name, "PIANO");
  EXPECT_EQ(song->tracks[0].notes.size(), 70u);
  EXPECT_EQ(song->tracks[1].notes.size(), 61u);
  EXPECT_EQ(song->tracks[2].notes.size(), 268u);
  EXPECT_EQ(song->tracks[2].control_changes.size(), 35u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(song->tracks[i].channel, i);
    EXPECT_EQ(song->tracks[i].program, 0);
    EXPECT_EQ(song->tracks[i].role, music::TrackRole::kOther);
  }
  EXPECT_EQ(song->tracks[0].notes.front(), N(8404, 296, 72, 114));
  EXPECT_EQ(song->tracks[2].notes[0], N(661, 771, 48, 78));
  EXPECT_EQ(song->tracks[2].notes[1], N(661, 692, 60, 82));
  EXPECT_EQ(song->tracks[1].notes.back(), N(53574, 1236, 72, 89));
  // Three tempo events; the file's two 4/4 events at tick 0 collapse into one.
  EXPECT_THAT(song->tempos,
              ElementsAre(music::TempoChange{0, 666667}, music::TempoChange{63, 659341},
                          music::TempoChange{8640, 666667}));
  EXPECT_THAT(song->time_signatures, ElementsAre(music::TimeSignature{0, 4, 4}));
  EXPECT_THAT(song->key_signatures, ElementsAre(music::KeySignature{0, 0, false}));
}

TEST(ReadSmfFile, GrooveFixtureIsOneDrumTrackInSixEight) {
  absl::StatusOr<music::Song> song =
      ReadSmfFile(SourcePath("tests/fixtures/groove_drummer6_session1_3_rock_80_beat_6-8.mid"));
  ASSERT_THAT(song, IsOk());
  ASSERT_EQ(song->tracks.size(), 1u);
  const music::Track& drums = song->tracks[0];
  EXPECT_EQ(drums.name, "Midi Drums");
  EXPECT_EQ(drums.channel, 9);
  EXPECT_EQ(drums.role, music::TrackRole::kDrums);
  EXPECT_EQ(drums.notes.size(), 147u);
  EXPECT_EQ(drums.control_changes.size(), 12u);
  EXPECT_EQ(drums.notes[0], N(23, 65, 26, 94));
  EXPECT_EQ(drums.notes[1], N(28, 65, 36, 57));
  EXPECT_EQ(drums.notes.back(), N(12872, 65, 36, 51));
  EXPECT_THAT(song->tempos, ElementsAre(music::TempoChange{0, 750000}));  // 80 BPM
  EXPECT_THAT(song->time_signatures, ElementsAre(music::TimeSignature{0, 6, 8}));
}

TEST(ReadSmfFile, NotesAreSortedAndPositive) {
  for (const char* name : {"pop909_098.mid", "pop909_331.mid",
                           "groove_drummer7_session1_21_hiphop_100_fill_4-4.mid"}) {
    absl::StatusOr<music::Song> song = ReadSmfFile(SourcePath("tests/fixtures/") + name);
    ASSERT_THAT(song, IsOk()) << name;
    for (const music::Track& t : song->tracks) {
      EXPECT_TRUE(std::is_sorted(t.notes.begin(), t.notes.end())) << name;
      for (const music::Note& n : t.notes) {
        EXPECT_GT(n.duration_ticks, 0);
        EXPECT_GE(n.start_tick, 0);
        EXPECT_TRUE(n.velocity >= 1 && n.velocity <= 127);
      }
    }
  }
}

TEST(ReadSmfFile, MissingFileIsNotFound) {
  EXPECT_THAT(ReadSmfFile("/nonexistent/x.mid"), StatusIs(absl::StatusCode::kNotFound, "x.mid"));
}

TEST(ReadSmfFile, OversizedFileIsResourceExhaustedBeforeReading) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("stori_oversized_" + std::to_string(getpid()));
  { std::ofstream(path.string()) << "MThd"; }
  std::filesystem::resize_file(path, kMaxSmfBytes + 1);  // sparse: nothing is written
  EXPECT_THAT(ReadSmfFile(path.string()),
              StatusIs(absl::StatusCode::kResourceExhausted, "at most 16777216"));
  std::filesystem::remove(path);
}

TEST(ReadSmfFile, DirectoryIsInvalidArgument) {
  EXPECT_THAT(ReadSmfFile(SourcePath("tests/fixtures")),
              StatusIs(absl::StatusCode::kInvalidArgument, "is not a regular file"));
}

TEST(ReadSmf, RunningStatusAndVelocityZeroNoteOff) {
  // Note-on C4, then running-status note-on vel 0 (off) and E4 on/off, all on channel 0.
  const ByteVector bytes =
      Smf(0, 96,
          {Concat({{0x00, 0x90, 60, 100, 0x60, 60, 0, 0x00, 64, 80, 0x30, 64, 0}, kEndOfTrack})});
  absl::StatusOr<music::Song> song = ReadSmf(bytes);
  ASSERT_THAT(song, IsOk());
  EXPECT_EQ(song->ppq, 96);
  ASSERT_EQ(song->tracks.size(), 1u);
  EXPECT_THAT(song->tracks[0].notes, ElementsAre(N(0, 96, 60, 100), N(96, 48, 64, 80)));
}

TEST(ReadSmf, OverlappingSamePitchNotesPairFirstInFirstOut) {
  // on@0 v10, on@10 v20, off@20, off@40 (0x80 form) -> (0,20,v10), (10,30,v20).
  const ByteVector bytes = Smf(
      0, 480,
      {Concat({{0x00, 0x90, 60, 10, 0x0A, 60, 20, 0x0A, 0x80, 60, 0, 0x14, 60, 0}, kEndOfTrack})});
  absl::StatusOr<music::Song> song = ReadSmf(bytes);
  ASSERT_THAT(song, IsOk());
  EXPECT_THAT(song->tracks[0].notes, ElementsAre(N(0, 20, 60, 10), N(10, 30, 60, 20)));
}

TEST(ReadSmf, OpenNoteClosesAtTrackEndAndZeroLengthNoteLastsOneTick) {
  // on 62@0, on 60@5 + off 60@5, end of track @100 with 62 still open.
  const ByteVector bytes =
      Smf(0, 480, {{0x00, 0x91, 62, 90, 0x05, 60, 70, 0x00, 60, 0, 0x5F, 0xFF, 0x2F, 0x00}});
  absl::StatusOr<music::Song> song = ReadSmf(bytes);
  ASSERT_THAT(song, IsOk());
  ASSERT_EQ(song->tracks.size(), 1u);
  EXPECT_EQ(song->tracks[0].channel, 1);
  EXPECT_THAT(song->tracks[0].notes, ElementsAre(N(0, 100, 62, 90), N(5, 1, 60, 70)));
}

TEST(ReadSmf, SplitsChannelsAndReadsControllersProgramsAndDrums) {
  const ByteVector track =
      Concat({{0x00, 0xFF, 0x03, 0x04, 'K', 'e', 'y', 's'},  // name for the whole chunk
              {0x00, 0xC1, 33},                              // program 33 on channel 1
              {0x00, 0x91, 40, 100},                         // first note on channel 1
              {0x00, 0xC1, 34},                              // later program: not the track's
              {0x00, 0x99, 36, 120},                         // kick on the drum channel
              {0x10, 0xB1, 64, 127},                         // sustain pedal
              {0x00, 0xE1, 0x00, 0x50},                      // bend: (0x50 << 7) - 8192 = 2048
              {0x00, 0xD1, 55},                              // channel pressure
              {0x00, 0xA9, 36, 44},                          // poly pressure on drums
              {0x10, 0x81, 40, 0, 0x00, 0x89, 36, 0},
              kEndOfTrack});
  absl::StatusOr<music::Song> song = ReadSmf(Smf(0, 480, {track}));
  ASSERT_THAT(song, IsOk());
  ASSERT_EQ(song->tracks.size(), 2u);
  const music::Track& keys = song->tracks[0];
  const music::Track& drums = song->tracks[1];
  EXPECT_EQ(keys.channel, 1);
  EXPECT_EQ(keys.name, "Keys");
  EXPECT_EQ(keys.program, 33);
  EXPECT_THAT(keys.notes, ElementsAre(N(0, 32, 40, 100)));
  EXPECT_THAT(keys.control_changes, ElementsAre(music::ControlChange{16, 64, 127}));
  EXPECT_THAT(keys.pitch_bends, ElementsAre(music::PitchBend{16, 2048}));
  EXPECT_THAT(keys.aftertouches, ElementsAre(music::Aftertouch{16, -1, 55}));
  EXPECT_EQ(drums.channel, 9);
  EXPECT_EQ(drums.role, music::TrackRole::kDrums);
  EXPECT_THAT(drums.notes, ElementsAre(N(0, 32, 36, 120)));
  EXPECT_THAT(drums.aftertouches, ElementsAre(music::Aftertouch{16, 36, 44}));
}

TEST(ReadSmf, ChannelPrefixNamesOnlyItsChannel) {
  const ByteVector track =
      Concat({{0x00, 0xFF, 0x20, 0x01, 0x02, 0x00, 0xFF, 0x03, 0x01, 'B'},
              {0x00, 0x92, 50, 90, 0x00, 0x93, 52, 90, 0x08, 0x92, 50, 0, 0x00, 0x93, 52, 0},
              kEndOfTrack});
  absl::StatusOr<music::Song> song = ReadSmf(Smf(0, 480, {track}));
  ASSERT_THAT(song, IsOk());
  ASSERT_EQ(song->tracks.size(), 2u);
  EXPECT_EQ(song->tracks[0].name, "B");
  EXPECT_EQ(song->tracks[1].name, "");
}

TEST(ReadSmf, SkipsSysexTextAndUnknownChunksAndMergesMapsFromAllTracks) {
  const ByteVector conductor = Concat({{0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20},  // 120 BPM
                                       {0x00, 0xF0, 0x03, 0x7E, 0x09, 0xF7},        // sysex
                                       {0x00, 0xFF, 0x01, 0x02, 'h', 'i'},          // text
                                       kEndOfTrack});
  const ByteVector music_track = Concat({{0x00, 0xFF, 0x58, 0x04, 3, 2, 24, 8},  // 3/4
                                         {0x00, 0xFF, 0x59, 0x02, 0xFD, 0x01},   // 3 flats m
                                         {0x00, 0x90, 60, 64, 0x40, 0x80, 60, 64},
                                         {0x40, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40},  // 60 BPM
                                         kEndOfTrack});
  const ByteVector bytes =
      Concat({Smf(1, 480, {conductor}, 2), Chunk("XFIH", {1, 2, 3}), Chunk("MTrk", music_track)});
  absl::StatusOr<music::Song> song = ReadSmf(bytes);
  ASSERT_THAT(song, IsOk());
  ASSERT_EQ(song->tracks.size(), 1u);
  EXPECT_THAT(song->tracks[0].notes, ElementsAre(N(0, 64, 60, 64)));
  EXPECT_THAT(song->tempos,
              ElementsAre(music::TempoChange{0, 500000}, music::TempoChange{128, 1000000}));
  EXPECT_THAT(song->time_signatures, ElementsAre(music::TimeSignature{0, 3, 4}));
  EXPECT_THAT(song->key_signatures, ElementsAre(music::KeySignature{0, -3, true}));
}

TEST(ReadSmf, EmptyInputIsInvalidArgument) {
  EXPECT_THAT(ReadSmf({}), StatusIs(absl::StatusCode::kInvalidArgument, "MThd, byte 0"));
}

TEST(ReadSmf, BadMagicIsInvalidArgument) {
  ByteVector bytes = Smf(0, 480, {kEndOfTrack});
  bytes[0] = 'R';
  EXPECT_THAT(ReadSmf(bytes), StatusIs(absl::StatusCode::kInvalidArgument, "bad magic"));
}

TEST(ReadSmf, TruncatedTrackIsInvalidArgumentWithOffset) {
  const ByteVector whole = Smf(0, 480, {Concat({{0x00, 0x90, 60, 64, 0x10, 60, 0}, kEndOfTrack})});
  const ByteVector bytes(whole.begin(), whole.begin() + 25);  // MTrk at byte 14 declares 11
  EXPECT_THAT(ReadSmf(bytes),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "MTrk chunk 0, byte 14: truncated chunk declares 11 bytes; only 3 remain"));
}

TEST(ReadSmf, MissingTrackChunkIsInvalidArgument) {
  EXPECT_THAT(ReadSmf(Smf(1, 480, {kEndOfTrack}, 2)),
              StatusIs(absl::StatusCode::kInvalidArgument, "header declares 2 tracks"));
}

TEST(ReadSmf, EventCutByChunkEndIsInvalidArgumentWithOffset) {
  // The chunk ends after the note-on's first data byte (byte 24).
  EXPECT_THAT(ReadSmf(Smf(0, 480, {{0x00, 0x90, 60}})),
              StatusIs(absl::StatusCode::kInvalidArgument, "MTrk chunk 0, byte 24: chunk ends"));
}

TEST(ReadSmf, DataByteWithoutRunningStatusIsInvalidArgument) {
  EXPECT_THAT(ReadSmf(Smf(0, 480, {{0x00, 60, 64}})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "byte 23: data byte 0x3C without running status"));
}

TEST(ReadSmf, FiveByteDeltaIsInvalidArgument) {
  EXPECT_THAT(ReadSmf(Smf(0, 480, {{0x81, 0x81, 0x81, 0x81, 0x01, 0x90, 60, 64}})),
              StatusIs(absl::StatusCode::kInvalidArgument, "longer than 4 bytes"));
}

TEST(ReadSmf, SystemRealTimeByteIsInvalidArgument) {
  EXPECT_THAT(ReadSmf(Smf(0, 480, {{0x00, 0xF8}})),
              StatusIs(absl::StatusCode::kInvalidArgument, "status byte 0xF8"));
}

TEST(ReadSmf, MetaLongerThanChunkIsInvalidArgument) {
  EXPECT_THAT(ReadSmf(Smf(0, 480, {{0x00, 0xFF, 0x03, 0x7F, 'a'}})),
              StatusIs(absl::StatusCode::kInvalidArgument, "declares 127 data bytes"));
}

TEST(ReadSmf, BadTempoAndKeyMetaAreInvalidArgument) {
  EXPECT_THAT(ReadSmf(Smf(0, 480, {{0x00, 0xFF, 0x51, 0x02, 0x07, 0xA1}})),
              StatusIs(absl::StatusCode::kInvalidArgument, "(tempo) has 2 data bytes"));
  EXPECT_THAT(ReadSmf(Smf(0, 480, {{0x00, 0xFF, 0x59, 0x02, 0x09, 0x00}})),
              StatusIs(absl::StatusCode::kInvalidArgument, "sf=9"));
}

TEST(ReadSmf, SmpteDivisionIsUnimplemented) {
  EXPECT_THAT(ReadSmf(Smf(0, 0xE728, {kEndOfTrack})),
              StatusIs(absl::StatusCode::kUnimplemented, "SMPTE"));
}

TEST(ReadSmf, FormatTwoIsUnimplemented) {
  EXPECT_THAT(ReadSmf(Smf(2, 480, {kEndOfTrack})),
              StatusIs(absl::StatusCode::kUnimplemented, "format 2"));
}

TEST(ReadSmf, OversizedInputIsResourceExhausted) {
  ByteVector bytes = Smf(0, 480, {kEndOfTrack});
  bytes.resize(kMaxSmfBytes + 1);
  EXPECT_THAT(ReadSmf(bytes), StatusIs(absl::StatusCode::kResourceExhausted, "at most"));
}

TEST(ReadSmf, ChunkWithoutEndOfTrackIsAccepted) {
  absl::StatusOr<music::Song> song = ReadSmf(Smf(0, 480, {{0x00, 0x90, 60, 64, 0x10, 60, 0}}));
  ASSERT_THAT(song, IsOk());
  EXPECT_THAT(song->tracks[0].notes, ElementsAre(N(0, 16, 60, 64)));
}

}  // namespace
}  // namespace stori::midi
