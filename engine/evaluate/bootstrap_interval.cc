#include "engine/evaluate/bootstrap_interval.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "engine/sampling/rng.h"

namespace stori::evaluate {

absl::StatusOr<absl::optional<PercentInterval>> BootstrapRelativeDifference(
    const std::vector<absl::optional<double>>& a, const std::vector<absl::optional<double>>& b,
    const BootstrapOptions& options) {
  if (a.size() != b.size() || a.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("bootstrap needs one value per section on both sides; got ", a.size(),
                     " and ", b.size()));
  }
  if (options.resamples < 1 || !(options.level > 0 && options.level < 1)) {
    return absl::InvalidArgumentError(absl::StrCat("bootstrap resamples ", options.resamples,
                                                   " and level ", options.level,
                                                   " must be >= 1 and in (0, 1)"));
  }
  const std::size_t n = a.size();
  sampling::Rng rng(options.seed);
  std::vector<double> differences;
  differences.reserve(options.resamples);
  for (int r = 0; r < options.resamples; ++r) {
    double sum_a = 0, sum_b = 0;
    int n_a = 0, n_b = 0;
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t i = rng.NextBelow(n);
      if (a[i]) sum_a += *a[i], ++n_a;
      if (b[i]) sum_b += *b[i], ++n_b;
    }
    if (n_a == 0 || n_b == 0) continue;
    const double mean_a = sum_a / n_a;
    if (mean_a == 0) continue;
    differences.push_back((sum_b / n_b - mean_a) / std::abs(mean_a) * 100);
  }
  if (2 * differences.size() < static_cast<std::size_t>(options.resamples)) {
    return absl::optional<PercentInterval>();
  }
  std::sort(differences.begin(), differences.end());
  auto quantile = [&](double q) {
    const double rank = std::ceil(q * differences.size());
    const std::size_t index =
        static_cast<std::size_t>(std::clamp(rank, 1.0, static_cast<double>(differences.size())));
    return differences[index - 1];
  };
  return absl::optional<PercentInterval>(
      PercentInterval{quantile((1 - options.level) / 2), quantile((1 + options.level) / 2)});
}

}  // namespace stori::evaluate
