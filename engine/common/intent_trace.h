// The intent trace (README.md, "The API at a glance"): the engine's
// decisions in the order it took them, each with what was decided, the chosen target, the
// weighted factors behind it, the alternatives rejected and a confidence. Filled only when the
// request sets include_intent_trace; when it is off no record is built (the decision points
// test the flag first), which section_bench measures (README "The numbers").
// Mirrors proto stori.generation.v1.IntentTrace; server/convert/to_proto.cc converts it.
#ifndef STORI_ENGINE_COMMON_INTENT_TRACE_H_
#define STORI_ENGINE_COMMON_INTENT_TRACE_H_

#include <cmath>
#include <string>
#include <vector>

namespace stori {

// One weighted input of a decision: its name (e.g. "emotion.valence"), its value in its own
// unit, and its weight 0..1 in the decision (the weights of a decision sum to 1 when they are
// shares of a sum).
struct IntentFactor {
  std::string name;
  double value = 0.0;
  double weight = 0.0;
};

// One decision. `decision` names what was decided with a field path where one exists (e.g.
// "tracks[melody].register_center", "tracks[bass].window[1].candidate",
// "refinement.pass[0].dimension"); `target` is the choice, printed; confidence 0..1 (each
// decision point documents what it means there).
struct IntentDecision {
  std::string decision;
  std::string target;
  std::vector<IntentFactor> factors;
  std::vector<std::string> alternatives_rejected;
  double confidence = 1.0;
};

// `contributions` (name, value, signed contribution to a sum) as factors whose weights are
// each contribution's share of the sum of absolute contributions (all 0 when the sum is 0).
// Thread safety: pure function.
inline std::vector<IntentFactor> ContributionShares(std::vector<IntentFactor> contributions) {
  double total = 0.0;
  for (const IntentFactor& f : contributions) total += std::abs(f.weight);
  for (IntentFactor& f : contributions) f.weight = total > 0.0 ? std::abs(f.weight) / total : 0.0;
  return contributions;
}

}  // namespace stori

#endif  // STORI_ENGINE_COMMON_INTENT_TRACE_H_
