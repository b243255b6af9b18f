// server/read: requests as the Stori backend writes them (its minimal and maximal flat requests,
// its roadmap RMS) are read, mapped and defaulted, then pass the strict validator; what must stay
// an error stays one.
#include "server/read/read_request.h"

#include <string>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/convert/from_proto.h"
#include "server/read/request_defaults.h"
#include "server/read/request_json.h"
#include "server/validate/request_rules.h"
#include "tests/server/request_fixtures.h"
#include "tests/testing/status_matchers.h"

namespace stori::server::read {
namespace {

using ::stori::server::testing::ReadFile;
using ::stori::testing::IsOk;
using ::stori::testing::StatusIs;
using ::testing::HasSubstr;

// Paths of the warnings, in order.
std::vector<std::string> Paths(const RequestWarnings& warnings) {
  std::vector<std::string> out;
  for (const RequestWarning& w : warnings) out.push_back(w.field_path);
  return out;
}

const RequestWarning* FindWarning(const RequestWarnings& warnings, absl::string_view path) {
  for (const RequestWarning& w : warnings) {
    if (w.field_path == path) return &w;
  }
  return nullptr;
}

absl::Status ReadSection(const std::string& json, v1::GenerateSectionRequest* out,
                         RequestWarnings* warnings) {
  v1::GenerateSectionRequest in;
  in.set_request_json(json);
  return ReadRequest(in, out, warnings);
}

void ExpectStoriDefaultEmotion(const v1::EmotionVector& e) {
  EXPECT_FLOAT_EQ(e.energy(), 0.5f);
  EXPECT_FLOAT_EQ(e.valence(), 0.0f);
  EXPECT_FLOAT_EQ(e.tension(), 0.3f);
  EXPECT_FLOAT_EQ(e.intimacy(), 0.5f);
  EXPECT_FLOAT_EQ(e.motion(), 0.5f);
}

TEST(ReadRequest, StoriMinimalFlatRequestIsServedWithDocumentedDefaults) {
  v1::GenerateSectionRequest request;
  RequestWarnings warnings;
  ASSERT_THAT(ReadSection(R"({"genre": "boom_bap", "tempo": 90, "instruments": ["drums"],
                              "bars": 4})",
                          &request, &warnings),
              IsOk());
  ASSERT_TRUE(request.has_flat());
  EXPECT_EQ(request.flat().genre(), "boom_bap");
  EXPECT_EQ(request.flat().tempo_bpm(), 90.0);
  EXPECT_EQ(request.flat().bars(), 4u);
  ExpectStoriDefaultEmotion(request.flat().emotion_vector());
  EXPECT_EQ(request.flat().key(), "C");
  EXPECT_THAT(Paths(warnings), ::testing::ElementsAre("flat.emotion_vector", "flat.key"));
  EXPECT_TRUE(validate::ValidateGenerateSectionRequest(request).empty());
  const v1::RichMusicalSpecification rms = convert::RmsFromFlat(request.flat());
  EXPECT_EQ(rms.tracks(0).role(), v1::TRACK_ROLE_DRUMS);
}

