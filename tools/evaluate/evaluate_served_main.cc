// stori-evaluate-served: the as-served evaluation (engine/evaluate/served_evaluation.h, issue 15
// point 1) of a shipped model on requests built from held-out POP909 songs; writes
// <out>/evaluation.json and <out>/evaluation.md and prints the markdown.
//
//   stori-evaluate-served --model_dir models/stori-remi/v3 --pop909 ../shared/data/pop909
//       --groove ../shared/data/groove [--out models/stori-remi/v3/as_served] [--sections 60]
//       [--emotions neutral,stori_default] [--presets fast,balanced] [--seed 1] [--device cpu]
//
// The selected sections and every generated note are fixed by the flags; only the timings vary.
// Torch's thread count follows OMP_NUM_THREADS (models/evaluate_served.sh sets 1).
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/evaluate/served_evaluation.h"
#include "engine/evaluate/served_report.h"
#include "engine/evaluate/served_request.h"
#include "engine/evaluate/served_sections.h"
#include "engine/evaluate/test_windows.h"
#include "engine/model/model_runner.h"
#include "spdlog/spdlog.h"
#include "tools/evaluate/program_support.h"

ABSL_FLAG(std::string, model_dir, "", "model folder (model.pt, config.json, vocab.json)");
ABSL_FLAG(std::string, pop909, "", "POP909 folder (NNN/NNN.mid + annotations)");
ABSL_FLAG(std::string, groove, "", "Groove MIDI Dataset folder (info.csv): the real drums");
ABSL_FLAG(std::string, out, "models/stori-remi/v3/as_served",
          "folder for evaluation.json and evaluation.md");
ABSL_FLAG(int, sections, 240,
          "sections to request: every Nth eligible test window, N = eligible / "
          "sections (240: 60 left 95% intervals of +-20-50% on many cells)");
ABSL_FLAG(int, bars, 8, "bars per section (and per real window)");
ABSL_FLAG(std::string, emotions, "neutral,stori_default",
          "EmotionVectors, comma-separated: neutral (0.5, 0, 0.5, 0.5, 0.5), stori_default "
          "(0.5, 0, 0.3, 0.5, 0.5)");
ABSL_FLAG(std::string, presets, "fast,balanced",
          "quality presets, comma-separated: fast, "
          "balanced, quality");
ABSL_FLAG(uint64_t, seed, 1, "section i is generated with seed Rng::Derive(seed, i, 0)");
ABSL_FLAG(double, drum_share, 1.0,
          "share of real windows given a Groove drum track (dataset/drum_pairing.h); windows "
          "without one are not requested");
ABSL_FLAG(uint64_t, dataset_seed, 1, "manifest.json seed: the drum pairing's seeds per song");
ABSL_FLAG(std::string, split, "test",
          "held-out songs: test (the report) or validation (to fit decoding controls on songs "
          "the report does not use)");
ABSL_FLAG(std::string, device, "cpu", "cpu, cuda, mps or auto");
ABSL_FLAG(int, context_bars, stori::generate::SectionGeneratorOptions().context_bars,
          "ablation: bars of context each later decoding window starts with "
          "(SectionGeneratorOptions::context_bars; 0: independent windows)");
ABSL_FLAG(int, bars_per_window, 0,
          "ablation: SectionGeneratorOptions::bars_per_window, the decoding window in bars "
          "(0: the model's training window, config.json bars_per_window)");
ABSL_FLAG(std::string, phrase_echo_bias, "",
          "ablation: SectionGeneratorOptions::phrase_echo_bias as drums,bass,harmony,melody "
          "nats (empty: the generator's default)");
ABSL_FLAG(std::string, phrase_echo_pitch_bias, "",
          "ablation: SectionGeneratorOptions::phrase_echo_pitch_bias, as --phrase_echo_bias");
ABSL_FLAG(std::string, repeated_pitch_bias, "",
          "ablation: SectionGeneratorOptions::repeated_pitch_bias, as --phrase_echo_bias");
ABSL_FLAG(std::string, bar_echo_bias, "",
          "ablation: SectionGeneratorOptions::bar_echo_bias, as --phrase_echo_bias");
ABSL_FLAG(std::string, off_eighth_bias, "",
          "ablation: SectionGeneratorOptions::off_eighth_bias, as --phrase_echo_bias");
ABSL_FLAG(double, kick_bias, stori::generate::SectionGeneratorOptions().kick_bias,
          "ablation: SectionGeneratorOptions::kick_bias (nats on the kick drum's keys)");

namespace {

namespace ev = stori::evaluate;
using stori::tools::Fail;

absl::StatusOr<std::vector<ev::ServedConfiguration>> Configurations() {
  std::vector<ev::NamedEmotion> emotions;
  for (absl::string_view e :
       absl::StrSplit(absl::GetFlag(FLAGS_emotions), ',', absl::SkipEmpty())) {
    const std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(e));
    if (name == "neutral") {
      emotions.push_back(ev::NeutralEmotion());
    } else if (name == "stori_default") {
      emotions.push_back(ev::StoriDefaultEmotion());
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("--emotions: \"", name, "\"; expected neutral or stori_default"));
    }
  }
  std::vector<stori::QualityPreset> presets;
  for (absl::string_view p : absl::StrSplit(absl::GetFlag(FLAGS_presets), ',', absl::SkipEmpty())) {
    const std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(p));
    if (name == "fast") {
      presets.push_back(stori::QualityPreset::kFast);
    } else if (name == "balanced") {
      presets.push_back(stori::QualityPreset::kBalanced);
    } else if (name == "quality") {
      presets.push_back(stori::QualityPreset::kQuality);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("--presets: \"", name, "\"; expected fast, balanced or quality"));
    }
  }
  std::vector<ev::ServedConfiguration> out;
  for (const ev::NamedEmotion& e : emotions) {
    for (stori::QualityPreset p : presets) out.push_back({e, p});
  }
  if (out.empty()) return absl::InvalidArgumentError("--emotions and --presets give nothing");
  return out;
}

