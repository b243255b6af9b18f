// The as-served measures per role (engine/evaluate/served_metrics.h) on a hand-built window.
#include "engine/evaluate/served_metrics.h"

#include <string>
#include <vector>

#include "engine/tokens/vocabulary.h"
#include "gtest/gtest.h"

namespace stori::evaluate {
namespace {

using tokens::GridNote;
using tokens::TokenRole;

constexpr int kBar = 4 * tokens::kStepsPerBeat;

GridNote Note(int start_step, int duration_steps, int pitch) {
  GridNote n;
  n.start_step = start_step;
  n.duration_steps = duration_steps;
  n.pitch = pitch;
  return n;
}

tokens::TrackSegment Track(TokenRole role, std::vector<GridNote> notes) {
  tokens::TrackSegment t;
  t.role = role;
  t.notes = std::move(notes);
  return t;
}

// Two bars of 4/4, C then G (major triads: quality 0); kick drums on each downbeat, a bass on
// the roots, a C-major melody.
tokens::RemiWindow Window() {
  tokens::RemiWindow w;
  w.bars = 2;
  w.steps_per_bar = kBar;
  w.key = 0;
  w.chords = {{{0, 0}}, {{0, 7 * tokens::kNumChordQualities}}};
  w.tracks = {Track(TokenRole::kDrums, {Note(0, 3, 36), Note(24, 3, 38), Note(kBar, 3, 36)}),
              Track(TokenRole::kBass, {Note(0, kBar, 36), Note(kBar, kBar, 43)}),
              Track(TokenRole::kMelody,
                    {Note(0, 12, 64), Note(12, 12, 64), Note(27, 21, 67), Note(kBar, 48, 62)})};
  return w;
}

double Value(const std::vector<MetricValue>& values, const std::string& name) {
  for (const MetricValue& v : values) {
    if (v.name == name) {
      EXPECT_TRUE(v.value.has_value()) << name;
      return v.value.value_or(-1);
    }
  }
  ADD_FAILURE() << "no metric " << name;
  return -1;
}

TEST(ServedMetricNames, PerRole) {
  EXPECT_EQ(ServedMetricNames("drums").size(), 9u);
  EXPECT_EQ(ServedMetricNames("harmony").size(), 15u);
  EXPECT_EQ(ServedMetricNames("melody").size(), 16u);
  EXPECT_EQ(ServedMetricNames("bass").size(), 19u);
  EXPECT_EQ(ServedMetricNames("drums").back(), "kick_onsets_per_bar");
  EXPECT_EQ(ServedMetricNames("melody").back(), "pitch_class_continuity");
  EXPECT_EQ(ServedMetricNames("bass")[15], "kick_bass_agreement_shuffled");
  EXPECT_TRUE(ServedMetricNames("pad").empty());
}

TEST(ServedTrackMetrics, NamesFollowServedMetricNames) {
  const tokens::RemiWindow w = Window();
  for (const tokens::TrackSegment& t : w.tracks) {
    std::vector<std::string> names;
    for (const MetricValue& v : ServedTrackMetrics(w, t, nullptr)) names.push_back(v.name);
    EXPECT_EQ(names, ServedMetricNames(RoleName(t.role)));
  }
}

TEST(ServedTrackMetrics, BassAgainstOwnAndOtherDrums) {
  const tokens::RemiWindow w = Window();
  // Other drums: kicks only on beat 2 of each bar, never with the bass.
  const tokens::TrackSegment other =
      Track(TokenRole::kDrums, {Note(24, 3, 36), Note(kBar + 24, 3, 36)});
  const auto bass = ServedTrackMetrics(w, w.tracks[1], &other);
  EXPECT_DOUBLE_EQ(Value(bass, "kick_bass_agreement"), 1.0);
  EXPECT_DOUBLE_EQ(Value(bass, "kick_bass_agreement_shuffled"), 0.0);
  EXPECT_DOUBLE_EQ(Value(bass, "bass_root_at_chord_changes"), 1.0);
  EXPECT_DOUBLE_EQ(Value(bass, "repeated_pitch_rate"), 0.0);
  EXPECT_DOUBLE_EQ(Value(bass, "mean_duration_beats"), 4.0);
  EXPECT_DOUBLE_EQ(Value(bass, "notes_per_bar"), 1.0);
  EXPECT_DOUBLE_EQ(Value(bass, "pitch_range"), 7.0);
  EXPECT_DOUBLE_EQ(Value(bass, "chord_tone_ratio"), 1.0);
  // No shuffled drums given: undefined.
  for (const MetricValue& v : ServedTrackMetrics(w, w.tracks[1], nullptr)) {
    if (v.name == "kick_bass_agreement_shuffled") {
      EXPECT_FALSE(v.value.has_value());
    }
  }
}

TEST(ServedTrackMetrics, MelodyAndDrums) {
  const tokens::RemiWindow w = Window();
  const auto melody = ServedTrackMetrics(w, w.tracks[2], nullptr);
  EXPECT_DOUBLE_EQ(Value(melody, "repeated_pitch_rate"), 1.0 / 3);  // 64 64 67 62
  EXPECT_DOUBLE_EQ(Value(melody, "off_eighth_onset_share"), 0.25);  // step 27: a 16th
  EXPECT_DOUBLE_EQ(Value(melody, "notes_per_bar"), 2.0);
  const auto drums = ServedTrackMetrics(w, w.tracks[0], nullptr);
  EXPECT_DOUBLE_EQ(Value(drums, "notes_per_bar"), 1.5);
  EXPECT_DOUBLE_EQ(Value(drums, "off_eighth_onset_share"), 0.0);
  // Beats 0 and 2 of bar 0 and beat 0 of bar 1 sound: 5 of 8 beats are empty.
  EXPECT_DOUBLE_EQ(Value(drums, "empty_beat_rate"), 5.0 / 8);
  // Kicks (GM 36) on both downbeats; the snare (38) is not a kick.
  EXPECT_DOUBLE_EQ(Value(drums, "kick_onsets_per_bar"), 1.0);
}

}  // namespace
}  // namespace stori::evaluate
