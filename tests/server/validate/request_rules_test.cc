// Each validation rule of server/validate/: a request breaking exactly that rule gets
// INVALID_ARGUMENT whose google.rpc.BadRequest names exactly that field path.
#include "server/validate/request_rules.h"

#include <cmath>
#include <functional>
#include <limits>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/status_mapping.h"
#include "server/validate/limits.h"
#include "tests/server/request_fixtures.h"

namespace stori::server::validate {
namespace {

using ::stori::server::testing::BadRequestOf;
using ::stori::server::testing::Fields;
using ::stori::server::testing::ValidFlatRequest;
using ::stori::server::testing::ValidSectionRequest;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

v1::SectionSpec& Section(v1::GenerateSectionRequest& r, int i) {
  return *r.mutable_rms()->mutable_sections(i);
}
v1::Motif& FirstMotif(v1::GenerateSectionRequest& r) { return *r.mutable_rms()->mutable_motifs(0); }

struct RuleCase {
  std::string name;
  std::function<void(v1::GenerateSectionRequest&)> mutate;
  std::string field;
};

class SectionRequestRuleTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(SectionRequestRuleTest, BreakingTheRuleNamesExactlyItsField) {
  v1::GenerateSectionRequest request = ValidSectionRequest();
  GetParam().mutate(request);
  const FieldViolations violations = ValidateGenerateSectionRequest(request);
  EXPECT_THAT(Fields(violations), ElementsAre(GetParam().field)) << violations.Summary();