// Parses "d,b,h,m" (nats per token role) into *into; empty leaves it as it is.
absl::Status ParseRoleBiases(const std::string& text, const char* flag,
                             std::array<float, 4>* into) {
  if (text.empty()) return absl::OkStatus();
  const std::vector<std::string> parts = absl::StrSplit(text, ',');
  if (parts.size() != 4) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--", flag, ": \"", text, "\"; expected 4 numbers (drums,bass,harmony,melody)"));
  }
  for (int r = 0; r < 4; ++r) {
    if (!absl::SimpleAtof(parts[r], &(*into)[r])) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", flag, ": \"", parts[r], "\" is not a number"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string out = absl::GetFlag(FLAGS_out);
  const std::string model_dir = absl::GetFlag(FLAGS_model_dir);
  const std::string pop909 = absl::GetFlag(FLAGS_pop909);
  const std::string groove = absl::GetFlag(FLAGS_groove);
  if (out.empty() || model_dir.empty() || pop909.empty() || groove.empty()) {
    return Fail(
        absl::InvalidArgumentError("--model_dir, --pop909, --groove and --out are required"));
  }
  auto configurations = Configurations();
  if (!configurations.ok()) return Fail(configurations.status());
  auto device = stori::model::ParseDevice(absl::GetFlag(FLAGS_device));
  if (!device.ok()) return Fail(device.status());

  const absl::Time start = absl::Now();
  ev::TestWindowOptions window_options;
  window_options.bars = absl::GetFlag(FLAGS_bars);
  window_options.max_tokens = std::numeric_limits<int>::max();  // a request has no token limit
  window_options.drum_share = absl::GetFlag(FLAGS_drum_share);
  auto split = stori::tools::ParseHeldOutSplit(absl::GetFlag(FLAGS_split));
  if (!split.ok()) return Fail(split.status());
  window_options.split = *split;
  window_options.dataset_seed = absl::GetFlag(FLAGS_dataset_seed);
  // POP909 test windows with Groove's test drums paired in, as in dataset preparation
  // (tools/evaluate/evaluate_model_main.cc pairs them the same way).
  auto selection = stori::tools::HeldOutSections(pop909, groove, window_options,
                                                 absl::GetFlag(FLAGS_sections));
  if (!selection.ok()) return Fail(selection.status());
  auto runner = stori::tools::LoadWarmModel(model_dir, *device);
  if (!runner.ok()) return Fail(runner.status());

  ev::ServedEvaluationOptions options;
  options.configurations = *std::move(configurations);
  options.seed = absl::GetFlag(FLAGS_seed);
  options.generator_options.context_bars = absl::GetFlag(FLAGS_context_bars);
  options.generator_options.bars_per_window = absl::GetFlag(FLAGS_bars_per_window);
  options.generator_options.kick_bias = static_cast<float>(absl::GetFlag(FLAGS_kick_bias));
  for (auto [flag, name, into] :
       {std::make_tuple(absl::GetFlag(FLAGS_phrase_echo_bias), "phrase_echo_bias",
                        &options.generator_options.phrase_echo_bias),
        std::make_tuple(absl::GetFlag(FLAGS_phrase_echo_pitch_bias), "phrase_echo_pitch_bias",
                        &options.generator_options.phrase_echo_pitch_bias),
        std::make_tuple(absl::GetFlag(FLAGS_repeated_pitch_bias), "repeated_pitch_bias",
                        &options.generator_options.repeated_pitch_bias),
        std::make_tuple(absl::GetFlag(FLAGS_bar_echo_bias), "bar_echo_bias",
                        &options.generator_options.bar_echo_bias),
        std::make_tuple(absl::GetFlag(FLAGS_off_eighth_bias), "off_eighth_bias",
                        &options.generator_options.off_eighth_bias)}) {
    if (absl::Status s = ParseRoleBiases(flag, name, into); !s.ok()) return Fail(s);
  }
  auto report = ev::EvaluateServed(**runner, *selection, options, stori::RunContext{});
  if (!report.ok()) return Fail(report.status());
  report->total_s = absl::ToDoubleSeconds(absl::Now() - start);

  const std::string markdown = ev::ServedReportMarkdown(*report);
  if (absl::Status s = stori::tools::WriteReportFiles(
          out, {{"evaluation.json", ev::ServedReportJson(*report)}, {"evaluation.md", markdown}});
      !s.ok()) {
    return Fail(s);
  }
  std::printf("%s", markdown.c_str());
  spdlog::info("event=evaluation_written out={} sections={} total_s={:.1f}", out,
               selection->sections.size(), report->total_s);
  return 0;
}
