// The model-card evaluation's result (generated vs real measures, attribute control accuracy,
// decode timings) and its two renderings: JSON (evaluation.json) and a markdown table
// (evaluation.md). Filled by model_evaluation.h.
#ifndef STORI_ENGINE_EVALUATE_EVALUATION_REPORT_H_
#define STORI_ENGINE_EVALUATE_EVALUATION_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/types/optional.h"

namespace stori::evaluate {

// One measure of one group (window_metrics.h): means over the windows where it is defined.
struct MetricRow {
  std::string group;   // "drums", "bass", "harmony", "melody", "pitched_mix"
  std::string metric;  // window_metrics.h names
  double generated = 0;
  int generated_n = 0;  // windows where the generated track's measure is defined
  double real = 0;
  int real_n = 0;
  // (generated - real) / |real| * 100; nullopt when real is 0 or either side has no value.
  absl::optional<double> relative_difference_percent;
};

// Attribute control accuracy (engine/score/attribute_control_accuracy.h) of one
// attribute of one role ("all": every role's tracks together): generated tracks whose measured
// bin equals the requested (= real) bin.
struct ControlRow {
  std::string role;
  std::string attribute;      // score::AttributeName
  int n = 0;                  // tracks
  double accuracy = 0;        // 0..1
  double within_one_bin = 0;  // 0..1, |measured - requested| <= 1
  double real_accuracy = 0;   // the same check on the real tracks: 1 unless bins drifted
};

// Decode cost per set of windows (wall time, this process, one window after the other).
struct SetTiming {
  std::string set;  // "pop909" (bass + harmony + melody) or "groove" (drums)
  int windows = 0;
  double decode_ms_mean = 0;  // per window
  double tokens_decoded_mean = 0;
  double ms_per_token = 0;
};

struct EvaluationReport {
  std::string model_id;
  std::string model_version;
  std::string device;
  std::uint64_t seed = 0;
  float temperature = 1.0f;
  float top_p = 0.95f;
  bool empty_beat_bounds = false;  // WindowGenerationOptions::empty_beat_bounds
  int pop909_windows = 0;
  int groove_windows = 0;
  std::vector<std::string> sources;  // the evaluated windows, in order
  std::vector<MetricRow> metrics;
  std::vector<ControlRow> controls;
  std::vector<SetTiming> timings;
  double decode_ms_mean = 0;  // over all windows
  double decode_s_total = 0;
};

// JSON object with keys model, settings, windows, metrics, attribute_control_accuracy, timings.
// Everything but "timings" is a pure function of (model, windows, seed, settings).
std::string ReportJson(const EvaluationReport& report);

// Markdown: a header, the generated | real | relative difference table, the control accuracy
// table and the timings.
std::string ReportMarkdown(const EvaluationReport& report);

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_EVALUATION_REPORT_H_
