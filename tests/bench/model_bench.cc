// Speed of the model runner on CPU (Google Benchmark; not part of ctest). Run:
//   STORI_MODEL_DIR=models/stori-remi/v3 build/tests/bench/model_bench
// The model comes from $STORI_MODEL_DIR, else the shipped models/stori-remi/v3; without one no
// benchmark is registered. The last argument of each benchmark is Torch's intra-op thread count
// (at::set_num_threads: 1 and 2).
//   BM_Prefill/<threads>:        one 256-token Prefill into an empty DecodeState.
//   BM_Step/<batch>/<threads>:   one Step of `batch` rows after a 256-token prompt (positions
//                                256..511; the state is re-made, untimed, every 256 steps).
// Reported time is per call, i.e. per decoded position for BM_Step; items/s counts tokens.
#include <ATen/Parallel.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "engine/model/model_runner.h"
#include "engine/tokens/vocabulary.h"
#include "tests/testing/status_matchers.h"

namespace stori::model {
namespace {

constexpr int kPromptTokens = 256;
constexpr int kMaxSteps = 256;

std::vector<tokens::TokenId> Prompt(int n, int vocab_size) {
  std::vector<tokens::TokenId> out(n);
  for (int i = 0; i < n; ++i) out[i] = static_cast<tokens::TokenId>((i * 131 + 7) % vocab_size);
  return out;
}

void BM_Prefill(benchmark::State& bench, const ModelRunner* runner) {
  at::set_num_threads(static_cast<int>(bench.range(0)));
  const std::vector<tokens::TokenId> prompt = Prompt(kPromptTokens, runner->vocab_size());
  for (auto _ : bench) {
    DecodeState state;
    auto logits = runner->Prefill(&state, prompt);
    if (!logits.ok()) {
      bench.SkipWithError(std::string(logits.status().message()).c_str());
      break;
    }
    benchmark::DoNotOptimize(logits->data());
  }
  bench.SetItemsProcessed(bench.iterations() * kPromptTokens);
}

void BM_Step(benchmark::State& bench, const ModelRunner* runner) {
  const int batch = static_cast<int>(bench.range(0));
  at::set_num_threads(static_cast<int>(bench.range(1)));
  const std::vector<tokens::TokenId> prompt = Prompt(kPromptTokens, runner->vocab_size());
  const std::vector<tokens::TokenId> step(batch, prompt[3]);
  DecodeState state;
  auto restart = [&]() -> bool {
    state.Reset();
    return runner->Prefill(&state, prompt).ok() && runner->ExpandBatch(&state, batch).ok();
  };
  if (!restart() || kPromptTokens + kMaxSteps > runner->max_positions()) {
    bench.SkipWithError("cannot prefill 256 tokens and decode 256 more");
    return;
  }
  for (auto _ : bench) {
    if (state.positions() >= kPromptTokens + kMaxSteps) {
      bench.PauseTiming();
      restart();
      bench.ResumeTiming();
    }
    auto logits = runner->Step(&state, step);
    if (!logits.ok()) {
      bench.SkipWithError(std::string(logits.status().message()).c_str());
      break;
    }
    benchmark::DoNotOptimize(logits->data());
  }
  bench.SetItemsProcessed(bench.iterations() * batch);
}

using ::stori::testing::ModelDir;

}  // namespace
}  // namespace stori::model

int main(int argc, char** argv) {
  using stori::model::ModelRunner;
  benchmark::Initialize(&argc, argv);
  const std::string dir = stori::model::ModelDir();
  std::unique_ptr<ModelRunner> runner;
  if (std::filesystem::exists(dir + "/model.pt")) {
    auto loaded = ModelRunner::Load({dir, stori::model::Device::kCpu});
    if (!loaded.ok()) {
      std::cerr << "model_bench: " << loaded.status() << "\n";
      return 1;
    }
    runner = std::move(*loaded);
    if (auto s = runner->Warmup(); !s.ok()) {
      std::cerr << "model_bench: warmup: " << s << "\n";
      return 1;
    }
    benchmark::AddCustomContext(
        "model", runner->model_id() + " " + runner->model_version() + " (" + dir + ")");
    benchmark::AddCustomContext("device", runner->device_name());
    benchmark::RegisterBenchmark("BM_Prefill", stori::model::BM_Prefill, runner.get())
        ->ArgName("threads")
        ->Arg(1)
        ->Arg(2)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_Step", stori::model::BM_Step, runner.get())
        ->ArgNames({"batch", "threads"})
        ->ArgsProduct({{1, 3, 10}, {1, 2}})
        ->Unit(benchmark::kMillisecond);
  } else {
    std::cerr << "model_bench: no model at " << dir
              << "/model.pt (set STORI_MODEL_DIR); nothing registered\n";
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
