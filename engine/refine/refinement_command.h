// Refinement commands: the roadmap's table of what "make it sadder" and its siblings do to a
// section's EmotionVector (proto/stori/generation/v1/emotion.proto), and applying a change with the axis ranges kept.
#ifndef STORI_ENGINE_REFINE_REFINEMENT_COMMAND_H_
#define STORI_ENGINE_REFINE_REFINEMENT_COMMAND_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/section/section_request.h"

namespace stori::refine {

struct RefinementCommand {
  absl::string_view text;          // lower case, as in the table
  EmotionVector delta;   // energy, valence, tension, intimacy, motion
};

// The Stori roadmap's table: "make it sadder" valence -0.3; "more intense" energy +0.2,
// tension +0.2; "calmer" energy -0.3, tension -0.2, motion -0.2; "more intimate" intimacy +0.3,
// energy -0.1; "more driving" motion +0.3, energy +0.1; "brighter" valence +0.3; "more tension"
// tension +0.3; "resolve it" tension -0.4, valence +0.1.
inline constexpr RefinementCommand kRefinementCommands[] = {
    {"make it sadder", {0.0f, -0.3f, 0.0f, 0.0f, 0.0f}},
    {"more intense", {0.2f, 0.0f, 0.2f, 0.0f, 0.0f}},
    {"calmer", {-0.3f, 0.0f, -0.2f, 0.0f, -0.2f}},
    {"more intimate", {-0.1f, 0.0f, 0.0f, 0.3f, 0.0f}},
    {"more driving", {0.1f, 0.0f, 0.0f, 0.0f, 0.3f}},
    {"brighter", {0.0f, 0.3f, 0.0f, 0.0f, 0.0f}},
    {"more tension", {0.0f, 0.0f, 0.3f, 0.0f, 0.0f}},
    {"resolve it", {0.0f, 0.1f, -0.4f, 0.0f, 0.0f}},
};

// The delta of `command`, matched ignoring case, surrounding and repeated spaces, and a final
// "." or "!" ("Make it sadder!" matches "make it sadder").
// Errors: kInvalidArgument listing the known commands when `command` is none of them.
// Thread safety: pure function.
absl::StatusOr<EmotionVector> CommandDelta(absl::string_view command);

// `emotion` + `delta`, each axis clamped to its range (energy, tension, intimacy,
// motion 0..1; valence -1..+1): the documented clamp of a refinement's result, not of input.
// Thread safety: pure function.
EmotionVector ApplyDelta(const EmotionVector& emotion,
                                   const EmotionVector& delta);

// The known commands, quoted and comma-separated, for messages.
std::string KnownCommands();

}  // namespace stori::refine

#endif  // STORI_ENGINE_REFINE_REFINEMENT_COMMAND_H_
