#include "engine/transition/boundary_repair.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stori::transition {
namespace {

using tokens::GridNote;
constexpr int kBar = 48;  // 4/4 at 12 steps per beat

Report With(ViolationKind kind) {
  Report r;
  r.checked = true;
  r.violations.push_back({kind, "", 0, 0});
  return r;
}

TEST(RegisterRepairSemitones, FewestOctavesThatBringTheMeanWithinAnOctave) {
  // Mean 84 against 60: one octave down leaves 12 semitones (allowed), so -12.
  EXPECT_EQ(RegisterRepairSemitones({82, 84, 86}, 60.0, 0, 127), -12);
  // Mean 84 against 48: 36 apart, two octaves down (12 apart).
  EXPECT_EQ(RegisterRepairSemitones({82, 84, 86}, 48.0, 0, 127), -24);
  // Upwards.
  EXPECT_EQ(RegisterRepairSemitones({40, 42}, 70.0, 0, 127), 24);
  // The range forbids it.
  EXPECT_EQ(RegisterRepairSemitones({82, 84, 86}, 60.0, 72, 127), absl::nullopt);
  EXPECT_EQ(RegisterRepairSemitones({}, 60.0, 0, 127), absl::nullopt);
}

TEST(RepairBoundaryBar, MovesOnlyTheMelodysLastBarAndLeavesLockedTracks) {
  std::vector<GridNote> melody = {{0, 12, 72, 80}, {kBar, 12, 84, 80}, {kBar + 24, 12, 86, 80}};
  std::vector<GridNote> bass = {{kBar, 24, 40, 80}};
  std::vector<RepairableTrack> tracks = {{music::TrackRole::kMelody, &melody, false, 48, 96},
                                         {music::TrackRole::kBass, &bass, false, 28, 60}};
  SectionSpec current;
  const auto repairs =
      RepairBoundaryBar(With(ViolationKind::kRegisterJump), current, 60.0, 2, kBar, tracks);
  ASSERT_EQ(repairs.size(), 1u);
  EXPECT_EQ(repairs[0].kind, ViolationKind::kRegisterJump);
  EXPECT_THAT(repairs[0].tracks, ::testing::ElementsAre(0));
  EXPECT_EQ(melody[0].pitch, 72) << "the bar before the last is kept";
  // Mean 85 against 60: one octave down leaves 13 semitones, two leave 1.
  EXPECT_EQ(melody[1].pitch, 60);
  EXPECT_EQ(melody[2].pitch, 62);
  EXPECT_EQ(bass[0].pitch, 40);

  std::vector<GridNote> locked_melody = {{kBar, 12, 84, 80}};
  std::vector<RepairableTrack> locked = {{music::TrackRole::kMelody, &locked_melody, true, 0, 127}};
  EXPECT_TRUE(
      RepairBoundaryBar(With(ViolationKind::kRegisterJump), current, 60.0, 2, kBar, locked).empty());
  EXPECT_EQ(locked_melody[0].pitch, 84);
}

TEST(RepairBoundaryBar, DrumsThatShouldStopLoseTheirLastBarAndSilentOnesAreOnlyReported) {
  std::vector<GridNote> drums = {{0, 3, 36, 100}, {kBar - 6, 3, 42, 90}, {kBar, 3, 36, 100},
                                 {kBar + 12, 3, 38, 100}};
  std::vector<RepairableTrack> tracks = {{music::TrackRole::kDrums, &drums, false, 35, 81}};
  SectionSpec current;
  current.exit_state.drum_active = false;
  const auto repairs =
      RepairBoundaryBar(With(ViolationKind::kDrumState), current, absl::nullopt, 2, kBar, tracks);
  ASSERT_EQ(repairs.size(), 1u);
  ASSERT_EQ(drums.size(), 2u);
  EXPECT_EQ(drums[1].start_step, kBar - 6);

  current.exit_state.drum_active = true;  // silent drums that should play: no notes to invent
  EXPECT_TRUE(
      RepairBoundaryBar(With(ViolationKind::kDrumState), current, absl::nullopt, 2, kBar, tracks)
          .empty());
  // Energy and chord violations are the request's: never repaired.
  EXPECT_TRUE(RepairBoundaryBar(With(ViolationKind::kEnergyJump), current, 60.0, 2, kBar, tracks)
                  .empty());
  EXPECT_TRUE(RepairBoundaryBar(With(ViolationKind::kChordLeading), current, 60.0, 2, kBar, tracks)
                  .empty());
}

}  // namespace
}  // namespace stori::transition
