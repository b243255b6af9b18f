// The model-card evaluation on 2 windows of POP909 song 004 (tests/fixtures/pop909/004, MIT
// licence, tests/fixtures/CREDITS.md) with the model of STORI_MODEL_DIR or the shipped
// models/stori-remi/v3: the report's structure, its real side against the measures computed
// directly, and determinism for a seed.
#include "engine/evaluate/model_evaluation.h"

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/evaluate/evaluation_report.h"
#include "engine/evaluate/test_windows.h"
#include "engine/evaluate/window_metrics.h"
#include "engine/model/json_value.h"
#include "engine/model/model_runner.h"
#include "engine/score/chord_timeline.h"
#include "engine/score/chord_tone_ratio.h"
#include "engine/tokens/track_attributes.h"
#include "engine/score/notes_per_bar.h"
#include "engine/score/pitch_class_entropy.h"
#include "engine/score/scale_consistency.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::evaluate {
namespace {

using ::stori::testing::ModelDir;

class ModelEvaluationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!std::filesystem::exists(ModelDir() + "/model.pt")) return;
    model::ModelRunnerOptions options;
    options.model_dir = ModelDir();
    options.device = model::Device::kCpu;
    auto loaded = model::ModelRunner::Load(options);
    load_error_ = new std::string(loaded.ok() ? "" : loaded.status().ToString());
    if (loaded.ok()) runner_ = loaded->release();
  }
  static void TearDownTestSuite() {
    delete runner_;
    runner_ = nullptr;
    delete load_error_;
    load_error_ = nullptr;
    delete report_;
    report_ = nullptr;
  }
  void SetUp() override {
    if (load_error_ == nullptr) {
      GTEST_SKIP() << "no model: neither STORI_MODEL_DIR nor models/stori-remi/v3 holds model.pt";
    }
    ASSERT_EQ(*load_error_, "") << "the model in " << ModelDir() << " fails to load";
    auto windows =
        Pop909SongWindows(testing::SourcePath("tests/fixtures/pop909/004"), TestWindowOptions{});
    ASSERT_TRUE(windows.ok()) << windows.status();
    ASSERT_GE(windows->size(), 2u);
    windows->resize(2);
    windows_ = std::move(*windows);
  }

  static EvaluationOptions Options() {
    EvaluationOptions o;
    o.seed = 7;
    o.log_every_windows = 0;
    return o;
  }

  // The report of Options() on windows_, computed once per suite (decoding is the slow part).
  const EvaluationReport& Report() {
    if (report_ == nullptr) {
      auto report = EvaluateModel(*runner_, windows_, Options(), RunContext{});
      EXPECT_TRUE(report.ok()) << report.status();
      report_ = new EvaluationReport(report.ok() ? *report : EvaluationReport{});
    }
    return *report_;
  }

  static const model::ModelRunner* runner_;
  static std::string* load_error_;
  static EvaluationReport* report_;
  std::vector<EvaluationWindow> windows_;
};

const model::ModelRunner* ModelEvaluationTest::runner_ = nullptr;
std::string* ModelEvaluationTest::load_error_ = nullptr;
EvaluationReport* ModelEvaluationTest::report_ = nullptr;

const MetricRow* FindRow(const EvaluationReport& r, const std::string& group,
                         const std::string& metric) {
  for (const MetricRow& m : r.metrics) {
    if (m.group == group && m.metric == metric) return &m;
  }
  return nullptr;
}

struct Mean {
  double sum = 0;
  int n = 0;
  void Add(const absl::optional<double>& v) {
    if (v) sum += *v, ++n;
  }
};

TEST_F(ModelEvaluationTest, ReportHasEveryPitchedMeasureAndControl) {
  const EvaluationReport* report = &Report();
  ASSERT_FALSE(report->sources.empty());
  EXPECT_EQ(report->pop909_windows, 2);
  EXPECT_EQ(report->groove_windows, 0);
  EXPECT_EQ(report->sources, (std::vector<std::string>{"pop909/004#0", "pop909/004#1"}));
  EXPECT_EQ(report->model_id, runner_->model_id());

  std::vector<std::pair<std::string, std::string>> keys;
  for (const MetricRow& m : report->metrics) keys.push_back({m.group, m.metric});
  std::vector<std::pair<std::string, std::string>> expected;
  for (const char* group : {"bass", "harmony", "melody", "pitched_mix"}) {
    for (const std::string& metric : MetricNames(group)) {
      if (metric != "kick_bass_agreement") expected.push_back({group, metric});
    }
  }
  EXPECT_EQ(keys, expected);  // no drum rows, and no kick-bass agreement, without drums
  for (const MetricRow& m : report->metrics) {
    if (m.metric == "notes_per_bar" || m.metric == "empty_beat_rate") {  // defined for any track
      EXPECT_EQ(m.generated_n, 2) << m.group << " " << m.metric;
      EXPECT_EQ(m.real_n, 2) << m.group << " " << m.metric;
    }
    EXPECT_LE(m.generated_n, 2);
    EXPECT_LE(m.real_n, 2);
  }

  // 3 roles x 7 attributes, then "all" x 7.
  ASSERT_EQ(report->controls.size(), 28u);
  for (const ControlRow& c : report->controls) {
    EXPECT_EQ(c.n, c.role == "all" ? 6 : 2) << c.role << " " << c.attribute;
    EXPECT_GE(c.accuracy, 0.0);
    EXPECT_LE(c.accuracy, c.within_one_bin);
    EXPECT_LE(c.within_one_bin, 1.0);
    EXPECT_EQ(c.real_accuracy, 1.0)
        << c.role << " " << c.attribute << ": real bins must be the bins measured from real notes";
  }
  ASSERT_EQ(report->timings.size(), 1u);
  EXPECT_EQ(report->timings[0].set, "pop909");
  EXPECT_EQ(report->timings[0].windows, 2);
  EXPECT_GT(report->timings[0].tokens_decoded_mean, 0);
  EXPECT_GT(report->decode_ms_mean, 0);
}

