#include "engine/music/instrument_names.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stori::music {
namespace {

// Program of a name that must resolve; -1 when it does not.
int ProgramOf(absl::string_view name) {
  const auto resolved = ResolveInstrumentName(name);
  return resolved.has_value() ? resolved->program : -1;
}

TEST(ResolveInstrumentName, StoriSnakeCaseGmNamesResolveToTheirPrograms) {
  EXPECT_EQ(ProgramOf("acoustic_guitar_steel"), 25);
  EXPECT_EQ(ProgramOf("electric_bass_finger"), 33);
  EXPECT_EQ(ProgramOf("string_ensemble_1"), 48);
  EXPECT_EQ(ProgramOf("pad_3_polysynth"), 90);
  EXPECT_EQ(ProgramOf("lead_2_sawtooth"), 81);
  EXPECT_EQ(ProgramOf("alto_sax"), 65);
  EXPECT_EQ(ProgramOf("Acoustic Grand Piano"), 0);
  EXPECT_EQ(ResolveInstrumentName("alto_sax")->match, InstrumentMatch::kGmName);
}

TEST(ResolveInstrumentName, VariantNumberIsOptional) {
  EXPECT_EQ(ProgramOf("string_ensemble"), 48);
  EXPECT_EQ(ProgramOf("pad_polysynth"), 90);
  EXPECT_EQ(ProgramOf("synth_bass"), 38);
  EXPECT_EQ(ResolveInstrumentName("string_ensemble")->match, InstrumentMatch::kGmNameNoNumber);
}

TEST(ResolveInstrumentName, KitNamesGoToTheDrumChannelWithTheGsKitProgram) {
  for (const auto& [name, program] : std::initializer_list<std::pair<const char*, int>>{
           {"drum_kit_acoustic", 0}, {"drum_kit_electronic", 24}, {"drum_kit_brush", 40},
           {"drum_kit_brushes", 40}, {"drum_kit_jazz", 32}, {"electronic_drums", 24},
           {"drums", 0}, {"drum_kit_808", 25}}) {
    const auto resolved = ResolveInstrumentName(name);
    ASSERT_TRUE(resolved.has_value()) << name;
    EXPECT_TRUE(resolved->is_drum_kit) << name;
    EXPECT_EQ(resolved->program, program) << name;
    EXPECT_EQ(resolved->usual_role, TrackRole::kDrums) << name;
    EXPECT_EQ(resolved->match, InstrumentMatch::kDrumKit) << name;
  }
  const auto vintage = ResolveInstrumentName("drum_kit_vintage");
  ASSERT_TRUE(vintage.has_value());
  EXPECT_EQ(vintage->match, InstrumentMatch::kDrumKitUnknownVariant);
  EXPECT_EQ(vintage->program, 0);
}

TEST(ResolveInstrumentName, GmDrumProgramsAreNotKits) {
  const auto steel = ResolveInstrumentName("steel_drums");
  ASSERT_TRUE(steel.has_value());
  EXPECT_FALSE(steel->is_drum_kit);
  EXPECT_EQ(steel->program, 114);
  EXPECT_EQ(ProgramOf("synth_drum"), 118);
}

TEST(ResolveInstrumentName, FamilyWordsPickTheFamilysUsualProgram) {
  EXPECT_EQ(ProgramOf("piano"), 0);
  EXPECT_EQ(ProgramOf("Piano"), 0);
  EXPECT_EQ(ProgramOf("electric_piano"), 4);
  EXPECT_EQ(ProgramOf("guitar"), 25);
  EXPECT_EQ(ProgramOf("bass"), 33);
  EXPECT_EQ(ProgramOf("strings"), 48);
  EXPECT_EQ(ProgramOf("pads"), 89);
  EXPECT_EQ(ProgramOf("fx"), 99);
  EXPECT_EQ(ResolveInstrumentName("piano")->match, InstrumentMatch::kFamilyWord);
}

TEST(ResolveInstrumentName, UsualRoleFollowsTheGmFamily) {
  EXPECT_EQ(ResolveInstrumentName("electric_bass_finger")->usual_role, TrackRole::kBass);
  EXPECT_EQ(ResolveInstrumentName("acoustic_guitar_steel")->usual_role, TrackRole::kHarmony);
  EXPECT_EQ(ResolveInstrumentName("string_ensemble_1")->usual_role, TrackRole::kPad);
  EXPECT_EQ(ResolveInstrumentName("pad_3_polysynth")->usual_role, TrackRole::kPad);
  EXPECT_EQ(ResolveInstrumentName("lead_2_sawtooth")->usual_role, TrackRole::kMelody);
  EXPECT_EQ(ResolveInstrumentName("alto_sax")->usual_role, TrackRole::kMelody);
}

TEST(ResolveInstrumentName, UnknownNamesAreNullopt) {
  EXPECT_FALSE(ResolveInstrumentName("").has_value());
  EXPECT_FALSE(ResolveInstrumentName("___").has_value());
  EXPECT_FALSE(ResolveInstrumentName("theremin_deluxe").has_value());
  EXPECT_FALSE(ResolveInstrumentName("drum_and_bass").has_value());
}

TEST(TrackRoleFromAlias, StoriRoleWordsResolve) {
  const std::pair<const char*, TrackRole> cases[] = {
      {"drums", TrackRole::kDrums},    {"bass", TrackRole::kBass},
      {"chords", TrackRole::kHarmony}, {"harmony", TrackRole::kHarmony},
      {"melody", TrackRole::kMelody},  {"arp", TrackRole::kHarmony},
      {"pads", TrackRole::kPad},       {"fx", TrackRole::kOther},
      {"piano", TrackRole::kHarmony},  {"keys", TrackRole::kHarmony},
      {"guitar", TrackRole::kHarmony}, {"lead", TrackRole::kMelody},
      {"strings", TrackRole::kPad},    {"Lead Synth", TrackRole::kMelody},
      {"bass_guitar", TrackRole::kBass}, {"rhythm-guitar", TrackRole::kHarmony},
      {"PERCUSSION", TrackRole::kDrums}, {"drums_2", TrackRole::kDrums},
  };
  for (const auto& [text, role] : cases) {
    const auto resolved = TrackRoleFromAlias(text);
    ASSERT_TRUE(resolved.has_value()) << text;
    EXPECT_EQ(*resolved, role) << text;
  }
}

TEST(TrackRoleFromAlias, TextWithNoAliasWordIsNullopt) {
  EXPECT_FALSE(TrackRoleFromAlias("").has_value());
  EXPECT_FALSE(TrackRoleFromAlias("track_7").has_value());
  EXPECT_FALSE(TrackRoleFromAlias("theremin").has_value());
}

}  // namespace
}  // namespace stori::music
