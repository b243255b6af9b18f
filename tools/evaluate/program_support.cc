#include "tools/evaluate/program_support.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"

namespace stori::tools {

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "error: %s\n", status.ToString().c_str());
  return 1;
}

absl::StatusOr<std::unique_ptr<model::ModelRunner>> LoadWarmModel(const std::string& model_dir,
                                                                  model::Device device) {
  model::ModelRunnerOptions options;
  options.model_dir = model_dir;
  options.device = device;
  absl::StatusOr<std::unique_ptr<model::ModelRunner>> runner = model::ModelRunner::Load(options);
  if (!runner.ok()) return runner.status();
  if (absl::Status s = (*runner)->Warmup(); !s.ok()) return s;
  spdlog::info("event=model_loaded model_id={} version={} device={}", (*runner)->model_id(),
               (*runner)->model_version(), (*runner)->device_name());
  return runner;
}

absl::StatusOr<evaluate::ServedSelection> HeldOutSections(
    const std::string& pop909, const std::string& groove,
    const evaluate::TestWindowOptions& options, int count) {
  absl::StatusOr<std::vector<evaluate::EvaluationWindow>> windows =
      evaluate::PairedPop909TestWindows(pop909, groove, options);
  if (!windows.ok()) return windows.status();
  evaluate::ServedSelection selection = evaluate::SelectServedSections(
      *std::move(windows), count > 0 ? count : std::numeric_limits<int>::max());
  selection.split = options.split;
  spdlog::info(
      "event=held_out_sections split={} pop909_windows={} eligible={} stride={} selected={}",
      evaluate::HeldOutSplitName(options.split), selection.windows, selection.eligible, selection.stride,
               selection.sections.size());
  if (selection.sections.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("no eligible ", options.bars, "-bar ",
                     evaluate::HeldOutSplitName(options.split), " windows in ", pop909));
  }
  return selection;
}

absl::StatusOr<evaluate::HeldOutSplit> ParseHeldOutSplit(const std::string& name) {
  if (name == "test") return evaluate::HeldOutSplit::kTest;
  if (name == "validation") return evaluate::HeldOutSplit::kValidation;
  return absl::InvalidArgumentError(
      absl::StrCat("--split: \"", name, "\"; expected test or validation"));
}

absl::Status WriteReportFiles(const std::string& dir,
                              const std::vector<std::pair<std::string, std::string>>& files) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return absl::InternalError(absl::StrCat("cannot create ", dir, ": ", ec.message()));
  for (const auto& [name, contents] : files) {
    const std::string path = (std::filesystem::path(dir) / name).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << contents;
    out.close();
    if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

}  // namespace stori::tools
