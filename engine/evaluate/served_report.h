// The as-served evaluation's result (issue 15 point 1): per configuration (EmotionVector x
// quality preset) the measures of served_metrics.h on the served sections next to the same
// measures of the real windows they were requested for, and the generation times; rendered as
// JSON (evaluation.json) and markdown (evaluation.md). Filled by served_evaluation.h.
#ifndef STORI_ENGINE_EVALUATE_SERVED_REPORT_H_
#define STORI_ENGINE_EVALUATE_SERVED_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/types/optional.h"
#include "engine/evaluate/bootstrap_interval.h"
#include "engine/evaluate/test_windows.h"
#include "engine/generate/section_generator.h"
#include "engine/section/section_request.h"

namespace stori::evaluate {

// Cells whose generated mean lies more than this far from the real mean, in percent of the real
// mean, are marked in the markdown (issue 15 point 2's target: every cell within 10%).
inline constexpr double kMarkedDifferencePercent = 10.0;

// One measure of one role: means over the sections where it is defined.
struct ServedMetricRow {
  std::string role;    // "drums", "bass", "harmony", "melody"
  std::string metric;  // served_metrics.h names
  double real = 0;
  int real_n = 0;  // sections where the real track's measure is defined
  double generated = 0;
  int generated_n = 0;
  // (generated - real) / |real| * 100; nullopt when real is 0 or either side has no value.
  absl::optional<double> relative_difference_percent;
  // The 95% paired bootstrap interval of relative_difference_percent over the sections
  // (bootstrap_interval.h): the difference the choice of held-out sections alone could make.
  absl::optional<PercentInterval> difference_interval;
};

struct ServedConfigurationReport {
  std::string emotion_name;  // "neutral", "stori_default"
  EmotionVector emotion;
  std::string preset;  // "FAST", "BALANCED", "QUALITY"
  int candidates = 1;
  int sections = 0;
  std::vector<ServedMetricRow> rows;  // role order, then ServedMetricNames order
  // Wall time of SectionGenerator::Generate, this process, one section after the other.
  double generate_ms_mean = 0;
  double generate_ms_p50 = 0;
  double generate_s_total = 0;
  double tokens_decoded_mean = 0;
};

struct ServedReport {
  std::string model_id;
  std::string model_version;
  std::string device;
  std::uint64_t seed = 0;
  int bars = 8;
  // The decoding window in bars (SectionGenerator::bars_per_window: the model's, unless the
  // options set one) and the generator's options (context bars, echo, repeat, off-8th and kick
  // biases), which the report prints.
  int bars_per_window = 4;
  generate::SectionGeneratorOptions generator_options;
  HeldOutSplit split = HeldOutSplit::kTest;  // the held-out songs the windows come from
  int windows = 0;                   // 8-bar windows of the split's POP909 songs
  int eligible = 0;                  // of them served_sections.h ServedEligible
  int stride = 1;                    // every stride-th eligible window was requested
  std::vector<std::string> sources;  // the requested windows, in order
  std::vector<ServedConfigurationReport> configurations;
  double total_s = 0;  // the whole evaluation, wall
};

// Whether the row's difference lies beyond kMarkedDifferencePercent with 95% confidence: its
// whole bootstrap interval lies outside [-kMarkedDifferencePercent, +kMarkedDifferencePercent].
bool ClearlyOff(const ServedMetricRow& row);

// Upper-case preset name: "FAST", "BALANCED", "QUALITY".
const char* PresetName(QualityPreset preset);

// JSON object with keys model, settings, sections, configurations, total_s. Everything but the
// timings is a pure function of (model, windows, seed, configurations).
std::string ServedReportJson(const ServedReport& report);

// Markdown: how the requests were made, then per configuration a role x metric table (real,
// generated, relative difference and its 95% bootstrap interval; cells more than
// kMarkedDifferencePercent off in bold) with its count of marked cells, of them those clearly
// off (ClearlyOff), and its timing.
std::string ServedReportMarkdown(const ServedReport& report);

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_SERVED_REPORT_H_