  const grpc::Status status = ToGrpcStatus(violations);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(Fields(BadRequestOf(status)), ElementsAre(GetParam().field));
}

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const std::string kLongId(kMaxIdBytes + 1, 'x');

INSTANTIATE_TEST_SUITE_P(
    Rules, SectionRequestRuleTest,
    ::testing::Values(
        // EmotionVector axes (emotion.proto ranges), NaN included.
        RuleCase{"EnergyAboveOne",
                 [](auto& r) { Section(r, 0).mutable_emotion_vector()->set_energy(1.5f); },
                 "rms.sections[0].emotion_vector.energy"},
        RuleCase{"ValenceBelowMinusOne",
                 [](auto& r) { Section(r, 0).mutable_emotion_vector()->set_valence(-1.2f); },
                 "rms.sections[0].emotion_vector.valence"},
        RuleCase{"TensionNaN",
                 [](auto& r) { Section(r, 1).mutable_emotion_vector()->set_tension(kNaN); },
                 "rms.sections[1].emotion_vector.tension"},
        RuleCase{"IntimacyNegative",
                 [](auto& r) { Section(r, 0).mutable_emotion_vector()->set_intimacy(-0.01f); },
                 "rms.sections[0].emotion_vector.intimacy"},
        RuleCase{"MotionInfinite",
                 [](auto& r) {
                   Section(r, 0).mutable_emotion_vector()->set_motion(
                       std::numeric_limits<float>::infinity());
                 },
                 "rms.sections[0].emotion_vector.motion"},
        RuleCase{"EmotionVectorMissing", [](auto& r) { Section(r, 1).clear_emotion_vector(); },
                 "rms.sections[1].emotion_vector"},
        // Bars per section 1..64, sections per song <= 64.
        RuleCase{"ZeroBars", [](auto& r) { Section(r, 0).set_bars(0); }, "rms.sections[0].bars"},
        RuleCase{"SixtyFiveBars", [](auto& r) { Section(r, 1).set_bars(65); },
                 "rms.sections[1].bars"},
        RuleCase{"SixtyFiveSections",
                 [](auto& r) {
                   auto* sections = r.mutable_rms()->mutable_sections();
                   while (sections->size() < kMaxSectionsPerSong + 1) {
                     v1::SectionSpec copy = sections->Get(1);
                     copy.set_section_id("s" + std::to_string(sections->size()));
                     *sections->Add() = copy;
                   }
                 },
                 "rms.sections"},
        // Tempo 20..300 BPM, song and section override.
        RuleCase{"TempoTooSlow", [](auto& r) { r.mutable_rms()->set_tempo_bpm(19.9); },
                 "rms.tempo_bpm"},
        RuleCase{"TempoTooFast", [](auto& r) { r.mutable_rms()->set_tempo_bpm(301); },
                 "rms.tempo_bpm"},
        RuleCase{"SectionTempoOverride", [](auto& r) { Section(r, 1).set_tempo_bpm(400); },
                 "rms.sections[1].tempo_bpm"},
        // Keys and chords through the engine's parsers.
        RuleCase{"UnknownKey", [](auto& r) { r.mutable_rms()->set_key("H#m"); }, "rms.key"},
        RuleCase{"MissingKey", [](auto& r) { r.mutable_rms()->clear_key(); }, "rms.key"},
        RuleCase{"UnknownSectionKey", [](auto& r) { Section(r, 0).set_key("Xm"); },
                 "rms.sections[0].key"},
        RuleCase{"ChordDoesNotParse",
                 [](auto& r) { Section(r, 0).mutable_chords(1)->set_symbol("Fmaj7x"); },
                 "rms.sections[0].chords[1].symbol"},
        RuleCase{"ChordBarPastSection",
                 [](auto& r) { Section(r, 0).mutable_chords(2)->set_bar(8); },
                 "rms.sections[0].chords[2].bar"},
        RuleCase{"ChordBeatPastBar",
                 [](auto& r) { Section(r, 0).mutable_chords(3)->set_beat(4.0); },
                 "rms.sections[0].chords[3].beat"},
        RuleCase{"ChordBeatPastBarOfSectionMeter",
                 [](auto& r) {
                   Section(r, 0).mutable_time_signature()->set_numerator(3);
                   Section(r, 0).mutable_time_signature()->set_denominator(4);
                   Section(r, 0).mutable_chords(3)->set_beat(3.0);
                 },
                 "rms.sections[0].chords[3].beat"},
        RuleCase{"ChordBeatNegative",
                 [](auto& r) { Section(r, 0).mutable_chords(0)->set_beat(-0.5); },
                 "rms.sections[0].chords[0].beat"},
        // Motif usage: reference, position, transformation, params.
        RuleCase{"UnknownMotif",
                 [](auto& r) { Section(r, 0).mutable_motif_usage(0)->set_motif_id("nope"); },
                 "rms.sections[0].motif_usage[0].motif_id"},
        RuleCase{"MotifUsagePastSection",
                 [](auto& r) { Section(r, 0).mutable_motif_usage(1)->set_beat(32.0); },
                 "rms.sections[0].motif_usage[1].beat"},
        RuleCase{"TransformationNotAllowed",
                 [](auto& r) {
                   auto* usage = Section(r, 0).mutable_motif_usage(0);
                   usage->set_transformation(v1::TRANSFORMATION_INVERT);
                 },
                 "rms.sections[0].motif_usage[0].transformation"},
        RuleCase{"TransposeWithoutSemitones",
                 [](auto& r) {
                   Section(r, 0).mutable_motif_usage(1)->mutable_params()->clear_semitones();
                 },
                 "rms.sections[0].motif_usage[1].params.semitones"},
        RuleCase{"TransposeTooFar",
                 [](auto& r) {
                   Section(r, 0).mutable_motif_usage(1)->mutable_params()->set_semitones(25);
                 },
                 "rms.sections[0].motif_usage[1].params.semitones"},
        RuleCase{"ParamNotReadByTransformation",
                 [](auto& r) {
                   Section(r, 0).mutable_motif_usage(0)->mutable_params()->set_factor(2.0f);
                 },
                 "rms.sections[0].motif_usage[0].params.factor"},
        RuleCase{"ExpandFactorBelowOne",
                 [](auto& r) {
                   Section(r, 1).mutable_motif_usage(0)->mutable_params()->set_factor(0.5f);
                 },
                 "rms.sections[1].motif_usage[0].params.factor"},
        // Time signature.
        RuleCase{"NumeratorZero",
                 [](auto& r) { r.mutable_rms()->mutable_time_signature()->set_numerator(0); },
                 "rms.time_signature.numerator"},
        RuleCase{"NumeratorSeventeen",
                 [](auto& r) { r.mutable_rms()->mutable_time_signature()->set_numerator(17); },
                 "rms.time_signature.numerator"},
        RuleCase{"DenominatorNotPowerOfTwo",
                 [](auto& r) { r.mutable_rms()->mutable_time_signature()->set_denominator(6); },
                 "rms.time_signature.denominator"},
        RuleCase{"SectionDenominatorZero",
                 [](auto& r) {
                   Section(r, 1).mutable_time_signature()->set_numerator(4);
                   Section(r, 1).mutable_time_signature()->set_denominator(0);
                 },
                 "rms.sections[1].time_signature.denominator"},
        // Track behaviours.
        RuleCase{"BehaviorForUnknownTrack",
                 [](auto& r) { Section(r, 0).mutable_track_behaviors(1)->set_track_id("oboe"); },
                 "rms.sections[0].track_behaviors[1].track_id"},
        RuleCase{"TwoBehaviorsForOneTrack",
                 [](auto& r) { Section(r, 0).mutable_track_behaviors(1)->set_track_id("drums"); },
                 "rms.sections[0].track_behaviors[1].track_id"},
        RuleCase{"EnterBarPastSection",
                 [](auto& r) { Section(r, 0).mutable_track_behaviors(0)->set_enter_bar(8); },
                 "rms.sections[0].track_behaviors[0].enter_bar"},
        RuleCase{"BehaviorDensityAboveOne",
                 [](auto& r) { Section(r, 0).mutable_track_behaviors(0)->set_density(1.01f); },
                 "rms.sections[0].track_behaviors[0].density"},
        RuleCase{"PriorityAboveTen",
                 [](auto& r) { Section(r, 0).mutable_track_behaviors(1)->set_priority(11); },
                 "rms.sections[0].track_behaviors[1].priority"},
        // Entry / exit states.
        RuleCase{"EntryEnergyAboveOne",
                 [](auto& r) { Section(r, 0).mutable_entry_state()->set_energy(2.0f); },
                 "rms.sections[0].entry_state.energy"},
        RuleCase{"ExitChordDoesNotParse",
                 [](auto& r) { Section(r, 0).mutable_exit_state()->set_last_chord("Q7"); },
                 "rms.sections[0].exit_state.last_chord"},
        // Motifs.
        RuleCase{"EmptyIntervalPattern", [](auto& r) { FirstMotif(r).clear_interval_pattern(); },
                 "rms.motifs[0].interval_pattern"},
        RuleCase{"PatternLengthsDiffer", [](auto& r) { FirstMotif(r).add_interval_pattern(5); },
                 "rms.motifs[0].rhythm_pattern"},
        RuleCase{"UnspecifiedRhythmValue",
                 [](auto& r) { FirstMotif(r).set_rhythm_pattern(2, v1::RHYTHM_VALUE_UNSPECIFIED); },
                 "rms.motifs[0].rhythm_pattern[2]"},
        RuleCase{"IntervalTooWide", [](auto& r) { FirstMotif(r).set_interval_pattern(3, 40); },
                 "rms.motifs[0].interval_pattern[3]"},
        RuleCase{"AnchorDegreeZero", [](auto& r) { FirstMotif(r).set_anchor_scale_degree(0); },
                 "rms.motifs[0].anchor_scale_degree"},
        RuleCase{"AnchorDegreeEight", [](auto& r) { FirstMotif(r).set_anchor_scale_degree(8); },
                 "rms.motifs[0].anchor_scale_degree"},
        RuleCase{"MotifDurationZero", [](auto& r) { FirstMotif(r).set_duration_beats(0); },
                 "rms.motifs[0].duration_beats"},
        RuleCase{"DuplicateMotifId",
                 [](auto& r) { *r.mutable_rms()->add_motifs() = r.rms().motifs(0); },
                 "rms.motifs[1].motif_id"},
        // Tracks.
        RuleCase{"TrackIdTooLong",
                 [](auto& r) { r.mutable_rms()->mutable_tracks(3)->set_track_id(kLongId); },
                 "rms.tracks[3].track_id"},
        RuleCase{"DuplicateTrackId",
                 [](auto& r) { r.mutable_rms()->mutable_tracks(3)->set_track_id("guitar"); },
                 "rms.tracks[3].track_id"},
        RuleCase{"TrackRoleMissing",
                 [](auto& r) { r.mutable_rms()->mutable_tracks(2)->clear_role(); },
                 "rms.tracks[2].role"},
        RuleCase{"UnknownGmInstrument",
                 [](auto& r) { r.mutable_rms()->mutable_tracks(3)->set_instrument("Kazoo"); },
                 "rms.tracks[3].instrument"},
        RuleCase{"ProgramAbove127",
                 [](auto& r) { r.mutable_rms()->mutable_tracks(2)->set_program(128); },
                 "rms.tracks[2].program"},
        RuleCase{"NoTracks",
                 [](auto& r) {
                   r.mutable_rms()->clear_tracks();
                   Section(r, 0).clear_track_behaviors();
                 },
                 "rms.tracks"},
        RuleCase{"SixteenMelodicTracks",
                 [](auto& r) {
                   r.mutable_rms()->clear_tracks();
                   for (int i = 0; i < 16; ++i) {
                     v1::Track* t = r.mutable_rms()->add_tracks();
                     t->set_track_id("t" + std::to_string(i));
                     t->set_role(v1::TRACK_ROLE_MELODY);
                   }
                   for (int s = 0; s < r.rms().sections_size(); ++s) {
                     Section(r, s).clear_track_behaviors();
                   }
                 },
                 "rms.tracks"},
        RuleCase{"DuplicateSectionId", [](auto& r) { Section(r, 1).set_section_id("verse_1"); },
                 "rms.sections[1].section_id"},
        RuleCase{"GenreTooLong", [](auto& r) { r.mutable_rms()->set_genre(std::string(65, 'g')); },
                 "rms.genre"},
        // Request-level fields.
        RuleCase{"SectionIndexPastSections", [](auto& r) { r.set_section_index(2); },
                 "section_index"},
        RuleCase{"NoSpec", [](auto& r) { r.clear_rms(); }, "rms"},
        RuleCase{"CompositionIdTooLong",
                 [](auto& r) {
                   r.mutable_metadata()->set_composition_id(
                       std::string(kMaxMetadataBytes + 1, 'c'));
                 },
                 "metadata.composition_id"},
        RuleCase{"UnknownQualityPreset",
                 [](auto& r) { r.set_quality_preset(static_cast<v1::QualityPreset>(42)); },
                 "quality_preset"},
        // Constraints.
        RuleCase{"DrumDensityAboveOne",
                 [](auto& r) { r.mutable_constraints()->set_drum_density(1.1f); },
                 "constraints.drum_density"},
        RuleCase{"LeapProbabilityNaN",
                 [](auto& r) { r.mutable_constraints()->set_leap_probability(kNaN); },
                 "constraints.leap_probability"},
        RuleCase{"VelocityFloorAboveCeiling",
                 [](auto& r) {
                   r.mutable_constraints()->set_velocity_floor(100);
                   r.mutable_constraints()->set_velocity_ceiling(90);
                 },
                 "constraints.velocity_floor"},
        RuleCase{"VelocityCeilingZero",
                 [](auto& r) { r.mutable_constraints()->set_velocity_ceiling(0); },
                 "constraints.velocity_ceiling"},
        RuleCase{"RegisterCenterAbove127",
                 [](auto& r) { r.mutable_constraints()->set_register_center(128); },
                 "constraints.register_center"},
        RuleCase{"RegisterSpreadTooWide",
                 [](auto& r) { r.mutable_constraints()->set_register_spread(65); },
                 "constraints.register_spread"},
        RuleCase{"SubdivisionSeven", [](auto& r) { r.mutable_constraints()->set_subdivision(7); },
                 "constraints.subdivision"},
        RuleCase{"HarmonicRhythmZero",
                 [](auto& r) { r.mutable_constraints()->set_harmonic_rhythm_bars(0.0f); },
                 "constraints.harmonic_rhythm_bars"}),
    [](const ::testing::TestParamInfo<RuleCase>& info) { return info.param.name; });

TEST(ValidateGenerateSectionRequest, LeavingHomeIsValid) {
  const FieldViolations violations = ValidateGenerateSectionRequest(ValidSectionRequest());
  EXPECT_TRUE(violations.empty()) << violations.Summary();
}

TEST(ValidateGenerateSectionRequest, AnySeedIsValid) {
  v1::GenerateSectionRequest request = ValidSectionRequest();
  request.set_seed(std::numeric_limits<std::uint64_t>::max());
  EXPECT_TRUE(ValidateGenerateSectionRequest(request).empty());
  request.clear_seed();
  EXPECT_TRUE(ValidateGenerateSectionRequest(request).empty());
}

TEST(ValidateGenerateSectionRequest, NoChordMarkIsValid) {
  v1::GenerateSectionRequest request = ValidSectionRequest();
  Section(request, 0).mutable_chords(1)->set_symbol("N.C.");
  EXPECT_TRUE(ValidateGenerateSectionRequest(request).empty());
}

TEST(ValidateGenerateSectionRequest, RhythmLongerThanDurationIsNotAViolation) {
  // The roadmap's own motifs do this; the rhythm governs and the result warns.
  v1::GenerateSectionRequest request = ValidSectionRequest();
  FirstMotif(request).set_duration_beats(2.0);
  EXPECT_TRUE(ValidateGenerateSectionRequest(request).empty());
}

TEST(ValidateGenerateSectionRequest, ReportsEveryViolationInOnePass) {
  v1::GenerateSectionRequest request = ValidSectionRequest();
  request.mutable_rms()->set_tempo_bpm(500);
  Section(request, 1).mutable_emotion_vector()->set_tension(3.0f);
  Section(request, 0).mutable_chords(0)->set_symbol("Zz");
  request.mutable_constraints()->set_swing_amount(-1.0f);
  EXPECT_THAT(Fields(ValidateGenerateSectionRequest(request)),
              ::testing::UnorderedElementsAre("rms.tempo_bpm", "rms.sections[0].chords[0].symbol",
                                              "rms.sections[1].emotion_vector.tension",
                                              "constraints.swing_amount"));
}

TEST(ValidateGenerateSectionRequest, ManyViolationsAreCountedButListedUpToTheCap) {
  v1::GenerateSectionRequest request = ValidSectionRequest();
  for (int i = 0; i < 200; ++i) {
    v1::ChordEvent* chord = Section(request, 0).add_chords();
    chord->set_bar(99);
    chord->set_symbol(std::string(200, 'q'));
  }
  const FieldViolations violations = ValidateGenerateSectionRequest(request);
  EXPECT_EQ(violations.size(), 400u);
  EXPECT_EQ(violations.reported().size(), kMaxReportedViolations);
  // Fits gRPC's default 8 KiB metadata limit as base64 with room to spare.
  EXPECT_LT(ToGrpcStatus(violations).error_details().size(), 4096u);
}

TEST(ValidateGenerateSectionRequest, FlatRequestIsValid) {
  const FieldViolations violations = ValidateGenerateSectionRequest(ValidFlatRequest());
  EXPECT_TRUE(violations.empty()) << violations.Summary();
}

TEST(ValidateGenerateSectionRequest, FlatRequestRules) {
  v1::GenerateSectionRequest request = ValidFlatRequest();
  request.mutable_flat()->set_instruments(1, "");
  request.mutable_flat()->set_bars(0);
  request.mutable_flat()->set_tempo_bpm(10);
  request.mutable_flat()->mutable_emotion_vector()->set_valence(1.5f);
  request.set_section_index(1);
  EXPECT_THAT(Fields(ValidateGenerateSectionRequest(request)),
              ::testing::UnorderedElementsAre("flat.instruments[1]", "flat.bars", "flat.tempo_bpm",
                                              "flat.emotion_vector.valence", "section_index"));
}

v1::RefineSectionRequest ValidRefineRequest() {
  v1::RefineSectionRequest request;
  *request.mutable_rms() = ValidSectionRequest().rms();
  request.set_section_index(1);
  request.set_refinement_command("make it sadder");
  v1::SectionResult* prior = request.mutable_prior_result();
  prior->set_section_index(1);
  prior->set_ppq(480);
  v1::TrackOutput* track = prior->add_tracks();
  track->set_track_id("bass");
  track->set_channel(0);
  track->set_program(33);
  v1::Note* note = track->add_notes();
  note->set_pitch(45);
  note->set_velocity(90);
  note->set_start_tick(0);
  note->set_duration_ticks(480);
  return request;
}

TEST(ValidateRefineSectionRequest, ValidRequestPasses) {
  const FieldViolations violations = ValidateRefineSectionRequest(ValidRefineRequest());
  EXPECT_TRUE(violations.empty()) << violations.Summary();
}

TEST(ValidateRefineSectionRequest, RulesNameTheirFields) {
  v1::RefineSectionRequest request = ValidRefineRequest();
  request.clear_refinement_command();  // and no delta
  request.add_target_track_ids("oboe");
  request.add_target_dimensions(v1::DIMENSION_UNSPECIFIED);
  request.mutable_prior_result()->mutable_tracks(0)->mutable_notes(0)->set_pitch(200);
  request.mutable_prior_result()->mutable_tracks(0)->mutable_notes(0)->set_duration_ticks(0);
  request.mutable_prior_result()->set_ppq(0);
  EXPECT_THAT(Fields(ValidateRefineSectionRequest(request)),
              ::testing::UnorderedElementsAre("refinement_command", "target_track_ids[0]",
                                              "target_dimensions[0]", "prior_result.ppq",
                                              "prior_result.tracks[0].notes[0].pitch",
                                              "prior_result.tracks[0].notes[0].duration_ticks"));
}

TEST(ValidateRefineSectionRequest, DeltaRangesAndRequiredParts) {
  v1::RefineSectionRequest request = ValidRefineRequest();
  request.mutable_emotion_delta()->set_valence(-2.5f);
  request.mutable_emotion_delta()->set_energy(1.5f);
  request.clear_prior_result();
  EXPECT_THAT(Fields(ValidateRefineSectionRequest(request)),
              ::testing::UnorderedElementsAre("emotion_delta.valence", "emotion_delta.energy",
                                              "prior_result"));
}

TEST(ValidateGenerateSongRequest, RmsIsRequiredAndChecked) {
  v1::GenerateSongRequest request;
  EXPECT_THAT(Fields(ValidateGenerateSongRequest(request)), ElementsAre("rms"));
  *request.mutable_rms() = ValidSectionRequest().rms();
  EXPECT_THAT(Fields(ValidateGenerateSongRequest(request)), IsEmpty());
  request.mutable_rms()->mutable_sections(1)->set_bars(100);
  EXPECT_THAT(Fields(ValidateGenerateSongRequest(request)), ElementsAre("rms.sections[1].bars"));
}

}  // namespace
}  // namespace stori::server::validate
