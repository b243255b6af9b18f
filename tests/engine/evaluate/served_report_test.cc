// Rendering of the as-served report (engine/evaluate/served_report.h): marked cells and JSON.
#include "engine/evaluate/served_report.h"

#include <string>

#include "gtest/gtest.h"

namespace stori::evaluate {
namespace {

ServedMetricRow Row(const std::string& metric, double real, double generated) {
  ServedMetricRow row;
  row.role = "melody";
  row.metric = metric;
  row.real = real;
  row.real_n = 3;
  row.generated = generated;
  row.generated_n = 3;
  if (real != 0) row.relative_difference_percent = (generated - real) / real * 100;
  return row;
}

ServedReport Report() {
  ServedReport r;
  r.model_id = "stori-remi";
  r.model_version = "v3";
  r.device = "cpu";
  r.windows = 10;
  r.eligible = 6;
  r.stride = 2;
  r.sources = {"pop909/010#0", "pop909/010#2", "pop909/020#1"};
  ServedConfigurationReport k;
  k.emotion_name = "neutral";
  k.preset = "FAST";
  k.sections = 3;
  k.rows = {Row("a", 1.0, 1.099), Row("b", 1.0, 1.101), Row("c", 2.0, 1.5), Row("d", 0.0, 0.2)};
  k.rows[1].difference_interval = PercentInterval{-2.0, 21.5};  // off, but not clearly
  k.rows[2].difference_interval = PercentInterval{-31.0, -18.4};  // clearly off
  r.configurations.push_back(k);
  return r;
}

TEST(ServedReportMarkdown, MarksCellsMoreThanTenPercentOff) {
  const std::string md = ServedReportMarkdown(Report());
  EXPECT_NE(md.find("| melody | a | 1.000 | 1.099 | +9.9% | n/a | 3 / 3 |"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| melody | b | 1.000 | 1.101 | **+10.1%** | -2.0 .. +21.5% | 3 / 3 |"),
            std::string::npos);
  EXPECT_NE(md.find("| -31.0 .. -18.4% |"), std::string::npos);
  EXPECT_NE(md.find("**-25.0%**"), std::string::npos);
  EXPECT_NE(md.find("| melody | d | 0.000 | 0.200 | n/a |"), std::string::npos);
  EXPECT_NE(md.find("2 of 4 cells more than 10% from real; 1 of them clearly"), std::string::npos);
  EXPECT_NE(md.find("### neutral EmotionVector"), std::string::npos);
}

TEST(ServedReportJson, HoldsRowsSourcesAndMarks) {
  const std::string json = ServedReportJson(Report());
  EXPECT_NE(json.find("\"sources\": [\"pop909/010#0\", \"pop909/010#2\", \"pop909/020#1\"]"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"marked_cells\": 2, \"clearly_off_cells\": 1"), std::string::npos);
  EXPECT_NE(json.find("\"difference_interval_percent\": [-31, -18.4]"), std::string::npos);
  EXPECT_NE(json.find("\"relative_difference_percent\": null"), std::string::npos);
  EXPECT_NE(json.find("\"preset\": \"FAST\""), std::string::npos);
}

}  // namespace
}  // namespace stori::evaluate
