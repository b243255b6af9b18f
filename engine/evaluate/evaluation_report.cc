#include "engine/evaluate/evaluation_report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/evaluate/json_text.h"

namespace stori::evaluate {
namespace {

std::string Cell(double v, int n) { return n > 0 ? absl::StrFormat("%.3f", v) : "-"; }

std::string Percent(const absl::optional<double>& v) {
  return v ? absl::StrFormat("%+.1f", *v) : "n/a";
}

}  // namespace

std::string ReportJson(const EvaluationReport& r) {
  std::string out = "{\n";
  absl::StrAppend(&out, "  \"model\": {\"id\": ", JsonQuoted(r.model_id),
                  ", \"version\": ", JsonQuoted(r.model_version),
                  ", \"device\": ", JsonQuoted(r.device), "},\n");
  absl::StrAppend(&out, "  \"settings\": {\"seed\": ", r.seed,
                  ", \"temperature\": ", JsonNumber(r.temperature),
                  ", \"top_p\": ", JsonNumber(r.top_p),
                  ", \"empty_beat_bounds\": ", r.empty_beat_bounds ? "true" : "false",
                  ", \"candidates\": 1, \"controls\": \"teacher-forced: real header, real "
                  "chords, requested bins = real bins\"},\n");
  std::vector<std::string> sources;
  for (const std::string& s : r.sources) sources.push_back(JsonQuoted(s));
  absl::StrAppend(&out, "  \"windows\": {\"pop909\": ", r.pop909_windows,
                  ", \"groove\": ", r.groove_windows, ", \"sources\": [",
                  absl::StrJoin(sources, ", "), "]},\n");
  out += "  \"metrics\": [\n";
  for (std::size_t i = 0; i < r.metrics.size(); ++i) {
    const MetricRow& m = r.metrics[i];
    absl::StrAppend(
        &out, "    {\"group\": ", JsonQuoted(m.group), ", \"metric\": ", JsonQuoted(m.metric),
        ", \"generated\": ", m.generated_n > 0 ? JsonNumber(m.generated) : "null",
        ", \"generated_n\": ", m.generated_n,
        ", \"real\": ", m.real_n > 0 ? JsonNumber(m.real) : "null", ", \"real_n\": ", m.real_n,
        ", \"relative_difference_percent\": ", JsonNumber(m.relative_difference_percent), "}",
        i + 1 < r.metrics.size() ? ",\n" : "\n");
  }
  out += "  ],\n  \"attribute_control_accuracy\": [\n";
  for (std::size_t i = 0; i < r.controls.size(); ++i) {
    const ControlRow& c = r.controls[i];
    absl::StrAppend(&out, "    {\"role\": ", JsonQuoted(c.role),
                    ", \"attribute\": ", JsonQuoted(c.attribute), ", \"n\": ", c.n,
                    ", \"accuracy\": ", JsonNumber(c.accuracy),
                    ", \"within_one_bin\": ", JsonNumber(c.within_one_bin),
                    ", \"real_accuracy\": ", JsonNumber(c.real_accuracy), "}",
                    i + 1 < r.controls.size() ? ",\n" : "\n");
  }
  out += "  ],\n  \"timings\": {\"per_set\": [";
  for (std::size_t i = 0; i < r.timings.size(); ++i) {
    const SetTiming& t = r.timings[i];
    absl::StrAppend(&out, i ? ", " : "", "{\"set\": ", JsonQuoted(t.set),
                    ", \"windows\": ", t.windows,
                    ", \"decode_ms_mean\": ", JsonNumber(t.decode_ms_mean),
                    ", \"tokens_decoded_mean\": ", JsonNumber(t.tokens_decoded_mean),
                    ", \"ms_per_token\": ", JsonNumber(t.ms_per_token), "}");
  }
  absl::StrAppend(&out, "], \"decode_ms_mean\": ", JsonNumber(r.decode_ms_mean),
                  ", \"decode_s_total\": ", JsonNumber(r.decode_s_total), "}\n}\n");
  return out;
}

std::string ReportMarkdown(const EvaluationReport& r) {
  std::string out = absl::StrFormat(
      "## Evaluation: %s %s\n\nHeld-out windows: %d POP909 (bass, harmony, melody; most with "
      "a drum track paired in from Groove's test split, as in training), %d Groove (drums), "
      "each decoded as one sequence. Teacher-forced controls: the real window's header and "
      "chords, requested bins = the real tracks' bins. Sampling: temperature %.2f, top-p %.2f, "
      "1 candidate, no chord-tone bias; %s; seed %d; device %s.\n\n",
      r.model_id, r.model_version, r.pop909_windows, r.groove_windows, r.temperature, r.top_p,
      r.empty_beat_bounds ? "empty beats kept in the requested EmptyBeats bin (as the service "
                            "decodes)"
                          : "no empty-beat bounds (the model alone)",
      r.seed, r.device);
  out +=
      "| group | metric | generated | real | relative difference % | n (gen / real) |\n"
      "|---|---|---:|---:|---:|---:|\n";
  for (const MetricRow& m : r.metrics) {
    absl::StrAppendFormat(&out, "| %s | %s | %s | %s | %s | %d / %d |\n", m.group, m.metric,
                          Cell(m.generated, m.generated_n), Cell(m.real, m.real_n),
                          Percent(m.relative_difference_percent), m.generated_n, m.real_n);
  }
  out +=
      "\nAttribute control accuracy (measured bin of the generated track = requested bin):\n\n"
      "| role | attribute | accuracy | within 1 bin | real (check) | n |\n"
      "|---|---|---:|---:|---:|---:|\n";
  for (const ControlRow& c : r.controls) {
    absl::StrAppendFormat(&out, "| %s | %s | %.1f%% | %.1f%% | %.1f%% | %d |\n", c.role,
                          c.attribute, 100 * c.accuracy, 100 * c.within_one_bin,
                          100 * c.real_accuracy, c.n);
  }
  out += "\nDecode time (wall, one window at a time):\n\n";
  for (const SetTiming& t : r.timings) {
    absl::StrAppendFormat(&out,
                          "- %s: %d windows, %.0f ms per window, %.0f tokens per window, "
                          "%.2f ms per token\n",
                          t.set, t.windows, t.decode_ms_mean, t.tokens_decoded_mean,
                          t.ms_per_token);
  }
  absl::StrAppendFormat(&out, "- all: %.0f ms per window, %.1f s in total\n", r.decode_ms_mean,
                        r.decode_s_total);
  return out;
}

}  // namespace stori::evaluate
