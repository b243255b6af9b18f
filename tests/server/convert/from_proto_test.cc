#include "server/convert/from_proto.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/convert/to_proto.h"
#include "tests/server/request_fixtures.h"
#include "tests/testing/status_matchers.h"

namespace stori::server::convert {
namespace {

using ::stori::server::testing::ValidFlatRequest;
using ::stori::server::testing::ValidSectionRequest;
using ::stori::testing::IsOk;
using ::stori::testing::StatusIs;
using ::testing::ElementsAre;

TEST(SectionRequestFromProto, LeavingHomeVerse) {
  const auto request = SectionRequestFromProto(ValidSectionRequest(), 99);
  ASSERT_THAT(request, IsOk());
  EXPECT_EQ(request->tempo_bpm, 92.0);
  EXPECT_EQ(request->key, "Am");
  EXPECT_EQ(request->genre, "indie folk");
  EXPECT_EQ(request->seed, 99u);
  EXPECT_EQ(request->quality_preset, QualityPreset::kFast);
  EXPECT_EQ(request->num_candidates, 1);
  EXPECT_EQ(request->section_index, 0);
  EXPECT_EQ(request->sections_total, 2);
  ASSERT_TRUE(request->next_section.has_value());
  EXPECT_EQ(request->next_section->section_id, "chorus_1");

  // Tracks: channels by role (music::AssignChannels), programs from numbers, names or role
  // defaults.
  ASSERT_EQ(request->tracks.size(), 4u);
  EXPECT_EQ(request->tracks[0].channel, 9);   // drums
  EXPECT_EQ(request->tracks[1].channel, 0);   // bass
  EXPECT_EQ(request->tracks[1].program, 33);  // "Electric Bass (finger)"
  EXPECT_EQ(request->tracks[2].channel, 1);   // harmony
  EXPECT_EQ(request->tracks[2].program, 25);
  EXPECT_EQ(request->tracks[3].channel, 2);   // melody
  EXPECT_EQ(request->tracks[3].program, 73);  // "Flute"
  EXPECT_EQ(request->tracks[1].pitch_register, Register::kLow);

  const SectionSpec& s = request->section;
  EXPECT_EQ(s.section_id, "verse_1");
  EXPECT_EQ(s.section_type, SectionType::kVerse);
  EXPECT_EQ(s.bars, 8);
  EXPECT_DOUBLE_EQ(s.beats(), 32.0);
  EXPECT_FLOAT_EQ(s.emotion.tension, 0.3f);
  EXPECT_FLOAT_EQ(s.emotion.intimacy, 0.8f);
  ASSERT_EQ(s.chords.size(), 4u);
  EXPECT_EQ(s.chords[3].symbol, "G/B");
  EXPECT_DOUBLE_EQ(s.chords[3].start_beat, 6 * 4 + 2);
  ASSERT_EQ(s.motif_usages.size(), 2u);
  EXPECT_EQ(s.motif_usages[1].transformation, Transformation::kTranspose);
  EXPECT_EQ(s.motif_usages[1].params.semitones, -2);
  EXPECT_EQ(s.motif_usages[0].transformation, Transformation::kIdentity);
  // One behaviour per track, defaults where the RMS gave none.
  ASSERT_EQ(s.track_behaviors.size(), 4u);
  EXPECT_EQ(s.track_behaviors[0].enter_bar, 4);
  EXPECT_EQ(s.track_behaviors[0].style, "brushes");
  EXPECT_TRUE(s.track_behaviors[1].active);
  EXPECT_EQ(s.track_behaviors[2].priority, 9);
  EXPECT_EQ(s.exit_state.last_chord, "G/B");
  EXPECT_EQ(s.entry_state.drum_active, false);
  EXPECT_FALSE(s.entry_state.melodic_register.has_value());

  ASSERT_EQ(request->motifs.size(), 1u);
  EXPECT_THAT(request->motifs[0].interval_pattern, ElementsAre(0, 2, 3, 7));
  EXPECT_DOUBLE_EQ(request->motifs[0].rhythm_beats(), 4.0);  // duration_beats says 3
  EXPECT_DOUBLE_EQ(request->motifs[0].duration_beats, 3.0);
}

TEST(SectionRequestFromProto, SectionOverridesApply) {
  v1::GenerateSectionRequest proto = ValidSectionRequest();
  v1::SectionSpec* chorus = proto.mutable_rms()->mutable_sections(1);
  chorus->set_tempo_bpm(120);
  chorus->set_key("C");
  chorus->mutable_time_signature()->set_numerator(6);
  chorus->mutable_time_signature()->set_denominator(8);
  proto.set_section_index(1);
  const auto request = SectionRequestFromProto(proto, 1);
  ASSERT_THAT(request, IsOk());
  EXPECT_EQ(request->section.tempo_bpm, 120.0);
  EXPECT_EQ(request->section.key, "C");
  EXPECT_DOUBLE_EQ(request->section.time_signature.beats_per_bar(), 3.0);
  EXPECT_EQ(request->tempo_bpm, 92.0);  // the song's stays
  EXPECT_FALSE(request->next_section.has_value());
  EXPECT_EQ(request->section.motif_usages[0].params.factor, 2.0f);
}

TEST(SectionRequestFromProto, FlatRequestBecomesOneSection) {
  const auto request = SectionRequestFromProto(ValidFlatRequest(), 5);
  ASSERT_THAT(request, IsOk());
  EXPECT_EQ(request->section.bars, 12);
  EXPECT_EQ(request->key, "F#m");
  EXPECT_EQ(request->num_candidates, 3);  // UNSPECIFIED reads as BALANCED
  ASSERT_EQ(request->tracks.size(), 3u);
  EXPECT_EQ(request->tracks[0].role, music::TrackRole::kDrums);
  EXPECT_EQ(request->tracks[0].channel, 9);
  EXPECT_EQ(request->tracks[1].role, music::TrackRole::kBass);
  EXPECT_EQ(request->tracks[1].program, 33);
  EXPECT_EQ(request->tracks[2].role, music::TrackRole::kHarmony);
  EXPECT_EQ(request->tracks[2].channel, 1);
  EXPECT_FLOAT_EQ(request->section.emotion.tension, 0.6f);
}

TEST(SectionRequestFromProto, IntensifyAndSimplifyWithoutAmountGetTheDocumentedHalf) {
  v1::GenerateSectionRequest proto = ValidSectionRequest();
  v1::MotifUsage* usage = proto.mutable_rms()->mutable_sections(0)->mutable_motif_usage(0);
  usage->set_transformation(v1::TRANSFORMATION_INTENSIFY);
  usage->clear_params();
  auto request = SectionRequestFromProto(proto, 1);
  ASSERT_THAT(request, IsOk());
  ASSERT_TRUE(request->section.motif_usages[0].params.amount.has_value());
  EXPECT_FLOAT_EQ(*request->section.motif_usages[0].params.amount, 0.5f);
  usage->set_transformation(v1::TRANSFORMATION_SIMPLIFY);
  usage->mutable_params()->set_amount(0.25f);
  request = SectionRequestFromProto(proto, 1);
  ASSERT_THAT(request, IsOk());
  EXPECT_FLOAT_EQ(*request->section.motif_usages[0].params.amount, 0.25f);
}

TEST(SectionRequestFromProto, UnresolvableReferenceIsInvalidArgumentNotACrash) {
  v1::GenerateSectionRequest proto = ValidSectionRequest();
  proto.mutable_rms()->mutable_sections(0)->mutable_motif_usage(0)->set_motif_id("nope");
  EXPECT_THAT(SectionRequestFromProto(proto, 1),
              StatusIs(absl::StatusCode::kInvalidArgument, "motif_usage[0].motif_id"));
  proto.set_section_index(7);
  EXPECT_THAT(SectionRequestFromProto(proto, 1),
              StatusIs(absl::StatusCode::kInvalidArgument, "section_index"));
}

TEST(RefinementRequestFromProto, PriorTracksLineUpWithTheRmsTracks) {
  v1::RefineSectionRequest proto;
  *proto.mutable_rms() = ValidSectionRequest().rms();
  proto.set_section_index(0);
  proto.set_refinement_command("make it sadder");
  proto.mutable_emotion_delta()->set_tension(0.2f);
  proto.add_target_track_ids("lead");
  proto.add_target_dimensions(v1::DIMENSION_MELODY);
  v1::TrackOutput* bass = proto.mutable_prior_result()->add_tracks();
  bass->set_track_id("bass");
  v1::Note* note = bass->add_notes();
  note->set_pitch(45);
  note->set_velocity(80);
  note->set_start_tick(960);
  note->set_duration_ticks(240);
  proto.mutable_prior_result()->set_ppq(480);
  const auto refinement = RefinementRequestFromProto(proto, 3);
  ASSERT_THAT(refinement, IsOk());
  EXPECT_EQ(refinement->refinement_command, "make it sadder");
  EXPECT_FLOAT_EQ(refinement->emotion_delta.tension, 0.2f);
  EXPECT_THAT(refinement->target_track_indexes, ElementsAre(3));
  EXPECT_THAT(refinement->target_dimensions, ElementsAre(score::Dimension::kMelody));
  ASSERT_EQ(refinement->prior_tracks.size(), 4u);
  EXPECT_TRUE(refinement->prior_tracks[0].notes.empty());
  ASSERT_EQ(refinement->prior_tracks[1].notes.size(), 1u);
  EXPECT_EQ(refinement->prior_tracks[1].notes[0], (music::Note{960, 240, 45, 80}));
  EXPECT_EQ(refinement->prior_ppq, 480);
}

TEST(TrackOutputFromTrack, NotesInBeatsAndTicks) {
  music::Track track;
  track.name = "Bass";
  track.role = music::TrackRole::kBass;
  track.program = 33;
  track.channel = 0;
  track.notes = {{720, 240, 40, 90}, {0, 480, 45, 100}};
  track.control_changes = {{480, 64, 127}};
  track.pitch_bends = {{240, -4096}};
  track.aftertouches = {{120, -1, 50}};
  const v1::TrackOutput out = TrackOutputFromTrack(track, "bass", 480);
  EXPECT_EQ(out.track_id(), "bass");
  EXPECT_EQ(out.role(), v1::TRACK_ROLE_BASS);
  ASSERT_EQ(out.notes_size(), 2);
  EXPECT_EQ(out.notes(0).start_tick(), 0);  // sorted
  EXPECT_DOUBLE_EQ(out.notes(1).start_beat(), 1.5);
  EXPECT_DOUBLE_EQ(out.notes(1).duration_beats(), 0.5);
  EXPECT_EQ(out.notes(1).duration_ticks(), 240);
  EXPECT_DOUBLE_EQ(out.control_changes(0).beat(), 1.0);
  EXPECT_EQ(out.pitch_bends(0).value(), -4096);
  EXPECT_FALSE(out.aftertouches(0).has_pitch());
  // And back.
  const music::Track back = TrackFromProto(out);
  EXPECT_EQ(back.notes.size(), 2u);
  EXPECT_EQ(back.aftertouches[0].pitch, -1);
}

}  // namespace
}  // namespace stori::server::convert
