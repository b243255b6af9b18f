// The as-served evaluation (engine/evaluate/served_evaluation.h) on 8-bar windows of POP909
// fixture song 004 (tests/fixtures/pop909/004, MIT licence, tests/fixtures/CREDITS.md) with a
// hand-written drum part in place of a paired Groove window, through the model of
// STORI_MODEL_DIR or the shipped models/stori-remi/v3 at FAST: the report's layout, its real
// side against the measures computed directly, and determinism for a seed.
#include "engine/evaluate/served_evaluation.h"

#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "engine/evaluate/served_metrics.h"
#include "engine/evaluate/test_windows.h"
#include "engine/model/model_runner.h"
#include "engine/tokens/vocabulary.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::evaluate {
namespace {

using ::stori::testing::ModelDir;

// Kick on beats 0 and 2, snare on 1 and 3, closed hi-hat on every 8th (GM keys 36, 38, 42).
tokens::TrackSegment RockBeat(int bars, int steps_per_bar) {
  tokens::TrackSegment drums;
  drums.role = tokens::TokenRole::kDrums;
  for (int step = 0; step < bars * steps_per_bar; step += tokens::kStepsPerBeat / 2) {
    const int beat_step = step % (2 * tokens::kStepsPerBeat);
    if (beat_step == 0) drums.notes.push_back({step, 3, 36, 100});
    if (beat_step == tokens::kStepsPerBeat) drums.notes.push_back({step, 3, 38, 100});
    drums.notes.push_back({step, 3, 42, 80});
  }
  return drums;
}

class ServedEvaluationTest : public ::testing::Test {
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
  }
  void SetUp() override {
    if (load_error_ == nullptr) {
      GTEST_SKIP() << "no model: neither STORI_MODEL_DIR nor models/stori-remi/v3 holds model.pt";
    }
    ASSERT_EQ(*load_error_, "") << "the model in " << ModelDir() << " fails to load";
    TestWindowOptions window_options;
    window_options.bars = 8;
    window_options.max_tokens = std::numeric_limits<int>::max();
    auto windows =
        Pop909SongWindows(testing::SourcePath("tests/fixtures/pop909/004"), window_options);
    ASSERT_TRUE(windows.ok()) << windows.status();
    for (EvaluationWindow& w : *windows) {
      w.window.tracks.insert(w.window.tracks.begin(),
                             RockBeat(w.window.bars, w.window.steps_per_bar));
    }
    selection_ = SelectServedSections(*std::move(windows), 2);
    ASSERT_EQ(selection_.sections.size(), 2u)
        << "fixture 004: " << selection_.eligible << " eligible 8-bar windows";
  }

  static ServedEvaluationOptions Options() {
    ServedEvaluationOptions o;
    o.configurations = {{NeutralEmotion(), QualityPreset::kFast}};
    o.seed = 5;
    o.log_every_sections = 0;
    return o;
  }

  static model::ModelRunner* runner_;
  static std::string* load_error_;
  ServedSelection selection_;
};

model::ModelRunner* ServedEvaluationTest::runner_ = nullptr;
std::string* ServedEvaluationTest::load_error_ = nullptr;

TEST_F(ServedEvaluationTest, ReportsEveryRoleAndMeasureWithTheRealSideMeasuredDirectly) {
  auto report = EvaluateServed(*runner_, selection_, Options(), RunContext{});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->bars, 8);
  EXPECT_EQ(report->sources.size(), 2u);
  EXPECT_EQ(report->eligible, selection_.eligible);
  ASSERT_EQ(report->configurations.size(), 1u);
  const ServedConfigurationReport& k = report->configurations[0];
  EXPECT_EQ(k.emotion_name, "neutral");
  EXPECT_EQ(k.preset, "FAST");
  EXPECT_EQ(k.candidates, 1);
  EXPECT_EQ(k.sections, 2);
  EXPECT_GT(k.generate_ms_mean, 0);
  EXPECT_GT(k.tokens_decoded_mean, 0);

  // Every role's measures, in order; the served drums, bass and melody play.
  std::size_t row = 0;
  for (const char* role : kServedRoles) {
    for (const std::string& metric : ServedMetricNames(role)) {
      ASSERT_LT(row, k.rows.size());
      EXPECT_EQ(k.rows[row].role, role);
      EXPECT_EQ(k.rows[row].metric, metric);
      ++row;
    }
  }
  EXPECT_EQ(row, k.rows.size());
  for (const ServedMetricRow& r : k.rows) {
    if (r.metric == "notes_per_bar") {
      EXPECT_EQ(r.generated_n, 2) << r.role;
      EXPECT_GT(r.generated, 0) << r.role;
    }
  }

  // The real side: the mean of the measures of the two real windows, the shuffled drums being
  // the other window's.
  const auto& a = selection_.sections[0].window;
  const auto& b = selection_.sections[1].window;
  const tokens::TrackSegment* drums_a = tokens::FindTrack(a, tokens::TokenRole::kDrums);
  const tokens::TrackSegment* drums_b = tokens::FindTrack(b, tokens::TokenRole::kDrums);
  const auto bass_a =
      ServedTrackMetrics(a, *tokens::FindTrack(a, tokens::TokenRole::kBass), drums_b);
  const auto bass_b =
      ServedTrackMetrics(b, *tokens::FindTrack(b, tokens::TokenRole::kBass), drums_a);
  for (std::size_t i = 0; i < bass_a.size(); ++i) {
    const ServedMetricRow* found = nullptr;
    for (const ServedMetricRow& r : k.rows) {
      if (r.role == "bass" && r.metric == bass_a[i].name) found = &r;
    }
    ASSERT_NE(found, nullptr) << bass_a[i].name;
    if (bass_a[i].value && bass_b[i].value) {
      EXPECT_EQ(found->real_n, 2) << bass_a[i].name;
      EXPECT_NEAR(found->real, (*bass_a[i].value + *bass_b[i].value) / 2, 1e-12) << bass_a[i].name;
    }
  }

  // Same seed, same notes: the measures repeat exactly.
  auto again = EvaluateServed(*runner_, selection_, Options(), RunContext{});
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_EQ(again->configurations[0].rows.size(), k.rows.size());
  for (std::size_t i = 0; i < k.rows.size(); ++i) {
    EXPECT_EQ(again->configurations[0].rows[i].generated, k.rows[i].generated)
        << k.rows[i].role << " " << k.rows[i].metric;
  }
}

}  // namespace
}  // namespace stori::evaluate
