#include "engine/targets/emotion_targets.h"

#include <string>

#include "engine/generate/section_request.h"
#include "engine/targets/emotion_target_table.h"
#include "engine/tokens/track_attributes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stori::targets {
namespace {

using generate::EmotionVector;
using generate::SectionRequest;
using generate::TrackSpec;
using music::TrackRole;
using ::testing::HasSubstr;

constexpr int kDrums = 0, kBass = 1, kHarmony = 2, kMelody = 3;

// Four tracks, drums/bass/harmony/melody, neutral emotion, no section type or genre.
SectionRequest FourTrackRequest() {
  SectionRequest request;
  for (TrackRole role :
       {TrackRole::kDrums, TrackRole::kBass, TrackRole::kHarmony, TrackRole::kMelody}) {
    TrackSpec spec;
    spec.role = role;
    request.tracks.push_back(spec);
    request.section.track_behaviors.emplace_back();
  }
  return request;
}

SectionTargets WithEmotion(EmotionVector ev) {
  SectionRequest request = FourTrackRequest();
  request.section.emotion = ev;
  return ComputeTargets(request);
}

TEST(ComputeTargets, OneTargetPerTrackInOrder) {
  const SectionTargets t = ComputeTargets(FourTrackRequest());
  ASSERT_EQ(t.tracks.size(), 4u);
  EXPECT_EQ(t.tracks[kDrums].role, TrackRole::kDrums);
  EXPECT_EQ(t.tracks[kBass].role, TrackRole::kBass);
  EXPECT_EQ(t.tracks[kHarmony].role, TrackRole::kHarmony);
  EXPECT_EQ(t.tracks[kMelody].role, TrackRole::kMelody);
}

TEST(ComputeTargets, HigherEnergyRaisesVelocityAndDensity) {
  EmotionVector low, high;
  low.energy = 0.1f;
  high.energy = 0.9f;
  const SectionTargets a = WithEmotion(low), b = WithEmotion(high);
  for (int i = 0; i < 4; ++i) {
    EXPECT_GT(b.tracks[i].velocity_floor, a.tracks[i].velocity_floor) << i;
    EXPECT_GT(b.tracks[i].velocity_ceiling, a.tracks[i].velocity_ceiling) << i;
    EXPECT_GT(b.tracks[i].notes_per_bar, a.tracks[i].notes_per_bar) << i;
  }
}

TEST(ComputeTargets, HigherValenceRaisesRegister) {
  EmotionVector low, high;
  low.valence = -0.8f;
  high.valence = 0.8f;
  const SectionTargets a = WithEmotion(low), b = WithEmotion(high);
  EXPECT_GT(b.tracks[kMelody].register_center, a.tracks[kMelody].register_center);
  EXPECT_GT(b.tracks[kHarmony].register_center, a.tracks[kHarmony].register_center);
  EXPECT_GT(b.tracks[kBass].register_center, a.tracks[kBass].register_center);
}

TEST(ComputeTargets, HigherTensionMoreLeapsSyncopationHotterSamplingWeakerChordTones) {
  EmotionVector low, high;
  low.tension = 0.1f;
  high.tension = 0.9f;
  const SectionTargets a = WithEmotion(low), b = WithEmotion(high);
  EXPECT_GT(b.tracks[kMelody].leap_probability, a.tracks[kMelody].leap_probability);
  EXPECT_GT(b.tracks[kMelody].syncopation, a.tracks[kMelody].syncopation);
  EXPECT_GT(b.tracks[kDrums].syncopation, a.tracks[kDrums].syncopation);
  EXPECT_GT(b.temperature, a.temperature);
  EXPECT_GT(b.top_p, a.top_p);
  EXPECT_LT(b.chord_tone_bias, a.chord_tone_bias);
}

TEST(ComputeTargets, HigherIntimacySofterNarrowerThinnerLonger) {
  EmotionVector low, high;
  low.intimacy = 0.1f;
  high.intimacy = 0.9f;
  const SectionTargets a = WithEmotion(low), b = WithEmotion(high);
  EXPECT_LT(b.tracks[kMelody].velocity_floor, a.tracks[kMelody].velocity_floor);
  EXPECT_LT(b.tracks[kMelody].velocity_ceiling, a.tracks[kMelody].velocity_ceiling);
  EXPECT_LT(b.tracks[kMelody].register_spread, a.tracks[kMelody].register_spread);
  EXPECT_LT(b.tracks[kHarmony].polyphony, a.tracks[kHarmony].polyphony);
  EXPECT_LT(b.tracks[kHarmony].notes_per_bar, a.tracks[kHarmony].notes_per_bar);
  EXPECT_GT(b.tracks[kMelody].note_length, a.tracks[kMelody].note_length);
  EXPECT_GT(b.tracks[kHarmony].note_length, a.tracks[kHarmony].note_length);
}

TEST(ComputeTargets, HigherMotionDenserMoreSyncopatedShorterAndSixteenths) {
  EmotionVector low, high;
  low.motion = 0.2f;
  high.motion = 0.9f;
  const SectionTargets a = WithEmotion(low), b = WithEmotion(high);
  for (int i = 0; i < 4; ++i) {
    EXPECT_GT(b.tracks[i].notes_per_bar, a.tracks[i].notes_per_bar) << i;
    EXPECT_GT(b.tracks[i].syncopation, a.tracks[i].syncopation) << i;
    EXPECT_EQ(a.tracks[i].subdivision, 2) << i;
    EXPECT_EQ(b.tracks[i].subdivision, 4) << i;
  }
  EXPECT_LT(b.tracks[kMelody].note_length, a.tracks[kMelody].note_length);
  EXPECT_LT(b.tracks[kBass].note_length, a.tracks[kBass].note_length);
}

TEST(ComputeTargets, SixteenthsOnlyAboveMotionPointSix) {
  EmotionVector at, above;
  at.motion = 0.6f;
  above.motion = 0.61f;
  EXPECT_EQ(WithEmotion(at).tracks[kDrums].subdivision, 2);
  EXPECT_EQ(WithEmotion(above).tracks[kDrums].subdivision, 4);
}

TEST(ComputeTargets, RegisterCentreFollowsRoadmapLerp) {
  // Harmony: lerp(48, 72, (valence + 1) / 2) exactly; melody one octave higher (role offset).
  for (auto [valence, centre] : {std::pair{-1.0f, 48}, {0.0f, 60}, {1.0f, 72}}) {
    EmotionVector ev;
    ev.valence = valence;
    const SectionTargets t = WithEmotion(ev);
    EXPECT_EQ(t.tracks[kHarmony].register_center, centre) << valence;
    EXPECT_EQ(t.tracks[kMelody].register_center, centre + 12) << valence;
  }
  // Bass around MIDI 40, half the valence swing.
  EXPECT_EQ(WithEmotion({}).tracks[kBass].register_center, 40);
}

TEST(ComputeTargets, VelocityFollowsRoadmapAtNeutralIntimacy) {
  for (float energy : {0.0f, 0.25f, 1.0f}) {
    EmotionVector ev;
    ev.energy = energy;
    ev.intimacy = 0.5f;
    const TrackTargets& m = WithEmotion(ev).tracks[kMelody];
    EXPECT_EQ(m.velocity_floor, std::lround(40 + 40 * energy)) << energy;
    EXPECT_EQ(m.velocity_ceiling, std::lround(80 + 40 * energy)) << energy;
  }
}

TEST(ComputeTargets, DrumDensityAndLeapsFollowRoadmap) {
  EmotionVector ev;
  ev.energy = 0.5f;
  ev.motion = 0.5f;
  ev.tension = 0.0f;
  SectionTargets t = WithEmotion(ev);
  EXPECT_DOUBLE_EQ(t.tracks[kDrums].density, 0.2 + 0.8 * 0.25);  // lerp(0.2, 1, E*M)
  EXPECT_DOUBLE_EQ(t.tracks[kMelody].leap_probability, 0.1);
  ev.tension = 1.0f;
  t = WithEmotion(ev);
  EXPECT_DOUBLE_EQ(t.tracks[kMelody].leap_probability, 0.4);
  EXPECT_DOUBLE_EQ(t.tracks[kDrums].leap_probability, 0.0);
}

TEST(ComputeTargets, RoleBaselinesInBriefRanges) {
  for (float e : {0.0f, 1.0f}) {
    EmotionVector ev{e, 0.0f, e, 1.0f - e, e};
    const SectionTargets t = WithEmotion(ev);
    EXPECT_GE(t.tracks[kDrums].notes_per_bar, 7.0);
    EXPECT_LE(t.tracks[kDrums].notes_per_bar, 20.0);
    EXPECT_GE(t.tracks[kBass].notes_per_bar, 2.0);
    EXPECT_LE(t.tracks[kBass].notes_per_bar, 8.0);
    EXPECT_GE(t.tracks[kHarmony].notes_per_bar, 4.0);
    EXPECT_LE(t.tracks[kHarmony].notes_per_bar, 16.0);
    EXPECT_GE(t.tracks[kHarmony].polyphony, 2.0);
    EXPECT_LE(t.tracks[kHarmony].polyphony, 3.5);
    EXPECT_GE(t.tracks[kMelody].notes_per_bar, 2.0);
    EXPECT_LE(t.tracks[kMelody].notes_per_bar, 8.0);
    EXPECT_DOUBLE_EQ(t.tracks[kBass].polyphony, 1.0);
    EXPECT_DOUBLE_EQ(t.tracks[kDrums].note_length, 0.25);
    EXPECT_EQ(t.tracks[kDrums].register_center, 0);
  }
}

TEST(ComputeTargets, SectionTypeModifiesDensity) {
  SectionRequest request = FourTrackRequest();
  request.section.section_type = generate::SectionType::kBreakdown;
  const SectionTargets breakdown = ComputeTargets(request);
  request.section.section_type = generate::SectionType::kChorus;
  const SectionTargets chorus = ComputeTargets(request);
  const SectionTargets none = ComputeTargets(FourTrackRequest());
  for (int i = 0; i < 4; ++i) {
    EXPECT_LT(breakdown.tracks[i].notes_per_bar, none.tracks[i].notes_per_bar) << i;
    EXPECT_GT(chorus.tracks[i].notes_per_bar, none.tracks[i].notes_per_bar) << i;
    EXPECT_GT(breakdown.tracks[i].rest_density, chorus.tracks[i].rest_density) << i;
  }
}

TEST(ComputeTargets, GenreNudgesSwingAndDensity) {
  SectionRequest request = FourTrackRequest();
  request.genre = "Jazz";
  EXPECT_DOUBLE_EQ(ComputeTargets(request).tracks[kDrums].swing, 0.6);
  request.genre = "hip-hop";
  EXPECT_DOUBLE_EQ(ComputeTargets(request).tracks[kDrums].swing, 0.25);
  request.genre = "ambient";
  EXPECT_LT(ComputeTargets(request).tracks[kHarmony].notes_per_bar,
            ComputeTargets(FourTrackRequest()).tracks[kHarmony].notes_per_bar);
  request.genre = "polka";
  EXPECT_DOUBLE_EQ(ComputeTargets(request).tracks[kDrums].swing, 0.0);
}

TEST(ComputeTargets, BehaviorDensityScalesNotesPerBar) {
  SectionRequest request = FourTrackRequest();
  const double base = ComputeTargets(request).tracks[kBass].notes_per_bar;
  request.section.track_behaviors[kBass].density = 0.25f;
  EXPECT_DOUBLE_EQ(ComputeTargets(request).tracks[kBass].notes_per_bar, base * 0.5);
  request.section.track_behaviors[kBass].density = 0.5f;
  EXPECT_DOUBLE_EQ(ComputeTargets(request).tracks[kBass].notes_per_bar, base);
}

TEST(ComputeTargets, ConstraintsOverride) {
  SectionRequest request = FourTrackRequest();
  generate::GenerationConstraints& c = request.constraints;
  c.drum_density = 1.0f;
  c.subdivision = 12;
  c.swing_amount = 0.4f;
  c.register_center = 66;
  c.register_spread = 10;
  c.rest_density = 0.7f;
  c.leap_probability = 0.05f;
  c.velocity_floor = 30;
  c.velocity_ceiling = 50;
  const SectionTargets t = ComputeTargets(request);
  EXPECT_DOUBLE_EQ(t.tracks[kDrums].density, 1.0);
  EXPECT_DOUBLE_EQ(t.tracks[kDrums].notes_per_bar, 20.0);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(t.tracks[i].subdivision, 3) << i;  // 12 per whole note: eighth triplets
    EXPECT_FLOAT_EQ(t.tracks[i].swing, 0.4f) << i;
    EXPECT_FLOAT_EQ(t.tracks[i].rest_density, 0.7f) << i;
    EXPECT_EQ(t.tracks[i].velocity_floor, 30) << i;
    EXPECT_EQ(t.tracks[i].velocity_ceiling, 50) << i;
  }
  EXPECT_EQ(t.tracks[kHarmony].register_center, 66);
  // The constraint is the melodic register itself (generation.proto), reported as given.
  EXPECT_EQ(t.tracks[kMelody].register_center, 66);
  EXPECT_EQ(t.tracks[kMelody].register_spread, 20);  // full width; the constraint is a half-width
  EXPECT_TRUE(t.tracks[kMelody].register_spread_constrained);
  EXPECT_FLOAT_EQ(t.tracks[kMelody].leap_probability, 0.05f);
  EXPECT_EQ(t.tracks[kDrums].register_center, 0);  // drums are never moved in pitch
  EXPECT_DOUBLE_EQ(t.tracks[kDrums].leap_probability, 0.0);
}