TEST(ReadRequest, StoriMaximalFlatRequestMapsEveryField) {
  v1::GenerateSectionRequest request;
  RequestWarnings warnings;
  ASSERT_THAT(ReadSection(R"({
      "genre": "lofi hip hop", "tempo": 84, "bars": 8, "key": "F# minor",
      "instruments": ["drum_kit_brush", "electric_bass_finger", "piano", "pads", "alto_sax"],
      "quality_preset": "quality", "composition_id": "c-1", "trace_id": "t-1",
      "intent_hash": "h-1", "seed": "18446744073709551615",
      "emotion_vector": {"energy": 0.3, "valence": -0.4, "tension": 0.6, "intimacy": 0.8,
                         "motion": 0.4},
      "generation_constraints": {"drum_density": 0.4, "subdivision": 16, "swing_amount": 0.3,
        "register_center": 60, "register_spread": 12, "rest_density": 0.2,
        "leap_probability": 0.2, "chord_extensions": true, "borrowed_chord_probability": 0.1,
        "harmonic_rhythm_bars": 1, "velocity_floor": 56, "velocity_ceiling": 96}})",
                          &request, &warnings),
              IsOk());
  EXPECT_TRUE(warnings.empty()) << warnings.front().field_path;
  EXPECT_EQ(request.flat().key(), "F# minor");
  EXPECT_EQ(request.quality_preset(), v1::QUALITY_PRESET_QUALITY);
  EXPECT_EQ(request.metadata().composition_id(), "c-1");
  EXPECT_EQ(request.metadata().trace_id(), "t-1");
  EXPECT_EQ(request.metadata().intent_hash(), "h-1");
  EXPECT_EQ(request.seed(), 18446744073709551615ull);
  EXPECT_EQ(request.constraints().velocity_ceiling(), 96u);
  EXPECT_TRUE(request.constraints().chord_extensions());
  EXPECT_FLOAT_EQ(request.flat().emotion_vector().intimacy(), 0.8f);
  EXPECT_TRUE(validate::ValidateGenerateSectionRequest(request).empty());
  const v1::RichMusicalSpecification rms = convert::RmsFromFlat(request.flat());
  ASSERT_EQ(rms.tracks_size(), 5);
  EXPECT_EQ(rms.tracks(0).role(), v1::TRACK_ROLE_DRUMS);
  EXPECT_EQ(rms.tracks(0).program(), 40u);  // GS Brush kit
  EXPECT_EQ(rms.tracks(1).role(), v1::TRACK_ROLE_BASS);
  EXPECT_EQ(rms.tracks(1).program(), 33u);
  EXPECT_EQ(rms.tracks(2).role(), v1::TRACK_ROLE_HARMONY);
  EXPECT_EQ(rms.tracks(3).role(), v1::TRACK_ROLE_PAD);
  EXPECT_EQ(rms.tracks(4).role(), v1::TRACK_ROLE_MELODY);
  EXPECT_EQ(rms.tracks(4).program(), 65u);
}

TEST(ReadRequest, EveryStoriRoleAndInstrumentSpellingIsServed) {
  for (const char* name :
       {"drums", "bass", "chords", "harmony", "melody", "arp", "pads", "fx", "piano", "keys",
        "guitar", "lead", "strings", "acoustic_guitar_steel", "electric_bass_finger",
        "string_ensemble_1", "pad_3_polysynth", "lead_2_sawtooth", "alto_sax",
        "drum_kit_acoustic", "drum_kit_electronic", "drum_kit_brush"}) {
    v1::GenerateSectionRequest request;
    RequestWarnings warnings;
    ASSERT_THAT(ReadSection(absl::StrCat(R"({"tempo": 100, "bars": 2, "instruments": [")", name,
                                         R"("]})"),
                            &request, &warnings),
                IsOk());
    EXPECT_EQ(FindWarning(warnings, "flat.instruments[0]"), nullptr) << name;
    EXPECT_TRUE(validate::ValidateGenerateSectionRequest(request).empty()) << name;
  }
}

TEST(ReadRequest, UnknownFlatInstrumentPlaysAsOtherWithAWarningNamingIt) {
  v1::GenerateSectionRequest request;
  RequestWarnings warnings;
  ASSERT_THAT(ReadSection(R"({"tempo": 100, "bars": 2, "instruments": ["drums", "theremin"]})",
                          &request, &warnings),
              IsOk());
  const RequestWarning* w = FindWarning(warnings, "flat.instruments[1]");
  ASSERT_NE(w, nullptr);
  EXPECT_THAT(w->message, HasSubstr("theremin"));
  EXPECT_EQ(convert::RmsFromFlat(request.flat()).tracks(1).role(), v1::TRACK_ROLE_OTHER);
  EXPECT_TRUE(validate::ValidateGenerateSectionRequest(request).empty());
}

