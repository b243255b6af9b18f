#include "engine/evaluate/served_evaluation.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/evaluate/served_metrics.h"
#include "engine/evaluate/served_window.h"
#include "engine/generate/section_generator.h"
#include "engine/refine/dimension_refinement.h"
#include "engine/sampling/rng.h"
#include "spdlog/spdlog.h"

namespace stori::evaluate {
namespace {

struct Mean {
  double sum = 0;
  int n = 0;
  void Add(const absl::optional<double>& v) {
    if (v) sum += *v, ++n;
  }
  double value() const { return n > 0 ? sum / n : 0.0; }
};

// (role, metric) -> mean over sections.
using Means = std::map<std::pair<std::string, std::string>, Mean>;

// Adds the measures of every track of windows[i], with the drums of windows[i + 1] (cyclically)
// as the shuffled drums.
Means MeasureAll(const std::vector<const tokens::RemiWindow*>& windows) {
  Means means;
  const std::size_t n = windows.size();
  for (std::size_t i = 0; i < n; ++i) {
    const tokens::RemiWindow& w = *windows[i];
    const tokens::TrackSegment* other_drums =
        n > 1 ? tokens::FindTrack(*windows[(i + 1) % n], tokens::TokenRole::kDrums) : nullptr;
    for (const tokens::TrackSegment& t : w.tracks) {
      const std::string role = RoleName(t.role);
      for (const MetricValue& v : ServedTrackMetrics(w, t, other_drums)) {
        means[{role, v.name}].Add(v.value);
      }
    }
  }
  return means;
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
  report.bars_per_window = options.generator_options.bars_per_window;
  report.context_bars = options.generator_options.context_bars;
  report.phrase_echo_bias = options.generator_options.phrase_echo_bias;
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
  const Means real_means = MeasureAll(real);

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
    const Means generated_means = MeasureAll(served_ptrs);
    for (const char* role : kServedRoles) {
      for (const std::string& metric : ServedMetricNames(role)) {
        const auto r = real_means.find({role, metric});
        const auto g = generated_means.find({role, metric});
        ServedMetricRow row;
        row.role = role;
        row.metric = metric;
        if (r != real_means.end()) row.real = r->second.value(), row.real_n = r->second.n;
        if (g != generated_means.end()) {
          row.generated = g->second.value(), row.generated_n = g->second.n;
        }
        if (row.real_n == 0 && row.generated_n == 0) continue;
        if (row.real_n > 0 && row.generated_n > 0 && row.real != 0) {
          row.relative_difference_percent = (row.generated - row.real) / std::abs(row.real) * 100;
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