TEST(ComputeTargets, OneSidedVelocityConstraintKeepsFloorBelowCeiling) {
  SectionRequest request = FourTrackRequest();
  request.section.emotion.energy = 0.0f;  // ceiling about 84
  request.constraints.velocity_floor = 110;
  const TrackTargets t = ComputeTargets(request).tracks[kMelody];
  EXPECT_EQ(t.velocity_floor, 110);
  EXPECT_EQ(t.velocity_ceiling, 110);
}

TEST(ComputeTargets, SubdivisionFinerThanSixteenthsBecomesSixteenths) {
  SectionRequest request = FourTrackRequest();
  request.constraints.subdivision = 32;
  EXPECT_EQ(ComputeTargets(request).tracks[kDrums].subdivision, 4);
  request.constraints.subdivision = 8;
  EXPECT_EQ(ComputeTargets(request).tracks[kDrums].subdivision, 2);
}

TEST(ComputeTargets, TrackRegisterReplacesRoleBase) {
  SectionRequest request = FourTrackRequest();
  request.tracks[kMelody].pitch_register = generate::Register::kHigh;
  request.section.emotion.valence = 0.5f;
  EXPECT_EQ(ComputeTargets(request).tracks[kMelody].register_center, 84 + 6);
}

TEST(ComputeTargets, BinsUseTrackAttributeEdges) {
  EmotionVector ev{0.8f, 0.3f, 0.7f, 0.2f, 0.8f};
  for (const TrackTargets& t : WithEmotion(ev).tracks) {
    EXPECT_EQ(t.bins.density, tokens::BinOf(t.notes_per_bar, tokens::kDensityEdges));
    EXPECT_EQ(t.bins.velocity_level, tokens::BinOf((t.velocity_floor + t.velocity_ceiling) / 2.0,
                                                   tokens::kVelocityLevelEdges));
    EXPECT_EQ(t.bins.syncopation, tokens::BinOf(t.syncopation, tokens::kSyncopationEdges));
    EXPECT_EQ(t.bins.polyphony, tokens::BinOf(t.polyphony, tokens::kPolyphonyEdges));
    EXPECT_EQ(t.bins.note_length, tokens::BinOf(t.note_length, tokens::kNoteLengthEdges));
    if (t.role != TrackRole::kDrums) {
      EXPECT_EQ(t.bins.register_bin,
                tokens::BinOf(static_cast<double>(t.register_center), tokens::kRegisterEdges));
    }
  }
}

