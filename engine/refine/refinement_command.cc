#include "engine/refine/refinement_command.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace stori::refine {
namespace {

std::string Normalized(absl::string_view command) {
  std::string text = absl::AsciiStrToLower(command);
  while (!text.empty() && (text.back() == '.' || text.back() == '!' ||
                           absl::ascii_isspace(static_cast<unsigned char>(text.back())))) {
    text.pop_back();
  }
  std::vector<absl::string_view> words = absl::StrSplit(text, ' ', absl::SkipWhitespace());
  return absl::StrJoin(words, " ");
}

}  // namespace

std::string KnownCommands() {
  std::vector<std::string> quoted;
  for (const RefinementCommand& c : kRefinementCommands) {
    quoted.push_back(absl::StrCat("\"", c.text, "\""));
  }
  return absl::StrJoin(quoted, ", ");
}

absl::StatusOr<EmotionVector> CommandDelta(absl::string_view command) {
  const std::string wanted = Normalized(command);
  for (const RefinementCommand& c : kRefinementCommands) {
    if (c.text == wanted) return c.delta;
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown refinement command \"", command,
                                                 "\"; expected one of ", KnownCommands()));
}

EmotionVector ApplyDelta(const EmotionVector& e,
                                   const EmotionVector& d) {
  auto unit = [](float v) { return std::clamp(v, 0.0f, 1.0f); };
  return {unit(e.energy + d.energy), std::clamp(e.valence + d.valence, -1.0f, 1.0f),
          unit(e.tension + d.tension), unit(e.intimacy + d.intimacy), unit(e.motion + d.motion)};
}

}  // namespace stori::refine