TEST(ReadRequest, RoadmapRmsIsReadWithEveryWordMapped) {
  v1::GenerateSongRequest in;
  in.set_request_json(
      ReadFile(::stori::testing::SourcePath("tests/server/testdata/stori_roadmap_rms.json")));
  v1::GenerateSongRequest request;
  RequestWarnings warnings;
  ASSERT_THAT(ReadRequest(in, &request, &warnings), IsOk());
  EXPECT_TRUE(validate::ValidateGenerateSongRequest(request).empty())
      << validate::ValidateGenerateSongRequest(request).Summary();
  const v1::RichMusicalSpecification& rms = request.rms();
  EXPECT_EQ(rms.title(), "Neon Rain");
  EXPECT_EQ(rms.tempo_bpm(), 124.0);
  EXPECT_EQ(rms.time_signature().numerator(), 4u);
  EXPECT_EQ(request.quality_preset(), v1::QUALITY_PRESET_FAST);
  EXPECT_EQ(request.seed(), 7u);
  EXPECT_EQ(request.metadata().composition_id(), "roadmap-neon-rain");
  EXPECT_EQ(rms.motifs(0).rhythm_pattern(1), v1::RHYTHM_VALUE_EIGHTH);
  EXPECT_EQ(rms.motifs(0).register_(), v1::REGISTER_MID_HIGH);
  EXPECT_EQ(rms.motifs(0).allowed_transformations(2), v1::TRANSFORMATION_RHYTHMIC_COMPRESS);
  EXPECT_EQ(rms.tracks(0).role(), v1::TRACK_ROLE_DRUMS);
  EXPECT_EQ(rms.tracks(0).program(), 24u);  // GS Electronic kit
  EXPECT_EQ(rms.tracks(2).role(), v1::TRACK_ROLE_PAD);
  EXPECT_EQ(rms.tracks(2).program(), 90u);
  EXPECT_EQ(rms.tracks(3).role(), v1::TRACK_ROLE_MELODY);
  EXPECT_EQ(rms.tracks(3).program(), 81u);
  EXPECT_EQ(rms.sections(0).section_type(), v1::SECTION_TYPE_VERSE);
  EXPECT_EQ(rms.sections(0).chords(1).symbol(), "D");
  EXPECT_FLOAT_EQ(rms.sections(0).track_behaviors(0).density(), 0.25f);
  EXPECT_EQ(rms.sections(0).track_behaviors(0).priority(), 5u);
  EXPECT_EQ(rms.sections(0).track_behaviors(1).priority(), 9u);
  EXPECT_EQ(rms.sections(1).section_type(), v1::SECTION_TYPE_PRE_CHORUS);
  ASSERT_EQ(rms.sections(1).track_behaviors_size(), 1);
  EXPECT_EQ(rms.sections(1).track_behaviors(0).track_id(), "pads");
  EXPECT_FLOAT_EQ(rms.sections(1).track_behaviors(0).density(), 1.0f);
  EXPECT_FLOAT_EQ(rms.sections(1).motif_usage(0).params().factor(), kDefaultCompressFactor);
  ExpectStoriDefaultEmotion(rms.sections(1).emotion_vector());
  EXPECT_EQ(rms.sections(2).section_type(), v1::SECTION_TYPE_BUILDUP);
  EXPECT_FLOAT_EQ(rms.sections(2).motif_usage(0).params().factor(), kDefaultExpandFactor);
  EXPECT_EQ(rms.sections(2).track_behaviors(0).priority(), 10u);
  EXPECT_THAT(Paths(warnings),
              ::testing::UnorderedElementsAre("rms.global_emotion", "rms.rms_version",
                                              "rms.tracks[3].color",
                                              "rms.sections[1].emotion_vector"));
  EXPECT_EQ(FindWarning(warnings, "rms.sections[1].emotion_vector")->section_index, 1);
  EXPECT_THAT(FindWarning(warnings, "rms.rms_version")->message, HasSubstr("not used"));
}

TEST(ReadRequest, UnknownFieldsAnywhereAreIgnoredWithAWarning) {
  v1::GenerateSectionRequest request;
  RequestWarnings warnings;
  ASSERT_THAT(ReadSection(R"({"tempo": 100, "bars": 2, "instruments": ["bass"], "foo": {"x": 1},
                              "emotion_vector": {"energy": 0.2, "sparkle": 3}})",
                          &request, &warnings),
              IsOk());
  EXPECT_THAT(Paths(warnings), ::testing::ElementsAre("flat.emotion_vector.sparkle", "foo",
                                                      "flat.key"));
  EXPECT_FLOAT_EQ(request.flat().emotion_vector().energy(), 0.2f);
}

