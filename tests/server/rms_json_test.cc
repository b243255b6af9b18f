// The LLM emits JSON, so the RMS must parse from protobuf's JSON mapping (camelCase field
// names, enum value names) as well as from binary protobuf.
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "server/validate/rms_rules.h"
#include "tests/server/request_fixtures.h"
#include "tests/testing/status_matchers.h"

namespace stori::server {
namespace {

namespace v1 = ::stori::generation::v1;

using ::stori::server::testing::LeavingHomeRms;
using ::stori::server::testing::ReadFile;

TEST(RmsJson, LeavingHomeParsesWithEveryPart) {
  const v1::RichMusicalSpecification rms = LeavingHomeRms();
  EXPECT_EQ(rms.title(), "Leaving Home");
  EXPECT_EQ(rms.tempo_bpm(), 92.0);
  EXPECT_EQ(rms.time_signature().numerator(), 4);
  ASSERT_EQ(rms.motifs_size(), 1);
  EXPECT_EQ(rms.motifs(0).rhythm_pattern(0), v1::RHYTHM_VALUE_QUARTER);
  EXPECT_EQ(rms.motifs(0).register_(), v1::REGISTER_MID);
  ASSERT_EQ(rms.tracks_size(), 4);
  EXPECT_EQ(rms.tracks(1).instrument(), "Electric Bass (finger)");
  EXPECT_EQ(rms.tracks(2).program(), 25u);
  ASSERT_EQ(rms.sections_size(), 2);
  const v1::SectionSpec& verse = rms.sections(0);
  EXPECT_EQ(verse.section_type(), v1::SECTION_TYPE_VERSE);
  EXPECT_FLOAT_EQ(verse.emotion_vector().tension(), 0.3f);
  EXPECT_EQ(verse.chords(3).symbol(), "G/B");
  EXPECT_EQ(verse.motif_usage(1).transformation(), v1::TRANSFORMATION_TRANSPOSE);
  EXPECT_EQ(verse.motif_usage(1).params().semitones(), -2);
  EXPECT_TRUE(verse.exit_state().drum_active());
  EXPECT_TRUE(verse.entry_state().has_drum_active());
  EXPECT_FALSE(verse.entry_state().drum_active());
  EXPECT_EQ(verse.track_behaviors(0).enter_bar(), 4u);
  EXPECT_TRUE(validate::ValidateRms(rms, "rms").empty());
}

TEST(RmsJson, SnakeCaseNamesAreAcceptedToo) {
  v1::EmotionVector ev;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(
          R"({"energy": 0.5, "valence": -1, "tension": 1, "intimacy": 0, "motion": 0.25})", &ev)
          .ok());
  v1::SectionSpec section;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  R"({"section_id": "a", "bars": 4, "motif_usage": [{"motif_id": "m"}]})", &section)
                  .ok());
  EXPECT_EQ(section.motif_usage(0).motif_id(), "m");
  EXPECT_FLOAT_EQ(ev.valence(), -1.0f);
}

TEST(RmsJson, UnknownFieldAndWrongTypeAreRejected) {
  v1::RichMusicalSpecification rms;
  EXPECT_FALSE(google::protobuf::util::JsonStringToMessage(R"({"tempo": 90})", &rms).ok());
  EXPECT_FALSE(google::protobuf::util::JsonStringToMessage(R"({"tempoBpm": "fast"})", &rms).ok());
  EXPECT_FALSE(
      google::protobuf::util::JsonStringToMessage(R"({"sections": [{"sectionType": "X"}]})", &rms)
          .ok());
}

TEST(RmsJson, NotesComeOutInCamelCaseForMaestro) {
  v1::Note note;
  note.set_pitch(60);
  note.set_velocity(100);
  note.set_start_beat(1.5);
  note.set_duration_beats(0.5);
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(note, &json).ok());
  EXPECT_THAT(json, ::testing::HasSubstr("\"startBeat\":1.5"));
  EXPECT_THAT(json, ::testing::HasSubstr("\"durationBeats\":0.5"));
}

}  // namespace
}  // namespace stori::server