TEST(ComputeTargets, InactiveTracksStillGetTargets) {
  SectionRequest request = FourTrackRequest();
  request.section.track_behaviors[kMelody].active = false;
  const SectionTargets t = ComputeTargets(request);
  EXPECT_FALSE(t.tracks[kMelody].active);
  EXPECT_GT(t.tracks[kMelody].notes_per_bar, 0.0);
  EXPECT_EQ(t.tracks[kMelody].register_center, 72);
}

TEST(ComputeTargets, MissingBehaviorsCountAsDefault) {
  SectionRequest request = FourTrackRequest();
  const SectionTargets with = ComputeTargets(request);
  request.section.track_behaviors.clear();
  const SectionTargets without = ComputeTargets(request);
  ASSERT_EQ(without.tracks.size(), 4u);
  EXPECT_EQ(with.tracks[kBass].notes_per_bar, without.tracks[kBass].notes_per_bar);
}

TEST(ComputeTargets, OtherAndPadRoles) {
  SectionRequest request;
  TrackSpec pad, other;
  pad.role = TrackRole::kPad;
  other.role = TrackRole::kOther;
  request.tracks = {pad, other};
  const SectionTargets t = ComputeTargets(request);
  EXPECT_GE(t.tracks[0].polyphony, 3.0);
  EXPECT_GE(t.tracks[0].note_length, 1.0);
  EXPECT_GE(t.tracks[1].polyphony, 2.0);  // rendered like harmony
}

