#include "engine/transition/transition_check.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stori::transition {
namespace {

using ::testing::HasSubstr;

SectionSpec Section(const char* id, float energy, const char* first_chord,
                              const char* last_chord) {
  SectionSpec s;
  s.section_id = id;
  s.bars = 4;
  s.time_signature = {0, 4, 4};
  s.emotion.energy = energy;
  s.chords = {{0, 0.0, 0.0, first_chord}, {3, 0.0, 12.0, last_chord}};
  return s;
}

GeneratedSection Generated(int melody_pitch_in_last_bar, bool drums_in_last_bar) {
  GeneratedSection g;
  g.ppq = 480;
  g.beats = 16;
  g.melody_notes = {{0, 480, 60, 80}, {12 * 480, 480, melody_pitch_in_last_bar, 80}};
  g.drum_notes = {{0, 120, 36, 90}};
  if (drums_in_last_bar) g.drum_notes.push_back({13 * 480, 120, 38, 90});
  g.next_melody_register = 72;
  return g;
}

std::vector<ViolationKind> Kinds(const Report& r) {
  std::vector<ViolationKind> out;
  for (const Violation& v : r.violations) out.push_back(v.kind);
  return out;
}

TEST(CheckTransition, CleanJoinHasNoViolation) {
  const Report r = CheckTransition(Section("verse", 0.5f, "Am", "G"), Generated(71, true),
                                   Section("chorus", 0.7f, "C", "G"));
  EXPECT_TRUE(r.checked);
  EXPECT_TRUE(r.violations.empty());
}

TEST(CheckTransition, EnergyJumpIsFlaggedUnlessTheNextSectionIsMeantToHit) {
  const Report r = CheckTransition(Section("verse", 0.3f, "Am", "G"), Generated(71, true),
                                   Section("chorus", 0.8f, "C", "G"));
  ASSERT_THAT(Kinds(r), ::testing::ElementsAre(ViolationKind::kEnergyJump));
  EXPECT_NEAR(r.violations[0].measured, 0.5, 1e-6);
  EXPECT_DOUBLE_EQ(r.violations[0].limit, kMaxEnergyJump);
  EXPECT_THAT(r.violations[0].message, HasSubstr("0.30 -> 0.80"));
  for (SectionType hit : {SectionType::kDrop, SectionType::kBreak,
                                    SectionType::kIntro,
                                    SectionType::kOutro}) {
    SectionSpec drop = Section("drop", 0.8f, "C", "G");
    drop.section_type = hit;
    EXPECT_TRUE(CheckTransition(Section("build", 0.3f, "Am", "G"), Generated(71, true), drop)
                    .violations.empty());
  }
  // Stated boundary energies win over the emotion's.
  SectionSpec verse = Section("verse", 0.3f, "Am", "G");
  verse.exit_state.energy = 0.6f;
  EXPECT_TRUE(CheckTransition(verse, Generated(71, true), Section("chorus", 0.8f, "C", "G"))
                  .violations.empty());
}

TEST(CheckTransition, ExitChordMustLeadToTheNextFirstChord) {
  // C major -> F# major: no common tone, a tritone apart.
  const Report r = CheckTransition(Section("verse", 0.5f, "Am", "C"), Generated(71, true),
                                   Section("chorus", 0.5f, "F#", "G"));
  ASSERT_THAT(Kinds(r), ::testing::ElementsAre(ViolationKind::kChordLeading));
  EXPECT_THAT(r.violations[0].message, HasSubstr("C does not lead to F#"));
  // G -> C (a fifth down), Am -> F (common tones), E -> F (a step), N.C. (not checked).
  for (auto [from, to] : {std::pair{"G", "C"}, {"Am", "F"}, {"E", "F"}, {"N.C.", "F#"}}) {
    EXPECT_TRUE(CheckTransition(Section("a", 0.5f, "C", from), Generated(71, true),
                                Section("b", 0.5f, to, "C"))
                    .violations.empty())
        << from << " -> " << to;
  }
}

TEST(CheckTransition, MelodyLeapingMoreThanAnOctaveIsFlagged) {
  const Report r = CheckTransition(Section("verse", 0.5f, "Am", "G"), Generated(86, true),
                                   Section("chorus", 0.5f, "C", "G"));
  ASSERT_THAT(Kinds(r), ::testing::ElementsAre(ViolationKind::kRegisterJump));
  EXPECT_NEAR(r.violations[0].measured, 86 - 72, 1e-9);
  // The next section's stated entry register wins over its target.
  SectionSpec chorus = Section("chorus", 0.5f, "C", "G");
  chorus.entry_state.melodic_register = Register::kHigh;  // 84
  EXPECT_TRUE(CheckTransition(Section("verse", 0.5f, "Am", "G"), Generated(86, true), chorus)
                  .violations.empty());
}

TEST(CheckTransition, DrumsMustMatchTheStatedExitState) {
  SectionSpec verse = Section("verse", 0.5f, "Am", "G");
  verse.exit_state.drum_active = false;
  const Report r =
      CheckTransition(verse, Generated(71, true), Section("chorus", 0.5f, "C", "G"));
  ASSERT_THAT(Kinds(r), ::testing::ElementsAre(ViolationKind::kDrumState));
  EXPECT_TRUE(CheckTransition(verse, Generated(71, false), Section("chorus", 0.5f, "C", "G"))
                  .violations.empty());
}

}  // namespace
}  // namespace stori::transition