TEST(ReadRequest, ProtobufJsonMappingStillReads) {
  v1::GenerateSectionRequest request;
  RequestWarnings warnings;
  ASSERT_THAT(ReadSection(R"({"flat": {"tempoBpm": 100, "bars": 2, "instruments": ["bass"],
                              "key": "Am", "emotionVector": {"energy": 0.2}},
                              "qualityPreset": "QUALITY_PRESET_FAST", "seed": "5"})",
                          &request, &warnings),
              IsOk());
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(request.flat().tempo_bpm(), 100.0);
  EXPECT_EQ(request.quality_preset(), v1::QUALITY_PRESET_FAST);
  EXPECT_EQ(request.seed(), 5u);
}

TEST(ReadRequest, TypedFieldsBesideTheJsonOverrideIt) {
  v1::GenerateSectionRequest in;
  in.set_request_json(R"({"tempo": 100, "bars": 2, "instruments": ["bass"], "seed": 1,
                          "quality_preset": "fast"})");
  in.set_seed(99);
  in.set_quality_preset(v1::QUALITY_PRESET_QUALITY);
  v1::GenerateSectionRequest request;
  RequestWarnings warnings;
  ASSERT_THAT(ReadRequest(in, &request, &warnings), IsOk());
  EXPECT_EQ(request.seed(), 99u);
  EXPECT_EQ(request.quality_preset(), v1::QUALITY_PRESET_QUALITY);
  EXPECT_TRUE(request.request_json().empty());
}

TEST(ReadRequest, WhatMustStayAnErrorStaysOne) {
  v1::GenerateSectionRequest request;
  RequestWarnings warnings;
  EXPECT_THAT(ReadSection("{not json", &request, &warnings),
              StatusIs(absl::StatusCode::kInvalidArgument, "not valid JSON"));
  EXPECT_THAT(ReadSection("[1, 2]", &request, &warnings),
              StatusIs(absl::StatusCode::kInvalidArgument, "JSON object"));
  EXPECT_THAT(ReadSection(R"({"bars": 2, "instruments": ["bass"], "quality_preset": "ultra"})",
                          &request, &warnings),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "quality_preset: \"ultra\" is not a QualityPreset; expected one "
                                 "of fast, balanced, quality"));
  EXPECT_THAT(ReadSection(R"({"bars": 2, "instruments": ["bass"], "seed": 18446744073709551615})",
                          &request, &warnings),
              StatusIs(absl::StatusCode::kInvalidArgument, "as JSON strings"));
  EXPECT_THAT(ReadSection(R"({"bars": "many", "instruments": ["bass"]})", &request, &warnings),
              StatusIs(absl::StatusCode::kInvalidArgument, "wrong type"));
  EXPECT_THAT(ReadSection(R"({"rms": {"motifs": [{"rhythm_pattern": ["dotted"]}]}})", &request,
                          &warnings),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "rms.motifs[0].rhythm_pattern[0]: \"dotted\""));
  // Values out of range and unparseable keys read fine and are refused by the validator.
  ASSERT_THAT(ReadSection(R"({"tempo": 500, "bars": 2, "instruments": ["bass"], "key": "H#",
                              "emotion_vector": {"energy": 1.5}})",
                          &request, &warnings),
              IsOk());
  const validate::FieldViolations violations = validate::ValidateGenerateSectionRequest(request);
  EXPECT_THAT(::stori::server::testing::Fields(violations),
              ::testing::UnorderedElementsAre("flat.tempo_bpm", "flat.key",
                                              "flat.emotion_vector.energy"));
}

TEST(ApplyDefaults, KeyDefaultFollowsTheSectionsMeanValence) {
  v1::RichMusicalSpecification rms;
  rms.add_sections()->mutable_emotion_vector()->set_valence(-0.6f);
  rms.add_sections()->mutable_emotion_vector()->set_valence(0.2f);
  RequestWarnings warnings;
  ApplyDefaults(&rms, "rms", &warnings);
  EXPECT_EQ(rms.key(), "Am");
  ASSERT_NE(FindWarning(warnings, "rms.key"), nullptr);
  EXPECT_THAT(FindWarning(warnings, "rms.key")->message, HasSubstr("-0.20"));
}

