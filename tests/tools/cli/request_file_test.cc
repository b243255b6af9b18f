#include "tools/cli/request_file.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/request_fixtures.h"

namespace stori::cli {
namespace {

using ::stori::server::testing::Fields;
using ::stori::server::testing::ReadFile;
using ::stori::testing::SourcePath;

class ExampleFile : public ::testing::TestWithParam<const char*> {};

TEST_P(ExampleFile, ParsesAndValidates) {
  const std::string json = ReadFile(SourcePath(std::string("examples/") + GetParam()));
  ASSERT_FALSE(json.empty());
  auto file = SongRequestFromJson(json);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_TRUE(file->violations.empty()) << file->violations.Summary();
  EXPECT_GE(file->request.rms().sections_size(), 1);
  EXPECT_TRUE(file->request.has_seed());
}

INSTANTIATE_TEST_SUITE_P(Examples, ExampleFile,
                         ::testing::Values("leaving_home.json", "funk_groove.json",
                                           "waltz_ballad.json", "lofi_loop.json",
                                           "maestro_flat.json"));

TEST(SongRequestFromJson, LeavingHomeHasTheRoadmapMotifMismatches) {
  auto file = SongRequestFromJson(ReadFile(SourcePath("examples/leaving_home.json")));
  ASSERT_TRUE(file.ok());
  const auto& rms = file->request.rms();
  ASSERT_EQ(rms.motifs_size(), 2);
  EXPECT_EQ(rms.motifs(0).rhythm_pattern_size(), 4);  // four quarters: 4 beats
  EXPECT_EQ(rms.motifs(0).duration_beats(), 3);
  EXPECT_EQ(rms.motifs(1).duration_beats(), 2);  // half + 2 eighths: 3 beats
  EXPECT_EQ(rms.sections_size(), 3);
}

TEST(SongRequestFromJson, BareRmsIsAccepted) {
  auto file =
      SongRequestFromJson(ReadFile(SourcePath("tests/server/testdata/leaving_home_rms.json")));
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_TRUE(file->violations.empty()) << file->violations.Summary();
  EXPECT_EQ(file->request.rms().title(), "Leaving Home");
}

TEST(SongRequestFromJson, FlatRequestBecomesOneSectionRms) {
  auto file = SongRequestFromJson(ReadFile(SourcePath("examples/maestro_flat.json")));
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->request.rms().sections_size(), 1);
  EXPECT_EQ(file->request.rms().sections(0).bars(), 8u);
  EXPECT_EQ(file->request.rms().tracks_size(), 4);
  EXPECT_EQ(file->request.seed(), 7u);
}

TEST(SongRequestFromJson, ViolationsNameTheFieldPath) {
  auto file = SongRequestFromJson(R"({"rms": {"tempoBpm": 500, "key": "Am",
      "tracks": [{"trackId": "p", "role": "TRACK_ROLE_HARMONY"}],
      "sections": [{"sectionId": "a", "bars": 4,
                    "motifUsage": [{"motifId": "nope", "beat": 0}]}]}})");
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_THAT(
      Fields(file->violations),
      ::testing::IsSupersetOf({"rms.tempo_bpm", "rms.sections[0].motif_usage[0].motif_id"}));
}

TEST(SongRequestFromJson, MalformedJsonIsInvalidArgument) {
  EXPECT_EQ(SongRequestFromJson("{not json").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SongRequestFromJson(R"({"rms": {"tempoBpm": "fast"}})").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace stori::cli
