// The intent trace on the shipped model: off by default, and when asked, a record from every
// decision point (targets, motif, candidates, transition, refinement), without changing a note.
#include <algorithm>

#include "absl/strings/match.h"
#include "engine/refine/dimension_refinement.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/engine/generate/generate_fixture.h"

namespace stori::refine {
namespace {

using ::stori::testing::LeavingHomeVerse;

int Count(const std::vector<IntentDecision>& trace, const std::string& prefix,
          const std::string& suffix = "") {
  return static_cast<int>(std::count_if(trace.begin(), trace.end(), [&](const IntentDecision& d) {
    return absl::StartsWith(d.decision, prefix) && absl::EndsWith(d.decision, suffix);
  }));
}

TEST(IntentTrace, OffByDefaultAndEveryDecisionPointEmitsWhenAsked) {
  std::string error;
  const model::ModelRunner* runner = ::stori::testing::SharedRunner(&error);
  ASSERT_NE(runner, nullptr) << error;
  const generate::SectionGenerator generator(*runner);
  const RunContext ctx;
  // 8 bars: three model windows, bars 1-4, then 3-6 and 5-8 each continuing from 2 bars.
  SectionRequest request = LeavingHomeVerse();
  request.num_candidates = 2;
  request.next_section = request.section;
  request.next_section->emotion.energy = 0.95f;  // an energy jump of 0.55 for the check to flag

  auto plain = generator.Generate(request, ctx);
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_TRUE(plain->intent_trace.empty());

  request.include_intent_trace = true;
  auto traced = generator.Generate(request, ctx);
  ASSERT_TRUE(traced.ok()) << traced.status();
  EXPECT_EQ(traced->smf, plain->smf) << "the trace must not change the music";
  const std::vector<IntentDecision>& trace = traced->intent_trace;
  for (const char* track : {"drums", "bass", "piano", "melody"}) {
    const std::string prefix = std::string("tracks[") + track + "]";
    EXPECT_EQ(Count(trace, prefix, ".notes_per_bar"), 1) << track;
    EXPECT_EQ(Count(trace, prefix, ".velocity_floor"), 1) << track;
    EXPECT_EQ(Count(trace, prefix, ".candidate"), 3) << track << ": one per window";
  }
  for (const IntentDecision& d : trace) {
    if (d.decision == "tracks[melody].window[1].candidate") {
      EXPECT_THAT(d.target, ::testing::HasSubstr("bars 3-6 continuing from bars 3-4"));
    }
  }
  EXPECT_EQ(Count(trace, "section.motif_usages["), 2);
  EXPECT_EQ(Count(trace, "transition"), 1);
  for (const IntentDecision& d : trace) {
    EXPECT_FALSE(d.target.empty()) << d.decision;
    EXPECT_GE(d.confidence, 0.0) << d.decision;
    EXPECT_LE(d.confidence, 1.0) << d.decision;
    double weights = 0.0;
    for (const IntentFactor& f : d.factors) {
      EXPECT_GE(f.weight, 0.0) << d.decision << " " << f.name;
      weights += f.weight;
    }
    // Shares of a sum: 1, or 0 when every input contributes nothing (e.g. swing: only a genre
    // offset of 0 drives it).
    if (!d.factors.empty() && weights != 0.0) {
      EXPECT_NEAR(weights, 1.0, 1e-9) << d.decision;
    }
    if (absl::EndsWith(d.decision, ".candidate")) {
      EXPECT_EQ(d.alternatives_rejected.size(), 1u) << "two candidates, one rejected";
    }
  }
  // The valence axis drives the melody's register: it appears among the register's factors.
  const auto reg = std::find_if(trace.begin(), trace.end(), [](const IntentDecision& d) {
    return d.decision == "tracks[melody].register_center";
  });
  ASSERT_NE(reg, trace.end());
  EXPECT_TRUE(std::any_of(reg->factors.begin(), reg->factors.end(), [](const IntentFactor& f) {
    return absl::StrContains(f.name, "valence");
  }));
  const auto transition = std::find_if(trace.begin(), trace.end(), [](const IntentDecision& d) {
    return d.decision == "transition";
  });
  ASSERT_NE(transition, trace.end());
  EXPECT_TRUE(absl::StrContains(transition->target, "energy_jump")) << transition->target;

  // Refinement appends one record per pass, after the generation's. Most sections of this
  // request score above every threshold (then no pass runs), so the section's melody score is
  // set below its threshold, as if the melody had come out weak: the first pass regenerates it.
  request.seed = 21;
  auto generated = generator.Generate(request, ctx);
  ASSERT_TRUE(generated.ok());
  generated->scores.melody = 0.0;
  RefinementOptions options;
  options.max_passes = 2;
  auto refined = RefineWeakestDimensions(generator, request, *generated, options, ctx);
  ASSERT_TRUE(refined.ok()) << refined.status();
  EXPECT_EQ(Count(refined->intent_trace, "refinement.pass["),
            static_cast<int>(refined->refinement.size()));
  EXPECT_EQ(Count(refined->intent_trace, "tracks[melody]", ".notes_per_bar"), 1);
  const int passes = static_cast<int>(refined->refinement.size());
  EXPECT_GT(passes, 0);
}

}  // namespace
}  // namespace stori::refine
