// stori-evaluate-model: the model-card evaluation of a shipped model on held-out windows
// (engine/evaluate/model_evaluation.h); writes <out>/evaluation.json and <out>/evaluation.md
// and prints the markdown.
//
//   stori-evaluate-model --model_dir models/stori-remi/v3 --pop909 ../shared/data/pop909
//       --groove ../shared/data/groove --out models/stori-remi/v3 [--max_pop909_windows 150]
//       [--max_groove_windows 100] [--seed 1] [--temperature 1.0] [--top_p 0.95] [--device cpu]
//
// The window sample and every generated note are fixed by --seed; only the timings vary.
// Torch's thread count follows OMP_NUM_THREADS (models/evaluate_model.sh sets 1).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/evaluate/evaluation_report.h"
#include "engine/evaluate/model_evaluation.h"
#include "engine/evaluate/test_windows.h"
#include "engine/model/model_runner.h"
#include "engine/sampling/rng.h"
#include "spdlog/spdlog.h"
#include "tools/evaluate/program_support.h"

ABSL_FLAG(std::string, model_dir, "", "model folder (model.pt, config.json, vocab.json)");
ABSL_FLAG(std::string, pop909, "", "POP909 folder (NNN/NNN.mid + annotations); empty skips it");
ABSL_FLAG(std::string, groove, "", "Groove MIDI Dataset folder (info.csv); empty skips it");
ABSL_FLAG(std::string, out, "", "folder for evaluation.json and evaluation.md");
ABSL_FLAG(int, max_pop909_windows, 150, "seeded sample size of POP909 test windows");
ABSL_FLAG(int, max_groove_windows, 100, "seeded sample size of Groove test windows");
ABSL_FLAG(int, bars, 4, "window length in bars (the training windows' length)");
ABSL_FLAG(uint64_t, seed, 1, "seed of the window sample and of the generation");
ABSL_FLAG(double, temperature, 1.0, "sampling temperature (> 0)");
ABSL_FLAG(double, top_p, 0.95, "nucleus sampling mass (0, 1]");
ABSL_FLAG(bool, empty_beat_bounds, false,
          "keep each track's empty beats in its requested EmptyBeats bin, as the service does");
ABSL_FLAG(std::string, device, "cpu", "cpu, cuda, mps or auto");

namespace {

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  namespace ev = stori::evaluate;
using stori::tools::Fail;
  const std::string out = absl::GetFlag(FLAGS_out);
  const std::string model_dir = absl::GetFlag(FLAGS_model_dir);
  if (out.empty() || model_dir.empty()) {
    return Fail(absl::InvalidArgumentError("--model_dir and --out are required"));
  }
  const double temperature = absl::GetFlag(FLAGS_temperature);
  const double top_p = absl::GetFlag(FLAGS_top_p);
  if (!(temperature > 0) || !(top_p > 0 && top_p <= 1)) {
    return Fail(absl::InvalidArgumentError(absl::StrCat(
        "--temperature=", temperature, " --top_p=", top_p, ": expected > 0 and in (0, 1]")));
  }
  auto device = stori::model::ParseDevice(absl::GetFlag(FLAGS_device));
  if (!device.ok()) return Fail(device.status());
  const std::uint64_t seed = absl::GetFlag(FLAGS_seed);

  const absl::Time start = absl::Now();
  ev::TestWindowOptions window_options;
  window_options.bars = absl::GetFlag(FLAGS_bars);
  std::vector<ev::EvaluationWindow> windows;
  // Sample seeds: Derive(seed, 1, 0) for POP909, Derive(seed, 2, 0) for Groove.
  auto add = [&](const char* set, absl::StatusOr<std::vector<ev::EvaluationWindow>> all,
                 int max_windows, std::uint64_t stream) -> absl::Status {
    if (!all.ok()) return all.status();
    const std::size_t total = all->size();
    auto sample = ev::SampleWindows(std::move(*all), max_windows,
                                    stori::sampling::Rng::Derive(seed, stream, 0));
    spdlog::info("event=test_windows set={} windows={} sampled={}", set, total, sample.size());
    for (ev::EvaluationWindow& w : sample) windows.push_back(std::move(w));
    return absl::OkStatus();
  };
  // Groove first: its test windows are also the drum pool the POP909 test windows are paired
  // with, as in dataset preparation.
  std::vector<stori::tokens::RemiWindow> drum_pool;
  if (const std::string groove = absl::GetFlag(FLAGS_groove); !groove.empty()) {
    auto all = ev::GrooveTestWindows(groove, window_options);
    if (all.ok()) {
      for (const ev::EvaluationWindow& w : *all) drum_pool.push_back(w.window);
    }
    auto s = add("groove", std::move(all), absl::GetFlag(FLAGS_max_groove_windows), 2);
    if (!s.ok()) return Fail(s);
  }
  if (const std::string pop = absl::GetFlag(FLAGS_pop909); !pop.empty()) {
    ev::TestWindowOptions pop_options = window_options;
    if (!drum_pool.empty()) pop_options.drum_pool = &drum_pool;
    auto s = add("pop909", ev::Pop909TestWindows(pop, pop_options),
                 absl::GetFlag(FLAGS_max_pop909_windows), 1);
    if (!s.ok()) return Fail(s);
  }
  if (windows.empty()) {
    return Fail(absl::InvalidArgumentError("no test windows: give --pop909 and/or --groove"));
  }
  const double windows_s = absl::ToDoubleSeconds(absl::Now() - start);

  auto runner = stori::tools::LoadWarmModel(model_dir, *device);
  if (!runner.ok()) return Fail(runner.status());
  spdlog::info("event=windows_loaded windows={} windows_load_s={:.1f}", windows.size(), windows_s);

  ev::EvaluationOptions options;
  options.seed = seed;
  options.generation.sampler.temperature = static_cast<float>(temperature);
  options.generation.sampler.top_p = static_cast<float>(top_p);
  options.generation.empty_beat_bounds = absl::GetFlag(FLAGS_empty_beat_bounds);
  auto report = ev::EvaluateModel(**runner, windows, options, stori::RunContext{});
  if (!report.ok()) return Fail(report.status());

  const std::string markdown = ev::ReportMarkdown(*report);
  if (absl::Status s = stori::tools::WriteReportFiles(
          out, {{"evaluation.json", ev::ReportJson(*report)}, {"evaluation.md", markdown}});
      !s.ok()) {
    return Fail(s);
  }
  std::printf("%s", markdown.c_str());
  spdlog::info("event=evaluation_written out={} windows={} total_s={:.1f}", out, windows.size(),
               absl::ToDoubleSeconds(absl::Now() - start));
  return 0;
}
