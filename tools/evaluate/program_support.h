// What the evaluation programs of tools/evaluate/ share: the exit on error, the model loaded and
// warmed, the held-out sections they request, and their report files written.
#ifndef STORI_TOOLS_EVALUATE_PROGRAM_SUPPORT_H_
#define STORI_TOOLS_EVALUATE_PROGRAM_SUPPORT_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/evaluate/served_sections.h"
#include "engine/evaluate/test_windows.h"
#include "engine/model/model_runner.h"

namespace stori::tools {

// Prints "error: <status>" on stderr and returns the programs' failure exit status, 1.
int Fail(const absl::Status& status);

// The model of `model_dir` (model.pt, config.json, vocab.json) loaded on `device` and warmed up;
// logs event=model_loaded. Errors: model::ModelRunner::Load's and Warmup's.
absl::StatusOr<std::unique_ptr<model::ModelRunner>> LoadWarmModel(const std::string& model_dir,
                                                                  model::Device device);

// The held-out sections the as-served evaluations request: the POP909 windows of `options`
// (options.split: test, or validation for fitting) with that split's Groove drums paired in as dataset preparation pairs them
// (evaluate::PairedPop909TestWindows), every Nth eligible one, at most `count` (<= 0: all;
// evaluate::SelectServedSections). Errors: the windows' (a missing folder, an unreadable file)
// and kInvalidArgument when none is eligible.
absl::StatusOr<evaluate::ServedSelection> HeldOutSections(
    const std::string& pop909, const std::string& groove,
    const evaluate::TestWindowOptions& options, int count);

// The --split flag's value: "test" or "validation". Errors: kInvalidArgument naming the value.
absl::StatusOr<evaluate::HeldOutSplit> ParseHeldOutSplit(const std::string& name);

// Creates `dir` if needed and writes each {file name, contents} into it.
// Errors: kInternal naming the folder or file that could not be written.
absl::Status WriteReportFiles(const std::string& dir,
                              const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace stori::tools

#endif  // STORI_TOOLS_EVALUATE_PROGRAM_SUPPORT_H_
