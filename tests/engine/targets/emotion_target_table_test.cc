// The published table (engine/targets/TARGETS.md) must print the numbers of the code
// (engine/targets/emotion_target_table.h).
#include "engine/targets/emotion_target_table.h"

#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::targets {
namespace {

using ::testing::HasSubstr;

std::string ReadTargetsMd() {
  std::ifstream in(stori::testing::SourcePath("engine/targets/TARGETS.md"));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// "0.35", "−0.4" (U+2212 as printed in the markdown), "" for 0.
std::string Cell(double value) {
  if (value == 0.0) return "";
  return absl::StrReplaceAll(absl::StrFormat("%g", value), {{"-", "\xE2\x88\x92"}});
}

// The markdown row of one LinearTarget: | who | target | lo → hi | bias | E | V | ... | G |
std::string Row(const std::string& who, const std::string& target, const LinearTarget& t) {
  const std::vector<std::string> cells = {who,
                                          target,
                                          absl::StrFormat("%g \xE2\x86\x92 %g", t.lo, t.hi),
                                          Cell(t.bias),
                                          Cell(t.energy),
                                          Cell(t.valence),
                                          Cell(t.tension),
                                          Cell(t.intimacy),
                                          Cell(t.motion),
                                          Cell(t.energy_x_motion),
                                          Cell(t.section),
                                          Cell(t.genre)};
  std::string row = "|";
  for (const std::string& c : cells) row += c.empty() ? " |" : " " + c + " |";
  return row;
}

TEST(EmotionTargetTable, MarkdownMatchesRoleRows) {
  const std::string md = ReadTargetsMd();
  ASSERT_FALSE(md.empty());
  for (const RoleTargetRow& row : kRoleTargetRows) {
    const std::string role = music::TrackRoleName(row.role);
    EXPECT_THAT(md, HasSubstr(Row(role, "density", row.density)));
    EXPECT_THAT(md, HasSubstr(absl::StrFormat("| %s | notes_per_bar | %g \xE2\x86\x92 %g from",
                                              role, row.notes_per_bar_lo, row.notes_per_bar_hi)));
    const std::vector<std::pair<const char*, const LinearTarget*>> targets = {
        {"register_spread", &row.register_spread},
        {"velocity_floor", &row.velocity_floor},
        {"velocity_ceiling", &row.velocity_ceiling},
        {"leap_probability", &row.leap_probability},
        {"syncopation", &row.syncopation},
        {"polyphony", &row.polyphony},
        {"note_length", &row.note_length},
        {"rest_density", &row.rest_density}};
    for (const auto& [name, target] : targets) {
      if (target->lo == target->hi) continue;  // constants are described in prose
      EXPECT_THAT(md, HasSubstr(Row(role, name, *target)));
    }
  }
}

TEST(EmotionTargetTable, RowsAreInRoleOrder) {
  for (std::size_t i = 0; i < kRoleTargetRows.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(kRoleTargetRows[i].role), i);
  }
  EXPECT_EQ(RoleRow(music::TrackRole::kOther).role, music::TrackRole::kHarmony);
}

TEST(EmotionTargetTable, MarkdownMatchesSectionOffsetsAndGenres) {
  const std::string md = ReadTargetsMd();
  for (const GenreNudge& g : kGenreNudges) {
    EXPECT_THAT(md, HasSubstr(g.name)) << g.name;
  }
  // Offsets in the order of the section table's header.
  std::string offsets = "|";
  for (const SectionTypeOffset& s : kSectionTypeOffsets) {
    std::string v = s.offset == 0 ? "0" : absl::StrFormat("%+g", s.offset);
    offsets += " " + absl::StrReplaceAll(v, {{"-", "\xE2\x88\x92"}}) + " |";
  }
  EXPECT_THAT(md, HasSubstr(offsets));
}

}  // namespace
}  // namespace stori::targets
