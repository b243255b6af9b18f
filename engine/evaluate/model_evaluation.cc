#include "engine/evaluate/model_evaluation.h"

#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/evaluate/window_metrics.h"
#include "engine/sampling/rng.h"
#include "engine/score/attribute_control_accuracy.h"
#include "engine/tokens/track_attributes.h"
#include "spdlog/spdlog.h"

namespace stori::evaluate {
namespace {

using score::Attribute;

constexpr Attribute kAllAttributes[] = {Attribute::kDensity,       Attribute::kRegister,
                                        Attribute::kVelocityLevel, Attribute::kSyncopation,
                                        Attribute::kPolyphony,     Attribute::kNoteLength,
                                        Attribute::kEmptyBeats};

bool ControlledFor(tokens::TokenRole role, Attribute a) {
  return role != tokens::TokenRole::kDrums ||
         (a != Attribute::kRegister && a != Attribute::kNoteLength);
}

struct Mean {
  double sum = 0;
  int n = 0;
  void Add(const absl::optional<double>& v) {
    if (v) sum += *v, ++n;
  }
  double value() const { return n > 0 ? sum / n : 0.0; }
};

// (group, metric) -> means of both sides.
struct MetricSums {
  std::map<std::pair<std::string, std::string>, std::pair<Mean, Mean>> by_key;
  void Add(const std::string& group, const std::vector<MetricValue>& values, bool generated) {
    for (const MetricValue& v : values) {
      auto& means = by_key[{group, v.name}];
      (generated ? means.first : means.second).Add(v.value);
    }
  }
};

// Requested and measured bins of the tracks of one role (or all roles).
struct ControlPairs {
  std::vector<tokens::AttributeBins> requested, generated, real;
};

double WithinOneBin(const ControlPairs& p, Attribute a) {
  if (p.requested.empty()) return 0.0;
  int hits = 0;
  for (std::size_t i = 0; i < p.requested.size(); ++i) {
    if (std::abs(score::AttributeBin(p.requested[i], a) - score::AttributeBin(p.generated[i], a)) <=
        1) {
      ++hits;
    }
  }
  return static_cast<double>(hits) / p.requested.size();
}

ControlRow ControlRowOf(const std::string& role, const ControlPairs& p, Attribute a) {
  ControlRow row;
  row.role = role;
  row.attribute = score::AttributeName(a);
  row.n = static_cast<int>(p.requested.size());
  row.accuracy = score::AttributeControlAccuracy(p.requested, p.generated, a);
  row.within_one_bin = WithinOneBin(p, a);
  row.real_accuracy = score::AttributeControlAccuracy(p.requested, p.real, a);
  return row;
}

}  // namespace

absl::StatusOr<EvaluationReport> EvaluateModel(const model::ModelRunner& runner,
                                               const std::vector<EvaluationWindow>& windows,
                                               const EvaluationOptions& options,
                                               const RunContext& ctx) {
  const tokens::Vocabulary vocab;
  EvaluationReport report;
  report.model_id = runner.model_id();
  report.model_version = runner.model_version();
  report.device = runner.device_name();
  report.seed = options.seed;
  report.temperature = options.generation.sampler.temperature;
  report.top_p = options.generation.sampler.top_p;
  report.empty_beat_bounds = options.generation.empty_beat_bounds;

  MetricSums sums;
  std::map<tokens::TokenRole, ControlPairs> controls;
  std::map<std::string, std::pair<double, double>> set_ms_tokens;  // set -> (ms, tokens)
  std::map<std::string, int> set_windows;
  for (std::size_t i = 0; i < windows.size(); ++i) {
    const EvaluationWindow& w = windows[i];
    const absl::Time start = absl::Now();
    auto generated = GenerateLikeWindow(runner, vocab, w.window, options.generation,
                                        sampling::Rng::Derive(options.seed, i, 0), ctx);
    if (!generated.ok()) {
      return absl::Status(generated.status().code(),
                          absl::StrCat(w.source, ": ", generated.status().message()));
    }
    const double ms = absl::ToDoubleMilliseconds(absl::Now() - start);
    report.sources.push_back(w.source);
    ++set_windows[w.set];
    set_ms_tokens[w.set].first += ms;
    set_ms_tokens[w.set].second += generated->tokens_decoded;
    (w.set == "groove" ? report.groove_windows : report.pop909_windows) += 1;

    const tokens::RemiWindow& real = w.window;
    const tokens::RemiWindow& gen = generated->window;
    for (std::size_t t = 0; t < real.tracks.size(); ++t) {
      const std::string group = RoleName(real.tracks[t].role);
      sums.Add(group, TrackMetrics(real, real.tracks[t]), /*generated=*/false);
      sums.Add(group, TrackMetrics(gen, gen.tracks[t]), /*generated=*/true);
      ControlPairs& c = controls[real.tracks[t].role];
      c.requested.push_back(real.tracks[t].bins);
      c.generated.push_back(tokens::AttributeBinsOf(
          tokens::MeasureTrack(gen.tracks[t].notes, real.bars, real.steps_per_bar)));
      c.real.push_back(tokens::AttributeBinsOf(
          tokens::MeasureTrack(real.tracks[t].notes, real.bars, real.steps_per_bar)));
    }
    sums.Add("pitched_mix", PitchedMixMetrics(real), /*generated=*/false);
    sums.Add("pitched_mix", PitchedMixMetrics(gen), /*generated=*/true);

    if (options.log_every_windows > 0 &&
        ((i + 1) % options.log_every_windows == 0 || i + 1 == windows.size())) {
      spdlog::info(
          "event=evaluate_progress windows_done={} windows={} last_source={} "
          "last_decode_ms={:.0f} last_tokens={}",
          i + 1, windows.size(), w.source, ms, generated->tokens_decoded);
    }
  }

  for (const char* group : kMetricGroups) {
    for (const std::string& metric : MetricNames(group)) {
      auto it = sums.by_key.find({group, metric});
      if (it == sums.by_key.end()) continue;
      const Mean& g = it->second.first;
      const Mean& r = it->second.second;
      if (g.n == 0 && r.n == 0) continue;
      MetricRow row{group, metric, g.value(), g.n, r.value(), r.n, absl::nullopt};
      if (g.n > 0 && r.n > 0 && r.value() != 0) {
        row.relative_difference_percent = (g.value() - r.value()) / std::abs(r.value()) * 100;
      }
      report.metrics.push_back(std::move(row));
    }
  }

  for (const auto& [role, pairs] : controls) {  // map order: drums, bass, harmony, melody
    for (Attribute a : kAllAttributes) {
      if (ControlledFor(role, a)) report.controls.push_back(ControlRowOf(RoleName(role), pairs, a));
    }
  }
  // "all": every role's tracks for the attributes shared with drums, pitched tracks only for
  // register and note length.
  for (Attribute a : kAllAttributes) {
    ControlPairs p;
    for (const auto& [role, pairs] : controls) {
      if (!ControlledFor(role, a)) continue;
      p.requested.insert(p.requested.end(), pairs.requested.begin(), pairs.requested.end());
      p.generated.insert(p.generated.end(), pairs.generated.begin(), pairs.generated.end());
      p.real.insert(p.real.end(), pairs.real.begin(), pairs.real.end());
    }
    if (!p.requested.empty()) report.controls.push_back(ControlRowOf("all", p, a));
  }

  double total_ms = 0;
  for (const char* set : {"pop909", "groove"}) {
    auto it = set_windows.find(set);
    if (it == set_windows.end()) continue;
    const auto& [ms, tokens_decoded] = set_ms_tokens[set];
    SetTiming t;
    t.set = set;
    t.windows = it->second;
    t.decode_ms_mean = ms / t.windows;
    t.tokens_decoded_mean = tokens_decoded / t.windows;
    t.ms_per_token = tokens_decoded > 0 ? ms / tokens_decoded : 0.0;
    report.timings.push_back(t);
    total_ms += ms;
  }
  report.decode_ms_mean = windows.empty() ? 0.0 : total_ms / windows.size();
  report.decode_s_total = total_ms / 1000;
  return report;
}

}  // namespace stori::evaluate
