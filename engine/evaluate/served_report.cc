#include "engine/evaluate/served_report.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/evaluate/json_text.h"

namespace stori::evaluate {
namespace {

std::string EmotionJson(const EmotionVector& e) {
  return absl::StrCat(
      "{\"energy\": ", JsonNumber(e.energy), ", \"valence\": ", JsonNumber(e.valence),
      ", \"tension\": ", JsonNumber(e.tension), ", \"intimacy\": ", JsonNumber(e.intimacy),
      ", \"motion\": ", JsonNumber(e.motion), "}");
}

std::string EmotionText(const EmotionVector& e) {
  return absl::StrFormat("energy %.2f, valence %.2f, tension %.2f, intimacy %.2f, motion %.2f",
                         e.energy, e.valence, e.tension, e.intimacy, e.motion);
}

bool Marked(const ServedMetricRow& row) {
  return row.relative_difference_percent.has_value() &&
         std::abs(*row.relative_difference_percent) > kMarkedDifferencePercent;
}

std::string Cell(double v, int n) { return n > 0 ? absl::StrFormat("%.3f", v) : "-"; }

std::string DifferenceCell(const ServedMetricRow& row) {
  if (!row.relative_difference_percent) return "n/a";
  const std::string text = absl::StrFormat("%+.1f%%", *row.relative_difference_percent);
  return Marked(row) ? absl::StrCat("**", text, "**") : text;
}

std::string IntervalCell(const ServedMetricRow& row) {
  if (!row.difference_interval) return "n/a";
  return absl::StrFormat("%+.1f .. %+.1f%%", row.difference_interval->low,
                         row.difference_interval->high);
}

std::string RowJson(const ServedMetricRow& m) {
  return absl::StrCat(
      "{\"role\": ", JsonQuoted(m.role), ", \"metric\": ", JsonQuoted(m.metric),
      ", \"real\": ", m.real_n > 0 ? JsonNumber(m.real) : "null", ", \"real_n\": ", m.real_n,
      ", \"generated\": ", m.generated_n > 0 ? JsonNumber(m.generated) : "null",
      ", \"generated_n\": ", m.generated_n,
      ", \"relative_difference_percent\": ", JsonNumber(m.relative_difference_percent),
      ", \"difference_interval_percent\": ",
      m.difference_interval ? absl::StrCat("[", JsonNumber(m.difference_interval->low), ", ",
                                           JsonNumber(m.difference_interval->high), "]")
                            : "null",
      ", \"marked\": ", Marked(m) ? "true" : "false",
      ", \"clearly_off\": ", ClearlyOff(m) ? "true" : "false", "}");
}

}  // namespace

bool ClearlyOff(const ServedMetricRow& row) {
  return row.difference_interval.has_value() &&
         (row.difference_interval->low > kMarkedDifferencePercent ||
          row.difference_interval->high < -kMarkedDifferencePercent);
}

const char* PresetName(QualityPreset preset) {
  switch (preset) {
    case QualityPreset::kFast:
      return "FAST";
    case QualityPreset::kBalanced:
      return "BALANCED";
    case QualityPreset::kQuality:
      return "QUALITY";
  }
  return "BALANCED";
}

std::string ServedReportJson(const ServedReport& r) {
  const generate::SectionGeneratorOptions& g = r.generator_options;
  std::string out = "{\n";
  absl::StrAppend(&out, "  \"model\": {\"id\": ", JsonQuoted(r.model_id),
                  ", \"version\": ", JsonQuoted(r.model_version),
                  ", \"device\": ", JsonQuoted(r.device), "},\n");
  absl::StrAppend(&out, "  \"settings\": {\"seed\": ", r.seed, ", \"bars\": ", r.bars,
                  ", \"bars_per_window\": ", r.bars_per_window,
                  ", \"context_bars\": ", g.context_bars, ", \"phrase_echo_bias\": [",
                  absl::StrJoin(g.phrase_echo_bias, ", "), "]", ", \"phrase_echo_pitch_bias\": [",
                  absl::StrJoin(g.phrase_echo_pitch_bias, ", "), "]",
                  ", \"repeated_pitch_bias\": [", absl::StrJoin(g.repeated_pitch_bias, ", "),
                  "]", ", \"bar_echo_bias\": [", absl::StrJoin(g.bar_echo_bias, ", "), "]",
                  ", \"off_eighth_bias\": [", absl::StrJoin(g.off_eighth_bias, ", "), "]",
                  ", \"kick_bias\": ",
                  JsonNumber(g.kick_bias),
                  ", \"genre\": \"pop\", \"tracks\": [\"drums\", \"bass\", \"piano\", "
                  "\"melody\"], \"controls\": \"as served: the window's chords, key, tempo bin "
                  "and meter; no real control values\", \"engine\": "
                  "\"refine::GenerateRefined\", \"marked_difference_percent\": ",
                  JsonNumber(kMarkedDifferencePercent), "},\n");
  std::vector<std::string> sources;
  for (const std::string& s : r.sources) sources.push_back(JsonQuoted(s));
  absl::StrAppend(&out, "  \"sections\": {\"split\": \"", HeldOutSplitName(r.split),
                  "\", \"windows\": ", r.windows, ", \"eligible\": ", r.eligible,
                  ", \"stride\": ", r.stride, ", \"requested\": ", r.sources.size(),
                  ", \"sources\": [", absl::StrJoin(sources, ", "), "]},\n");
  out += "  \"configurations\": [\n";
  for (std::size_t c = 0; c < r.configurations.size(); ++c) {
    const ServedConfigurationReport& k = r.configurations[c];
    int marked = 0, clearly_off = 0;
    for (const ServedMetricRow& row : k.rows) marked += Marked(row), clearly_off += ClearlyOff(row);
    absl::StrAppend(&out, "    {\"emotion_name\": ", JsonQuoted(k.emotion_name),
                    ", \"emotion\": ", EmotionJson(k.emotion),
                    ", \"preset\": ", JsonQuoted(k.preset), ", \"candidates\": ", k.candidates,
                    ", \"sections\": ", k.sections, ", \"marked_cells\": ", marked,
                    ", \"clearly_off_cells\": ", clearly_off,
                    ", \"cells\": ", k.rows.size(), ",\n     \"metrics\": [\n");
    for (std::size_t i = 0; i < k.rows.size(); ++i) {
      absl::StrAppend(&out, "       ", RowJson(k.rows[i]), i + 1 < k.rows.size() ? ",\n" : "\n");
    }
    absl::StrAppend(
        &out, "     ],\n     \"timings\": {\"generate_ms_mean\": ", JsonNumber(k.generate_ms_mean),
        ", \"generate_ms_p50\": ", JsonNumber(k.generate_ms_p50),
        ", \"generate_s_total\": ", JsonNumber(k.generate_s_total),
        ", \"tokens_decoded_mean\": ", JsonNumber(k.tokens_decoded_mean), "}}",
        c + 1 < r.configurations.size() ? ",\n" : "\n");
  }
  absl::StrAppend(&out, "  ],\n  \"total_s\": ", JsonNumber(r.total_s), "\n}\n");
  return out;
}

std::string ServedReportMarkdown(const ServedReport& r) {
  const generate::SectionGeneratorOptions& g = r.generator_options;
  std::string out = absl::StrFormat(
      "## As-served evaluation: %s %s\n\n"
      "What a caller gets. %d requests, each an %d-bar section built from a window of the "
      "held-out POP909 %s songs (song NNN with NNN %% 10 == %d): of their %d %d-bar windows, "
      "the %d with a paired drum track, every track starting a note in every 4-bar phrase, a "
      "key and no \"N\" chord, one in every %d of those "
      "from the first. A request carries the window's own chords (per bar and beat), key, tempo "
      "(the "
      "middle of its tempo bin: the same Tempo token) and meter, four tracks (drums, bass, "
      "piano, melody; default programs and channels, default track behaviours), genre \"pop\", "
      "no section type, motifs or constraints, and the configuration's EmotionVector: no real "
      "control values. Generated by refine::GenerateRefined, the server's GenerateSection path "
      "(targets from the EmotionVector, grammar and onset-grid constraints, chord-tone bias, "
      "empty-beat bounds, candidates kept by score::TrackScore, then the preset's "
      "weakest-dimension refinement passes: FAST 0, BALANCED 2); section i has seed "
      "Rng::Derive(%d, i, 0) in every configuration. Decoding windows of %d bars, each after "
      "the first starting with %d bar(s) of the section's own music as context "
      "(SectionGeneratorOptions::context_bars); onsets one phrase after the track's own "
      "favoured by %s nats (drums, bass, harmony, melody; phrase_echo_bias) and the pitches "
      "(drums: keys) struck there by %s (phrase_echo_pitch_bias); onsets one bar after the "
      "track's own by %s (bar_echo_bias); onsets off the 8th grid offset by %s nats beside "
      "motion's bias (off_eighth_bias); a repeat of the previous "
      "onset's pitch offset by %s nats (repeated_pitch_bias); the kick drum's "
      "logit offset by %s nats (kick_bias). Device %s.\n\n"
      "Real side: the same windows. POP909 has no drums, so each real window's drum track is a "
      "Groove %s-split drum window paired in as the training data pipeline pairs them "
      "(engine/dataset/drum_pairing.h: same meter and length, tempo bin within one, drawn among "
      "the 8 whose kick drum best agrees with the bass), so the real kick_bass_agreement is "
      "high by construction; kick_bass_agreement_shuffled takes the next section's drums "
      "(cyclically) on both sides. Measures: engine/evaluate/served_metrics.h; means over the "
      "sections where a measure is defined. **Bold**: more than %.0f%% from real.\n",
      r.model_id, r.model_version, static_cast<int>(r.sources.size()), r.bars,
      HeldOutSplitName(r.split), Pop909SplitRemainder(r.split), r.windows, r.bars, r.eligible,
      r.stride, static_cast<int>(r.seed), r.bars_per_window, g.context_bars,
      absl::StrJoin(g.phrase_echo_bias, " / "), absl::StrJoin(g.phrase_echo_pitch_bias, " / "),
      absl::StrJoin(g.bar_echo_bias, " / "), absl::StrJoin(g.off_eighth_bias, " / "),
      absl::StrJoin(g.repeated_pitch_bias, " / "), absl::StrCat(g.kick_bias), r.device,
      HeldOutSplitName(r.split),
      kMarkedDifferencePercent);
  for (const ServedConfigurationReport& k : r.configurations) {
    absl::StrAppendFormat(&out,
                          "\n### %s EmotionVector (%s), %s (%d candidate%s)\n\n"
                          "| role | metric | real | generated | difference | 95%% interval | "
                          "n (real / gen) |\n"
                          "|---|---|---:|---:|---:|---:|---:|\n",
                          k.emotion_name, EmotionText(k.emotion), k.preset, k.candidates,
                          k.candidates == 1 ? "" : "s");
    int marked = 0, clearly_off = 0;
    for (const ServedMetricRow& m : k.rows) {
      marked += Marked(m);
      clearly_off += ClearlyOff(m);
      absl::StrAppendFormat(&out, "| %s | %s | %s | %s | %s | %s | %d / %d |\n", m.role,
                            m.metric, Cell(m.real, m.real_n), Cell(m.generated, m.generated_n),
                            DifferenceCell(m), IntervalCell(m), m.real_n, m.generated_n);
    }
    absl::StrAppendFormat(&out,
                          "\n%d of %d cells more than %.0f%% from real; %d of them clearly (the "
                          "95%% interval lies wholly beyond %.0f%%). Generation: %d sections, "
                          "%.0f ms per section (p50 %.0f), %.0f tokens per section, %.1f s in "
                          "total.\n",
                          marked, static_cast<int>(k.rows.size()), kMarkedDifferencePercent,
                          clearly_off, kMarkedDifferencePercent, k.sections, k.generate_ms_mean, k.generate_ms_p50, k.tokens_decoded_mean,
                          k.generate_s_total);
  }
  absl::StrAppendFormat(&out, "\nWhole evaluation: %.1f s wall.\n", r.total_s);
  return out;
}

}  // namespace stori::evaluate
