// The paired bootstrap interval of a relative difference (engine/evaluate/bootstrap_interval.h).
#include "engine/evaluate/bootstrap_interval.h"

#include <vector>

#include "gtest/gtest.h"

namespace stori::evaluate {
namespace {

using Values = std::vector<absl::optional<double>>;

// Melody notes per bar of twelve sections, and a second side that differs section by section.
const Values kReal = {4.5, 3.0, 6.25, 5.0, 2.5, 4.0, 7.0, 3.5, 5.5, 4.25, 6.0, 3.25};
const Values kGenerated = {5.0, 3.5, 5.75, 6.0, 3.0, 4.5, 6.5, 4.5, 6.0, 4.0, 7.0, 3.5};

double Mean(const Values& v) {
  double sum = 0;
  for (const auto& x : v) sum += *x;
  return sum / v.size();
}

TEST(BootstrapRelativeDifference, IdenticalSidesGiveZeroWidth) {
  auto interval = BootstrapRelativeDifference(kReal, kReal);
  ASSERT_TRUE(interval.ok()) << interval.status();
  ASSERT_TRUE(interval->has_value());
  EXPECT_DOUBLE_EQ((*interval)->low, 0);
  EXPECT_DOUBLE_EQ((*interval)->high, 0);
}

TEST(BootstrapRelativeDifference, ProportionalSidesGiveTheRatio) {
  Values scaled;
  for (const auto& x : kReal) scaled.push_back(*x * 1.2);
  auto interval = BootstrapRelativeDifference(kReal, scaled);
  ASSERT_TRUE(interval.ok() && interval->has_value());
  EXPECT_NEAR((*interval)->low, 20.0, 1e-9);
  EXPECT_NEAR((*interval)->high, 20.0, 1e-9);
}

TEST(BootstrapRelativeDifference, HoldsThePointEstimateAndNarrowsWithMoreSections) {
  const double point = (Mean(kGenerated) - Mean(kReal)) / Mean(kReal) * 100;
  auto twelve = BootstrapRelativeDifference(kReal, kGenerated);
  ASSERT_TRUE(twelve.ok() && twelve->has_value());
  EXPECT_LT((*twelve)->low, point);
  EXPECT_GT((*twelve)->high, point);
  // The same sections four times over: the mean's standard error halves.
  Values real4, generated4;
  for (int copy = 0; copy < 4; ++copy) {
    real4.insert(real4.end(), kReal.begin(), kReal.end());
    generated4.insert(generated4.end(), kGenerated.begin(), kGenerated.end());
  }
  auto forty_eight = BootstrapRelativeDifference(real4, generated4);
  ASSERT_TRUE(forty_eight.ok() && forty_eight->has_value());
  const double width12 = (*twelve)->high - (*twelve)->low;
  const double width48 = (*forty_eight)->high - (*forty_eight)->low;
  EXPECT_GT(width48, 0.35 * width12);
  EXPECT_LT(width48, 0.65 * width12);
}

TEST(BootstrapRelativeDifference, SameSeedSameInterval) {
  auto a = BootstrapRelativeDifference(kReal, kGenerated);
  auto b = BootstrapRelativeDifference(kReal, kGenerated);
  BootstrapOptions other;
  other.seed = 2;
  auto c = BootstrapRelativeDifference(kReal, kGenerated, other);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ((*a)->low, (*b)->low);
  EXPECT_EQ((*a)->high, (*b)->high);
  EXPECT_TRUE((*a)->low != (*c)->low || (*a)->high != (*c)->high);
}

TEST(BootstrapRelativeDifference, SkipsUndefinedValuesAndZeroMeans) {
  Values generated = kGenerated;
  generated[0] = absl::nullopt;  // e.g. a melody with no notes in one section
  auto interval = BootstrapRelativeDifference(kReal, generated);
  ASSERT_TRUE(interval.ok() && interval->has_value());
  const Values zeros(kReal.size(), 0.0);  // drums never silent for a beat
  auto none = BootstrapRelativeDifference(zeros, kGenerated);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST(BootstrapRelativeDifference, RejectsMismatchedSidesAndBadOptions) {
  EXPECT_EQ(BootstrapRelativeDifference(kReal, Values(3, 1.0)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(BootstrapRelativeDifference({}, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  BootstrapOptions bad;
  bad.level = 1.0;
  EXPECT_EQ(BootstrapRelativeDifference(kReal, kGenerated, bad).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace stori::evaluate