TEST(ExplainTargets, SameValuesAndFactorsNamed) {
  SectionRequest request = FourTrackRequest();
  request.section.emotion = {0.8f, -0.4f, 0.7f, 0.3f, 0.9f};
  request.constraints.velocity_ceiling = 100;
  const ExplainedTargets ex = ExplainTargets(request);
  const SectionTargets plain = ComputeTargets(request);
  ASSERT_EQ(ex.tracks.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(TrackTargetsToString(ex.targets.tracks[i]), TrackTargetsToString(plain.tracks[i]));
  }
  bool found_floor = false, found_ceiling = false;
  for (const TargetExplanation& e : ex.tracks[kMelody]) {
    if (e.target == "velocity_floor") {
      found_floor = true;
      EXPECT_EQ(e.value, plain.tracks[kMelody].velocity_floor);
      EXPECT_THAT(TargetExplanationToString(e), HasSubstr("energy=0.8*1"));
      EXPECT_THAT(TargetExplanationToString(e), HasSubstr("intimacy=0.3*-0.4"));
    }
    if (e.target == "velocity_ceiling") {
      found_ceiling = true;
      EXPECT_EQ(e.formula, "constraint velocity_ceiling");
    }
  }
  EXPECT_TRUE(found_floor);
  EXPECT_TRUE(found_ceiling);
  ASSERT_EQ(ex.section.size(), 3u);
  EXPECT_EQ(ex.section[0].target, "temperature");
}

TEST(SectionTargetsToString, ListsSamplingAndTracks) {
  const std::string s = SectionTargetsToString(ComputeTargets(FourTrackRequest()));
  EXPECT_THAT(s, HasSubstr("temperature=1.000"));
  EXPECT_THAT(s, HasSubstr("track[3] melody active"));
  EXPECT_THAT(s, HasSubstr("register=72"));
}

}  // namespace
}  // namespace stori::targets
