// Paired bootstrap interval of the relative difference between two means measured on the same
// sections (the as-served evaluation's generated and real windows): how far the difference a
// 60-section table shows could move by the choice of sections alone.
//
// Method: the percentile bootstrap (Efron & Tibshirani, "An Introduction to the Bootstrap",
// 1993, ch. 13). Each resample draws n section indexes with replacement (n = the sections
// given) and takes, over the drawn sections where each side's value is defined, the relative
// difference (mean_b - mean_a) / |mean_a| * 100; the interval is the resamples' (1 - level) / 2
// and (1 + level) / 2 quantiles (nearest rank). Sections are drawn in pairs, so a section that
// is hard for both sides moves both means together.
#ifndef STORI_ENGINE_EVALUATE_BOOTSTRAP_INTERVAL_H_
#define STORI_ENGINE_EVALUATE_BOOTSTRAP_INTERVAL_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/optional.h"

namespace stori::evaluate {

// Lower and upper bound of a bootstrap interval, in percent of mean_a.
struct PercentInterval {
  double low = 0;
  double high = 0;
};

struct BootstrapOptions {
  int resamples = 2000;
  double level = 0.95;  // 0 < level < 1
  std::uint64_t seed = 1;  // sampling::Rng seed of the draws: same inputs, same interval
};

// `a` and `b`: one value per section, the same sections in the same order (nullopt where the
// measure is undefined for that side). Returns nullopt when fewer than half of the resamples
// have a defined, nonzero mean_a and a defined mean_b (e.g. a measure that is 0 on every real
// section). Errors: kInvalidArgument if a and b differ in size, are empty, or resamples < 1 or
// level is outside (0, 1). Thread safety: pure function.
absl::StatusOr<absl::optional<PercentInterval>> BootstrapRelativeDifference(
    const std::vector<absl::optional<double>>& a, const std::vector<absl::optional<double>>& b,
    const BootstrapOptions& options = BootstrapOptions());

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_BOOTSTRAP_INTERVAL_H_
