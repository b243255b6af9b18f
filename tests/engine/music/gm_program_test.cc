#include "engine/music/gm_program.h"

#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::music {
namespace {

using ::stori::testing::IsOk;
using ::stori::testing::StatusIs;
using ::testing::ElementsAre;

TEST(GmProgramName, MatchesTheGmTableAtKnownIndexes) {
  EXPECT_EQ(GmProgramName(0), "Acoustic Grand Piano");
  EXPECT_EQ(GmProgramName(24), "Acoustic Guitar (nylon)");
  EXPECT_EQ(GmProgramName(33), "Electric Bass (finger)");
  EXPECT_EQ(GmProgramName(40), "Violin");
  EXPECT_EQ(GmProgramName(56), "Trumpet");
  EXPECT_EQ(GmProgramName(73), "Flute");
  EXPECT_EQ(GmProgramName(89), "Pad 2 (warm)");
  EXPECT_EQ(GmProgramName(127), "Gunshot");
  EXPECT_EQ(GmProgramName(128), "");
  EXPECT_EQ(GmProgramName(-1), "");
}

TEST(GmProgramFromName, IgnoresCaseSpacesUnderscoresAndPunctuation) {
  const struct {
    const char* name;
    int program;
  } cases[] = {
      {"acoustic_grand_piano", 0},  {"Electric Bass (finger)", 33},
      {"electric bass finger", 33}, {"HONKY TONK PIANO", 3},
      {"Lead 8 (bass + lead)", 87}, {"fx_8_sci_fi", 103},
      {"synthstrings 1", 50},       {"Gunshot", 127},
  };
  for (const auto& c : cases) {
    EXPECT_THAT(GmProgramFromName(c.name), IsOk()) << c.name;
    EXPECT_EQ(GmProgramFromName(c.name).value_or(-1), c.program) << c.name;
  }
}

TEST(GmProgramFromName, EveryNameRoundTripsAndNamesAreDistinct) {
  std::set<std::string> names;
  for (int program = 0; program < kNumGmPrograms; ++program) {
    EXPECT_EQ(GmProgramFromName(GmProgramName(program)).value_or(-1), program);
    names.insert(std::string(GmProgramName(program)));
  }
  EXPECT_EQ(names.size(), 128u);
}

TEST(GmProgramFromName, UnknownNameIsInvalidArgument) {
  EXPECT_THAT(GmProgramFromName("kazoo"),
              StatusIs(absl::StatusCode::kInvalidArgument, "GM program name \"kazoo\": unknown"));
  EXPECT_THAT(GmProgramFromName(" _ "), StatusIs(absl::StatusCode::kInvalidArgument, "unknown"));
}

TEST(DefaultProgramForRole, FollowsTheDocumentedTable) {
  EXPECT_EQ(DefaultProgramForRole(TrackRole::kBass), 33);
  EXPECT_EQ(DefaultProgramForRole(TrackRole::kHarmony), 0);
  EXPECT_EQ(DefaultProgramForRole(TrackRole::kMelody), 73);
  EXPECT_EQ(DefaultProgramForRole(TrackRole::kPad), 89);
  EXPECT_EQ(DefaultProgramForRole(TrackRole::kDrums), 0);
}

TEST(DefaultChannelForRole, DrumsNineBassZeroKeysOneOthersFromTwo) {
  EXPECT_EQ(DefaultChannelForRole(TrackRole::kDrums), 9);
  EXPECT_EQ(DefaultChannelForRole(TrackRole::kBass), 0);
  EXPECT_EQ(DefaultChannelForRole(TrackRole::kHarmony), 1);
  EXPECT_EQ(DefaultChannelForRole(TrackRole::kMelody), 2);
}

TEST(AssignChannels, GivesFixedChannelsFirstAndOthersFromTwoSkippingNine) {
  using R = TrackRole;
  absl::StatusOr<std::vector<int>> channels =
      AssignChannels({R::kMelody, R::kDrums, R::kHarmony, R::kBass, R::kHarmony, R::kPad});
  ASSERT_THAT(channels, IsOk());
  EXPECT_THAT(*channels, ElementsAre(2, 9, 1, 0, 3, 4));

  std::vector<R> many(13, R::kMelody);
  channels = AssignChannels(many);
  ASSERT_THAT(channels, IsOk());
  EXPECT_THAT(*channels, ElementsAre(2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15));
  many.push_back(R::kMelody);
  many.push_back(R::kMelody);
  many.push_back(R::kDrums);
  channels = AssignChannels(many);
  ASSERT_THAT(channels, IsOk());
  EXPECT_EQ((*channels)[13], 0);
  EXPECT_EQ((*channels)[14], 1);
  EXPECT_EQ((*channels)[15], 9);
  many.push_back(R::kBass);
  EXPECT_THAT(AssignChannels(many),
              StatusIs(absl::StatusCode::kResourceExhausted, "15 melodic MIDI channels"));
}

}  // namespace
}  // namespace stori::music