TEST_F(ModelEvaluationTest, RealSideEqualsMeasuresComputedDirectly) {
  const EvaluationReport* report = &Report();
  ASSERT_FALSE(report->sources.empty());
  for (tokens::TokenRole role :
       {tokens::TokenRole::kBass, tokens::TokenRole::kHarmony, tokens::TokenRole::kMelody}) {
    Mean ctr, pce, sc, npb, ebr;
    for (const EvaluationWindow& ew : windows_) {
      const tokens::RemiWindow& w = ew.window;
      for (const tokens::TrackSegment& t : w.tracks) {
        if (t.role != role) continue;
        ctr.Add(score::ChordToneRatio(
            t.notes, score::ChordTimelineFromBarChords(w.chords, w.steps_per_bar)));
        pce.Add(score::PitchClassEntropy(t.notes));
        sc.Add(score::ScaleConsistency(t.notes));
        npb.Add(score::NotesPerBar(t.notes, w.bars));
        ebr.Add(tokens::EmptyBeatRate(t.notes, w.steps_per_bar, w.bars));
      }
    }
    const std::string group = RoleName(role);
    for (const auto& [metric, mean] :
         std::vector<std::pair<std::string, Mean>>{{"chord_tone_ratio", ctr},
                                                   {"pitch_class_entropy", pce},
                                                   {"scale_consistency", sc},
                                                   {"notes_per_bar", npb},
                                                   {"empty_beat_rate", ebr}}) {
      const MetricRow* row = FindRow(*report, group, metric);
      ASSERT_NE(row, nullptr) << group << " " << metric;
      EXPECT_EQ(row->real_n, mean.n) << group << " " << metric;
      EXPECT_NEAR(row->real, mean.sum / mean.n, 1e-12) << group << " " << metric;
    }
  }
  // Sanity of the real side of song 004 (score/pop909_metrics_test.cc: bass chord-tone ratio
  // above 0.6 over the song).
  EXPECT_GT(FindRow(*report, "bass", "chord_tone_ratio")->real, 0.5);
}

TEST_F(ModelEvaluationTest, SameSeedSameReportApartFromTimings) {
  absl::StatusOr<EvaluationReport> a = Report();
  auto b = EvaluateModel(*runner_, windows_, Options(), RunContext{});
  ASSERT_FALSE(a->sources.empty());
  ASSERT_TRUE(b.ok()) << b.status();
  a->timings.clear();
  b->timings.clear();
  a->decode_ms_mean = b->decode_ms_mean = 0;
  a->decode_s_total = b->decode_s_total = 0;
  EXPECT_EQ(ReportJson(*a), ReportJson(*b));
  EXPECT_EQ(ReportMarkdown(*a), ReportMarkdown(*b));
}

TEST_F(ModelEvaluationTest, JsonParsesAndMarkdownHoldsTheTables) {
  const EvaluationReport* report = &Report();
  ASSERT_FALSE(report->sources.empty());
  auto json = model::ParseJson(ReportJson(*report));
  ASSERT_TRUE(json.ok()) << json.status() << "\n" << ReportJson(*report);
  for (const char* key :
       {"model", "settings", "windows", "metrics", "attribute_control_accuracy", "timings"}) {
    EXPECT_NE(json->Find(key), nullptr) << key;
  }
  ASSERT_TRUE(json->Find("metrics")->is_array());
  EXPECT_EQ(json->Find("metrics")->array().size(), report->metrics.size());
  const model::JsonValue& first = json->Find("metrics")->array()[0];
  EXPECT_EQ(first.Find("group")->string(), "bass");
  EXPECT_EQ(first.Find("metric")->string(), "chord_tone_ratio");
  EXPECT_NEAR(first.Find("real")->number(), report->metrics[0].real, 1e-5);
  EXPECT_EQ(json->Find("attribute_control_accuracy")->array().size(), report->controls.size());

  const std::string md = ReportMarkdown(*report);
  EXPECT_NE(md.find("| group | metric | generated | real | relative difference % |"),
            std::string::npos);
  EXPECT_NE(md.find("| bass | chord_tone_ratio |"), std::string::npos);
  EXPECT_NE(md.find("| melody | density |"), std::string::npos);
  EXPECT_NE(md.find("ms per window"), std::string::npos);
}

}  // namespace
}  // namespace stori::evaluate
