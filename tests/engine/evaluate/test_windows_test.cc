// Held-out window selection: POP909 fixture song 004 (tests/fixtures/pop909/004) and the seeded
// sample. No model needed.
#include "engine/evaluate/test_windows.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::evaluate {
namespace {

std::vector<EvaluationWindow> Numbered(int n) {
  std::vector<EvaluationWindow> out(n);
  for (int i = 0; i < n; ++i) out[i].source = std::to_string(i);
  return out;
}

std::vector<std::string> Sources(const std::vector<EvaluationWindow>& w) {
  std::vector<std::string> out;
  for (const auto& x : w) out.push_back(x.source);
  return out;
}

TEST(Pop909SongWindows, FixtureSongGivesNamedThreeTrackWindows) {
  auto windows =
      Pop909SongWindows(testing::SourcePath("tests/fixtures/pop909/004"), TestWindowOptions{});
  ASSERT_TRUE(windows.ok()) << windows.status();
  ASSERT_GE(windows->size(), 2u);
  EXPECT_EQ((*windows)[0].set, "pop909");
  EXPECT_EQ((*windows)[0].source, "pop909/004#0");
  for (const EvaluationWindow& w : *windows) {
    EXPECT_EQ(w.window.bars, 4);
    EXPECT_EQ(w.window.tracks.size(), 3u) << w.source;
  }
}

TEST(Pop909SongWindows, MissingFolderIsNotFound) {
  auto windows =
      Pop909SongWindows(testing::SourcePath("tests/fixtures/pop909/none"), TestWindowOptions{});
  EXPECT_EQ(windows.status().code(), absl::StatusCode::kNotFound);
}

TEST(SampleWindows, SameSeedSameSampleInInputOrder) {
  const auto a = SampleWindows(Numbered(100), 10, 42);
  const auto b = SampleWindows(Numbered(100), 10, 42);
  ASSERT_EQ(a.size(), 10u);
  EXPECT_EQ(Sources(a), Sources(b));
  for (std::size_t i = 1; i < a.size(); ++i) {
    EXPECT_LT(std::stoi(a[i - 1].source), std::stoi(a[i].source));
  }
  EXPECT_NE(Sources(a), Sources(SampleWindows(Numbered(100), 10, 43)));
}

TEST(SampleWindows, KeepsAllWhenFewerAndNoneForZero) {
  EXPECT_EQ(SampleWindows(Numbered(5), 10, 1).size(), 5u);
  EXPECT_TRUE(SampleWindows(Numbered(5), 0, 1).empty());
}

}  // namespace
}  // namespace stori::evaluate
