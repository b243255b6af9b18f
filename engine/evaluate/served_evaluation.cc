#include "engine/evaluate/served_evaluation.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/evaluate/bootstrap_interval.h"
#include "engine/evaluate/served_metrics.h"
#include "engine/evaluate/served_window.h"
#include "engine/generate/section_generator.h"
#include "engine/refine/dimension_refinement.h"
#include "engine/sampling/rng.h"
#include "spdlog/spdlog.h"

namespace stori::evaluate {
namespace {

// (role, metric) -> one value per section (nullopt where the measure is undefined).
using SectionValues = std::map<std::pair<std::string, std::string>,
                               std::vector<absl::optional<double>>>;

// The measures of every track of windows[i], with the drums of windows[i + 1] (cyclically) as
// the shuffled drums.
SectionValues MeasureAll(const std::vector<const tokens::RemiWindow*>& windows) {
  SectionValues values;
  const std::size_t n = windows.size();
  for (std::size_t i = 0; i < n; ++i) {
    const tokens::RemiWindow& w = *windows[i];
    const tokens::TrackSegment* other_drums =
        n > 1 ? tokens::FindTrack(*windows[(i + 1) % n], tokens::TokenRole::kDrums) : nullptr;
    for (const tokens::TrackSegment& t : w.tracks) {
      const std::string role = RoleName(t.role);
      for (const MetricValue& v : ServedTrackMetrics(w, t, other_drums)) {
        std::vector<absl::optional<double>>& per_section = values[{role, v.name}];
        per_section.resize(n);
        per_section[i] = v.value;
      }
    }
  }
  return values;
}

// Mean over the sections where the measure is defined, and their number.
std::pair<double, int> MeanOf(const std::vector<absl::optional<double>>& values) {
  double sum = 0;
  int n = 0;
  for (const absl::optional<double>& v : values) {
    if (v) sum += *v, ++n;
  }
  return {n > 0 ? sum / n : 0.0, n};
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
}

}  // namespace

absl::StatusOr<ServedReport> EvaluateServed(const model::ModelRunner& runner,
                                            const ServedSelection& selection,
                                            const ServedEvaluationOptions& options,
                                            const RunContext& ctx) {
  const absl::Time start = absl::Now();
  // As server/neural_section_engine.cc (default options) unless the caller ablates one.
  const generate::SectionGenerator generator(runner, options.generator_options);
  const std::vector<EvaluationWindow>& sections = selection.sections;
  ServedReport report;
  report.model_id = runner.model_id();
  report.model_version = runner.model_version();
  report.device = runner.device_name();
  report.bars_per_window = generator.bars_per_window();
  report.generator_options = options.generator_options;
  report.seed = options.seed;
  report.split = selection.split;
  report.windows = selection.windows;
  report.eligible = selection.eligible;
  report.stride = selection.stride;
  if (!sections.empty()) report.bars = sections.front().window.bars;
  std::vector<const tokens::RemiWindow*> real;
  for (const EvaluationWindow& s : sections) {
    report.sources.push_back(s.source);
    real.push_back(&s.window);
  }
  const SectionValues real_values = MeasureAll(real);

  for (const ServedConfiguration& config : options.configurations) {
    ServedConfigurationReport k;
    k.emotion_name = config.emotion.name;
    k.emotion = config.emotion.emotion;
    k.preset = PresetName(config.preset);
    k.candidates = NumCandidates(config.preset);
    std::vector<tokens::RemiWindow> served;
    std::vector<double> ms;
    double tokens_decoded = 0;
    for (std::size_t i = 0; i < sections.size(); ++i) {
      const EvaluationWindow& s = sections[i];
      auto request = ServedSectionRequest(s.window, s.source, config.emotion.emotion, config.preset,
                                          sampling::Rng::Derive(options.seed, i, 0));
      if (!request.ok()) return request.status();
      const absl::Time section_start = absl::Now();
      auto result = refine::GenerateRefined(generator, *request, ctx);
      if (!result.ok()) {
        return absl::Status(result.status().code(),
                            absl::StrCat(s.source, ": ", result.status().message()));
      }
      ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - section_start));
      tokens_decoded += result->timings.tokens_decoded;
      served.push_back(ServedWindow(s.window, *result));
      if (options.log_every_sections > 0 &&
          ((i + 1) % options.log_every_sections == 0 || i + 1 == sections.size())) {
        spdlog::info(
            "event=evaluate_served_progress emotion={} preset={} sections_done={} sections={} "
            "last_source={} last_generate_ms={:.0f}",
            k.emotion_name, k.preset, i + 1, sections.size(), s.source, ms.back());
      }
    }
    std::vector<const tokens::RemiWindow*> served_ptrs;
    for (const tokens::RemiWindow& w : served) served_ptrs.push_back(&w);
    const SectionValues generated_values = MeasureAll(served_ptrs);
    for (const char* role : kServedRoles) {
      for (const std::string& metric : ServedMetricNames(role)) {
        std::vector<absl::optional<double>> r(sections.size()), g(sections.size());
        if (auto it = real_values.find({role, metric}); it != real_values.end()) r = it->second;
        if (auto it = generated_values.find({role, metric}); it != generated_values.end()) {
          g = it->second;
        }
        ServedMetricRow row;
        row.role = role;
        row.metric = metric;
        std::tie(row.real, row.real_n) = MeanOf(r);
        std::tie(row.generated, row.generated_n) = MeanOf(g);
        if (row.real_n == 0 && row.generated_n == 0) continue;
        if (row.real_n > 0 && row.generated_n > 0 && row.real != 0) {
          row.relative_difference_percent = (row.generated - row.real) / std::abs(row.real) * 100;
          auto interval = BootstrapRelativeDifference(r, g);
          if (!interval.ok()) return interval.status();
          row.difference_interval = *interval;
        }
        k.rows.push_back(std::move(row));
      }
    }
    k.sections = static_cast<int>(sections.size());
    double total_ms = 0;
    for (double m : ms) total_ms += m;
    k.generate_s_total = total_ms / 1000;
    k.generate_ms_mean = ms.empty() ? 0 : total_ms / ms.size();
    k.generate_ms_p50 = Median(ms);
    k.tokens_decoded_mean = ms.empty() ? 0 : tokens_decoded / ms.size();
    report.configurations.push_back(std::move(k));
  }
  report.total_s = absl::ToDoubleSeconds(absl::Now() - start);
  return report;
}

}  // namespace stori::evaluate
