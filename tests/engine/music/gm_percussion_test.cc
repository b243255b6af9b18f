#include "engine/music/gm_percussion.h"

#include <map>

#include "engine/midi/smf_reader.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::music {
namespace {

TEST(GmPercussionName, CoversKeys35To81) {
  EXPECT_EQ(GmPercussionName(35), "Acoustic Bass Drum");
  EXPECT_EQ(GmPercussionName(36), "Bass Drum 1");
  EXPECT_EQ(GmPercussionName(38), "Acoustic Snare");
  EXPECT_EQ(GmPercussionName(42), "Closed Hi Hat");
  EXPECT_EQ(GmPercussionName(46), "Open Hi-Hat");
  EXPECT_EQ(GmPercussionName(49), "Crash Cymbal 1");
  EXPECT_EQ(GmPercussionName(51), "Ride Cymbal 1");
  EXPECT_EQ(GmPercussionName(81), "Open Triangle");
  EXPECT_EQ(GmPercussionName(34), "");
  EXPECT_EQ(GmPercussionName(82), "");
}

TEST(CanonicalGmDrum, MapsTheRolandKitAsTheGroovePaperDoes) {
  const std::map<int, int> expected = {{36, 36}, {38, 38}, {40, 38}, {37, 38}, {48, 50}, {50, 50},
                                       {45, 47}, {47, 47}, {43, 43}, {58, 43}, {46, 46}, {26, 46},
                                       {42, 42}, {22, 42}, {44, 42}, {49, 49}, {55, 49}, {57, 49},
                                       {52, 49}, {51, 51}, {59, 51}, {53, 51}};
  for (int note = 0; note < 128; ++note) {
    const auto it = expected.find(note);
    EXPECT_EQ(CanonicalGmDrum(note), it == expected.end() ? -1 : it->second) << note;
  }
  EXPECT_EQ(CanonicalGmDrum(-5), -1);
}

// Every hit in the Groove fixtures maps to one of the nine classes, each a GM percussion key.
TEST(CanonicalGmDrum, MapsEveryHitOfTheGrooveFixtures) {
  for (const char* name : {"groove_drummer6_session1_3_rock_80_beat_6-8.mid",
                           "groove_drummer7_session1_21_hiphop_100_fill_4-4.mid"}) {
    absl::StatusOr<Song> song = midi::ReadSmfFile(testing::SourcePath("tests/fixtures/") + name);
    ASSERT_TRUE(song.ok()) << song.status();
    int hits = 0;
    for (const Track& track : song->tracks) {
      for (const Note& note : track.notes) {
        const int key = CanonicalGmDrum(note.pitch);
        EXPECT_NE(key, -1) << name << " pitch " << note.pitch;
        EXPECT_NE(GmPercussionName(key), "") << key;
        ++hits;
      }
    }
    EXPECT_GT(hits, 50) << name;
  }
}

}  // namespace
}  // namespace stori::music