TEST(ApplyDefaults, TrackRolesAreResolvedFromIdNameAndInstrument) {
  v1::RichMusicalSpecification rms;
  rms.set_key("C");
  v1::Track* by_id = rms.add_tracks();
  by_id->set_track_id("pads");
  v1::Track* by_name = rms.add_tracks();
  by_name->set_track_id("t2");
  by_name->set_name("Lead Synth");
  v1::Track* by_kit = rms.add_tracks();
  by_kit->set_track_id("t3");
  by_kit->set_instrument("drum_kit_jazz");
  v1::Track* by_program = rms.add_tracks();
  by_program->set_track_id("t4");
  by_program->set_program(35);  // Fretless Bass
  v1::Track* unknown = rms.add_tracks();
  unknown->set_track_id("t5");
  RequestWarnings warnings;
  ApplyDefaults(&rms, "rms", &warnings);
  EXPECT_EQ(rms.tracks(0).role(), v1::TRACK_ROLE_PAD);
  EXPECT_EQ(rms.tracks(1).role(), v1::TRACK_ROLE_MELODY);
  EXPECT_EQ(rms.tracks(2).role(), v1::TRACK_ROLE_DRUMS);
  EXPECT_EQ(rms.tracks(2).program(), 32u);
  EXPECT_EQ(rms.tracks(3).role(), v1::TRACK_ROLE_BASS);
  EXPECT_EQ(rms.tracks(4).role(), v1::TRACK_ROLE_OTHER);
  EXPECT_THAT(Paths(warnings), ::testing::ElementsAre("rms.tracks[4].role"));
}

TEST(ApplyDefaults, InstrumentsThatDoNotFitTheRoleFallBackWithAWarningNamingTheField) {
  v1::RichMusicalSpecification rms;
  rms.set_key("C");
  v1::Track* bass = rms.add_tracks();
  bass->set_track_id("bass");
  bass->set_role(v1::TRACK_ROLE_BASS);
  bass->set_instrument("drum_kit_brush");
  v1::Track* drums = rms.add_tracks();
  drums->set_track_id("drums");
  drums->set_role(v1::TRACK_ROLE_DRUMS);
  drums->set_instrument("piano");
  v1::Track* lead = rms.add_tracks();
  lead->set_track_id("lead");
  lead->set_role(v1::TRACK_ROLE_MELODY);
  lead->set_instrument("kazoo_deluxe");
  RequestWarnings warnings;
  ApplyDefaults(&rms, "rms", &warnings);
  EXPECT_EQ(rms.tracks(0).program(), 33u);
  EXPECT_EQ(rms.tracks(1).program(), 0u);
  EXPECT_EQ(rms.tracks(2).program(), 73u);
  EXPECT_THAT(Paths(warnings),
              ::testing::ElementsAre("rms.tracks[0].instrument", "rms.tracks[1].instrument",
                                     "rms.tracks[2].instrument"));
  EXPECT_THAT(warnings[2].message, HasSubstr("kazoo_deluxe"));
}

TEST(ReadRequest, RefineFromAFlatRequestNamesTheFlatTracks) {
  v1::RefineSectionRequest in;
  in.set_request_json(R"({"tempo": 90, "bars": 2, "instruments": ["drums", "bass"],
                          "command": "make it sadder"})");
  v1::RefineSectionRequest request;
  RequestWarnings warnings;
  ASSERT_THAT(ReadRequest(in, &request, &warnings), IsOk());
  ASSERT_TRUE(request.has_flat());
  EXPECT_EQ(request.refinement_command(), "make it sadder");
  v1::TrackOutput* track = request.mutable_prior_result()->add_tracks();
  track->set_track_id("bass");
  request.mutable_prior_result()->set_ppq(480);
  request.add_target_track_ids("bass");
  EXPECT_TRUE(validate::ValidateRefineSectionRequest(request).empty())
      << validate::ValidateRefineSectionRequest(request).Summary();
  request.add_target_track_ids("piano");
  EXPECT_THAT(::stori::server::testing::Fields(
                  validate::ValidateRefineSectionRequest(request)),
              ::testing::ElementsAre("target_track_ids[1]"));
}

}  // namespace
}  // namespace stori::server::read
