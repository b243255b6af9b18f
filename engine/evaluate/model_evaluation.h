// The model-card evaluation (models/stori-remi/v3/MODEL_CARD.md: the objective metrics on
// held-out songs next to the same metrics of the real held-out music): every window is generated again by the
// model under teacher-forced controls (window_generator.h), then each measure of
// window_metrics.h is averaged over the generated tracks and over the real tracks of the same
// windows, and attribute control accuracy (score/attribute_control_accuracy.h) compares each
// generated track's measured bins (tokens::AttributeBinsOf(MeasureTrack(notes, bars))) with the
// requested ones, per attribute and role.
#ifndef STORI_ENGINE_EVALUATE_MODEL_EVALUATION_H_
#define STORI_ENGINE_EVALUATE_MODEL_EVALUATION_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/common/run_context.h"
#include "engine/evaluate/evaluation_report.h"
#include "engine/evaluate/test_windows.h"
#include "engine/evaluate/window_generator.h"
#include "engine/model/model_runner.h"

namespace stori::evaluate {

struct EvaluationOptions {
  WindowGenerationOptions generation;
  // Window i is generated from seed Rng::Derive(seed, i, 0): a report is a pure function of
  // (model, windows, options) apart from its timings.
  std::uint64_t seed = 1;
  int log_every_windows = 10;  // spdlog info progress line every N windows; 0: none
};

// Evaluates `runner` on `windows` (any mix of sets; test_windows.h gives the held-out ones).
// Means skip windows where a measure is undefined (see MetricRow's counts); rows with no value
// on either side are left out. Drum controls cover density, velocity_level, syncopation and
// polyphony only (the drum track's attribute tokens, remi_encoder.h).
// Errors: GenerateLikeWindow's, prefixed with the window's source.
// Thread safety: thread-compatible; the runner is shared.
absl::StatusOr<EvaluationReport> EvaluateModel(const model::ModelRunner& runner,
                                               const std::vector<EvaluationWindow>& windows,
                                               const EvaluationOptions& options,
                                               const RunContext& ctx);

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_MODEL_EVALUATION_H_
