// Latency of one section on the shipped model (issue 4 point 6): an 8-bar, 4-track section
// (drums, bass, piano, melody; "Leaving Home" verse, A minor, 92 BPM, one motif) at presets
// FAST (1 candidate) and BALANCED (3 candidates), CPU, torch threads 1; FAST again with the
// intent trace on (issue 17 point 5: off by default and free when off, so the plain runs are the
// trace-off figures).
//
//   build/tests/bench/section_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only
//
// Counters: tokens/s (decoded tokens, all candidate rows, per wall second), model steps, and
// peak RSS of the process in MiB (getrusage ru_maxrss). The model comes from STORI_MODEL_DIR or
// models/stori-remi/v3.
#include <sys/resource.h>

#include <string>

#include "benchmark/benchmark.h"
#include "engine/generate/section_generator.h"
#include "engine/model/torch_threads.h"
#include "engine/targets/emotion_targets.h"
#include "tests/engine/generate/generate_fixture.h"

namespace {

using stori::generate::SectionGenerator;
using stori::SectionRequest;

void BM_Section(benchmark::State& state, int candidates, bool intent_trace) {
  std::string error;
  const stori::model::ModelRunner* runner = stori::testing::SharedRunner(&error);
  if (runner == nullptr) {
    state.SkipWithError(error.c_str());
    return;
  }
  SectionGenerator generator(*runner);
  SectionRequest request = stori::testing::LeavingHomeVerse();
  request.num_candidates = candidates;
  request.include_intent_trace = intent_trace;
  double tokens = 0, steps = 0;
  std::uint64_t seed = 1;
  for (auto _ : state) {
    request.seed = seed++;
    auto result = generator.Generate(request, stori::RunContext{"bench", "bench", nullptr, ""});
    if (!result.ok()) {
      state.SkipWithError(std::string(result.status().message()).c_str());
      return;
    }
    tokens += result->timings.tokens_decoded;
    steps += result->timings.model_steps;
  }
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  state.counters["tokens_per_s"] = benchmark::Counter(tokens, benchmark::Counter::kIsRate);
  state.counters["tokens"] = benchmark::Counter(tokens, benchmark::Counter::kAvgIterations);
  state.counters["model_steps"] = benchmark::Counter(steps, benchmark::Counter::kAvgIterations);
  state.counters["peak_rss_mib"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// The targets alone, without and with their explanations (the trace's target records).
void BM_Targets(benchmark::State& state, bool explain) {
  const SectionRequest request = stori::testing::LeavingHomeVerse();
  for (auto _ : state) {
    if (explain) {
      benchmark::DoNotOptimize(stori::targets::ExplainTargets(request));
    } else {
      benchmark::DoNotOptimize(stori::targets::ComputeTargets(request));
    }
  }
}

BENCHMARK_CAPTURE(BM_Targets, compute, false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Targets, explain, true)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Section, fast_8bars_4tracks, 1, false)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_Section, balanced_8bars_4tracks, 3, false)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_Section, fast_8bars_4tracks_intent_trace, 1, true)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  stori::model::SetTorchThreads(1);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
