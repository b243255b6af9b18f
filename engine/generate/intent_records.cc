#include "engine/generate/intent_records.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/motif/motif_renderer.h"

namespace stori::generate {
namespace {

const char* const kAxes[] = {"energy", "valence01", "tension", "intimacy", "motion",
                             "energy_x_motion"};

IntentDecision TargetDecision(const std::string& prefix, const targets::TargetExplanation& e) {
  IntentDecision d;
  d.decision = absl::StrCat(prefix, e.target);
  d.target = absl::StrFormat("%g = %s", e.value, e.formula);
  std::vector<IntentFactor> contributions;
  for (const targets::TargetFactor& f : e.factors) {
    const bool axis = std::find(std::begin(kAxes), std::end(kAxes), f.name) != std::end(kAxes);
    contributions.push_back(
        {axis ? absl::StrCat("emotion.", f.name) : f.name, f.value, f.weight * f.value});
  }
  d.factors = ContributionShares(std::move(contributions));
  d.confidence = 1.0;
  return d;
}

const char* ViolationName(transition::ViolationKind kind) {
  switch (kind) {
    case transition::ViolationKind::kEnergyJump:
      return "energy_jump";
    case transition::ViolationKind::kChordLeading:
      return "chord_leading";
    case transition::ViolationKind::kRegisterJump:
      return "register_jump";
    case transition::ViolationKind::kDrumState:
      return "drum_state";
  }
  return "unknown";
}

}  // namespace

void AppendTargetDecisions(const SectionRequest& request,
                           const targets::ExplainedTargets& explained,
                           std::vector<IntentDecision>* trace) {
  for (const targets::TargetExplanation& e : explained.section) {
    trace->push_back(TargetDecision("section.", e));
  }
  for (std::size_t i = 0; i < explained.tracks.size() && i < request.tracks.size(); ++i) {
    const std::string prefix = absl::StrCat("tracks[", request.tracks[i].track_id, "].");
    for (const targets::TargetExplanation& e : explained.tracks[i]) {
      trace->push_back(TargetDecision(prefix, e));
    }
  }
}

IntentDecision MotifDecision(int usage_index, const Motif& motif, const MotifUsage& usage,
                             int register_center, const std::vector<tokens::GridNote>& rendered) {
  IntentDecision d;
  d.decision = absl::StrCat("section.motif_usages[", usage_index, "]");
  int lo = 127, hi = 0;
  for (const tokens::GridNote& n : rendered) {
    lo = std::min(lo, n.pitch);
    hi = std::max(hi, n.pitch);
  }
  d.target = absl::StrFormat("%s %s at beat %g: %d notes, pitches %d..%d", motif.motif_id,
                             motif::TransformationName(usage.transformation), usage.start_beat,
                             static_cast<int>(rendered.size()), rendered.empty() ? 0 : lo,
                             rendered.empty() ? 0 : hi);
  d.factors = {{"anchor_scale_degree", static_cast<double>(motif.anchor_scale_degree), 0.5},
               {"register_center", static_cast<double>(register_center), 0.5}};
  d.confidence = 1.0;
  return d;
}

IntentDecision CandidateDecision(const std::string& track_id, int window, int first_bar,
                                 int bars, int given_bars, const TrackDecodeOutput& decoded) {
  IntentDecision d;
  d.decision = absl::StrCat("tracks[", track_id, "].window[", window, "].candidate");
  const int n = static_cast<int>(decoded.candidate_scores.size());
  d.target = absl::StrFormat("candidate %d of %d (score %.3f), bars %d-%d", decoded.kept_candidate,
                             n, decoded.score, first_bar + 1, first_bar + bars);
  if (given_bars > 0) {
    absl::StrAppendFormat(&d.target, " continuing from bars %d-%d", first_bar + 1,
                          first_bar + given_bars);
  }
  d.factors = {{"track_score", decoded.score, 1.0}};
  for (int r = 0; r < n; ++r) {
    if (r == decoded.kept_candidate) continue;
    d.alternatives_rejected.push_back(
        absl::StrFormat("candidate %d (score %.3f)", r, decoded.candidate_scores[r]));
  }
  d.confidence = std::clamp(decoded.score, 0.0, 1.0);
  return d;
}

IntentDecision TransitionDecision(const transition::Report& report) {
  IntentDecision d;
  d.decision = "transition";
  std::vector<std::string> names;
  for (const transition::Violation& v : report.violations) {
    names.push_back(absl::StrCat(ViolationName(v.kind), v.repaired ? " (repaired)" : ""));
    d.factors.push_back({absl::StrCat(ViolationName(v.kind), ".measured"), v.measured,
                         1.0 / static_cast<double>(report.violations.size())});
    d.alternatives_rejected.push_back(v.message);
  }
  d.target = names.empty() ? "clean" : absl::StrCat("violations: ", absl::StrJoin(names, ", "));
  d.confidence = 1.0;
  return d;
}

}  // namespace stori::generate
