#include "server/convert/to_proto.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stori::server::convert {
namespace {

TrackResult TrackResultOf(const char* id, music::TrackRole role, int channel,
                                    int program) {
  TrackResult t;
  t.spec.track_id = id;
  t.spec.name = id;
  t.spec.role = role;
  t.spec.channel = channel;
  t.spec.program = program;
  t.track.name = id;
  t.track.role = role;
  t.track.channel = channel;
  t.track.program = program;
  t.track.notes = {{960, 240, 64, 90}, {0, 480, 60, 80}};
  t.targets.role = role;
  t.targets.notes_per_bar = 2;
  t.targets.velocity_floor = 60;
  t.targets.velocity_ceiling = 100;
  t.targets.bins.density = 3;
  t.measured.notes_per_bar = 1;
  t.measured_bins.density = 2;
  t.candidates = 3;
  return t;
}

SectionResult Result() {
  SectionResult r;
  r.section_id = "verse";
  r.section_index = 1;
  r.bars = 2;
  r.tempo_bpm = 92;
  r.time_signature = {0, 3, 4};
  r.key = "Am";
  r.tracks = {TrackResultOf("drums", music::TrackRole::kDrums, 9, 0),
              TrackResultOf("lead", music::TrackRole::kMelody, 2, 73)};
  r.smf = {'M', 'T', 'h', 'd'};
  r.scores.rhythm = 0.5;
  r.scores.density = 0.25;
  r.model_id = "stori-remi";
  r.model_version = "1";
  r.seed_used = 99;
  r.warnings = {{"motifs[1].duration_beats",
                  "motif m: rhythm_pattern sums to 4 beats, duration_beats says 3; the rhythm "
                  "pattern governs"},
                 {"", "something else"}};
  r.timings.targets_ms = 1;
  r.timings.drums_ms = 2;
  r.timings.bass_ms = 3;
  r.timings.harmony_ms = 4;
  r.timings.melody_ms = 5;
  r.timings.scoring_ms = 6;
  r.timings.total_ms = 21;
  return r;
}

TEST(SectionResultToProto, MapsEveryField) {
  SectionRequest request;
  request.motifs.resize(2);
  request.motifs[1].motif_id = "m";
  const v1::SectionResult out = SectionResultToProto(Result(), &request);
  EXPECT_EQ(out.section_id(), "verse");
  EXPECT_EQ(out.section_index(), 1u);
  EXPECT_EQ(out.ppq(), 480u);
  EXPECT_EQ(out.bars(), 2u);
  EXPECT_EQ(out.time_signature().numerator(), 3u);
  EXPECT_EQ(out.key(), "Am");
  EXPECT_EQ(out.midi_file(), "MThd");
  ASSERT_EQ(out.tracks_size(), 2);
  EXPECT_EQ(out.tracks(0).channel(), 9u);
  EXPECT_EQ(out.tracks(1).program(), 73u);
  EXPECT_EQ(out.tracks(1).role(), v1::TRACK_ROLE_MELODY);
  ASSERT_EQ(out.tracks(1).notes_size(), 2);
  EXPECT_EQ(out.tracks(1).notes(0).start_tick(), 0);  // sorted
  EXPECT_DOUBLE_EQ(out.tracks(1).notes(1).start_beat(), 2.0);
  EXPECT_DOUBLE_EQ(out.tracks(1).notes(1).duration_beats(), 0.5);
  EXPECT_FLOAT_EQ(out.scores().rhythm(), 0.5f);
  EXPECT_FLOAT_EQ(out.scores().density(), 0.25f);
  EXPECT_DOUBLE_EQ(out.timings().melody_ms(), 5);
  EXPECT_DOUBLE_EQ(out.timings().total_ms(), 21);
  EXPECT_EQ(out.model().model_id(), "stori-remi");
  EXPECT_EQ(out.seed_used(), 99u);
  EXPECT_EQ(out.candidates_generated(), 3u);
  EXPECT_FALSE(out.transition().checked());
  ASSERT_EQ(out.warnings_size(), 2);
  EXPECT_EQ(out.warnings(0).field_path(), "rms.motifs[1].duration_beats");
  EXPECT_EQ(out.warnings(1).field_path(), "");
  ASSERT_EQ(out.attributes_size(), 2);
  std::set<std::string> drum_names, lead_names;
  for (const auto& a : out.attributes(0).attributes()) drum_names.insert(a.name());
  for (const auto& a : out.attributes(1).attributes()) lead_names.insert(a.name());
  EXPECT_EQ(drum_names.count("register_center"), 0u);
  EXPECT_EQ(drum_names.count("note_length_beats"), 0u);
  EXPECT_EQ(lead_names.count("register_center"), 1u);
  EXPECT_EQ(lead_names.count("note_length_beats"), 1u);
  EXPECT_EQ(drum_names.count("empty_beat_rate"), 1u);  // every role: the EmptyBeats control
  EXPECT_EQ(lead_names.count("empty_beat_rate"), 1u);
  const v1::AttributeMeasurement& density = out.attributes(1).attributes(0);
  EXPECT_EQ(density.name(), "notes_per_bar");
  EXPECT_DOUBLE_EQ(density.target(), 2);
  EXPECT_DOUBLE_EQ(density.measured(), 1);
  EXPECT_EQ(density.target_bin(), 3);
  EXPECT_EQ(density.measured_bin(), 2);
}

TEST(SectionResultToProto, MapsRefinementTransitionRepairsAndTheIntentTrace) {
  SectionResult r = Result();
  r.timings.refinement_ms = 9;
  r.timings.humanize_ms = 4;
  RefinementPass pass;
  pass.dimension = score::Dimension::kMelody;
  pass.threshold = 0.88;
  pass.dimension_before = 0.8;
  pass.dimension_after = 0.9;
  pass.overall_before = 0.85;
  pass.overall_after = 0.87;
  pass.kept = true;
  pass.tracks = {1};
  pass.ms = 9;
  r.refinement = {pass};
  r.refinement_stop = "max passes";
  r.transition.checked = true;
  r.transition.violations.push_back(
      {transition::ViolationKind::kRegisterJump, "melody leaves ...; repaired: ...", 14, 12, true});
  r.intent_trace.push_back({"tracks[lead].register_center", "67 = lerp(...)",
                            {{"emotion.valence01", 0.5, 1.0}}, {"candidate 1"}, 1.0});
  const v1::SectionResult out = SectionResultToProto(r);
  EXPECT_EQ(out.refinement_passes(), 1u);
  ASSERT_EQ(out.refinement_size(), 1);
  EXPECT_EQ(out.refinement(0).dimension(), v1::DIMENSION_MELODY);
  EXPECT_FLOAT_EQ(out.refinement(0).score_after(), 0.9f);
  EXPECT_TRUE(out.refinement(0).kept());
  EXPECT_THAT(out.refinement(0).track_ids(), ::testing::ElementsAre("lead"));
  EXPECT_EQ(out.refinement_stop(), "max passes");
  EXPECT_DOUBLE_EQ(out.timings().refinement_ms(), 9);
  EXPECT_DOUBLE_EQ(out.timings().total_ms(), 21 + 9) << "total includes refinement";
  ASSERT_EQ(out.transition().violations_size(), 1);
  EXPECT_TRUE(out.transition().violations(0).repaired());
  ASSERT_EQ(out.intent_trace().decisions_size(), 1);
  EXPECT_EQ(out.intent_trace().decisions(0).decision(), "tracks[lead].register_center");
  EXPECT_EQ(out.intent_trace().decisions(0).factors(0).name(), "emotion.valence01");
  EXPECT_THAT(out.intent_trace().decisions(0).alternatives_rejected(),
              ::testing::ElementsAre("candidate 1"));
}

}  // namespace
}  // namespace stori::server::convert
