// The generator's intent-trace records (engine/common/intent_trace.h), built only when the
// request sets include_intent_trace: target mapping, motif rendering, candidate choice and the
// transition check. Refinement adds its own (engine/refine/dimension_refinement.cc).
#ifndef STORI_ENGINE_GENERATE_INTENT_RECORDS_H_
#define STORI_ENGINE_GENERATE_INTENT_RECORDS_H_

#include <string>
#include <vector>

#include "engine/common/intent_trace.h"
#include "engine/section/section_request.h"
#include "engine/generate/track_decoder.h"
#include "engine/targets/emotion_targets.h"
#include "engine/transition/transition_check.h"

namespace stori::generate {

// One decision per target of every track ("tracks[<track_id>].<target>") and per section-wide
// setting ("section.<target>"), from targets::ExplainTargets: the factors are the table's inputs
// (emotion axes as "emotion.<axis>", "bias", "section_type.<type>", "genre.<name>",
// "constraint.<name>") with weights = each input's share of the absolute contributions
// (weight x value) to the target's drive; confidence 1 (a published formula, not a guess).
// Thread safety: pure function.
void AppendTargetDecisions(const SectionRequest& request,
                           const targets::ExplainedTargets& explained,
                           std::vector<IntentDecision>* trace);

// "section.motif_usages[<i>]": which motif, transformation and beat, rendered as how many notes
// in which pitch range; factors anchor_scale_degree and register_center (the melody's target
// the motif is placed around); confidence 1. Thread safety: pure function.
IntentDecision MotifDecision(int usage_index, const Motif& motif, const MotifUsage& usage,
                             int register_center, const std::vector<tokens::GridNote>& rendered);

// "tracks[<track_id>].window[<window>].candidate": the kept candidate of `decoded` and its
// score::TrackScore, with the window's bars (1-based, `first_bar` 0-based, `bars` long) and the
// first `given_bars` of them that it continued from; the others as alternatives rejected with
// their scores; confidence = the kept score (0..1: how well it meets the track's targets).
// Thread safety: pure function.
IntentDecision CandidateDecision(const std::string& track_id, int window, int first_bar,
                                 int bars, int given_bars,
                                 const TrackDecodeOutput& decoded);

// "transition": "clean" or the violated checks (each "(repaired)" when the boundary bar was
// fixed); factors the measured value of each violation
// (weights equal shares); confidence 1. Thread safety: pure function.
IntentDecision TransitionDecision(const transition::Report& report);

}  // namespace stori::generate

#endif  // STORI_ENGINE_GENERATE_INTENT_RECORDS_H_
