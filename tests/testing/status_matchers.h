// Test helpers: status matchers and paths to repository files (fixtures, shipped models, data).
#ifndef STORI_TESTS_TESTING_STATUS_MATCHERS_H_
#define STORI_TESTS_TESTING_STATUS_MATCHERS_H_

#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace stori::testing {

inline const absl::Status& GetStatus(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& s) { return s.status(); }

// Matches an absl::Status or StatusOr whose code is `code` and whose message contains `substr`.
MATCHER_P2(StatusIs, code, substr, "") {
  const absl::Status& s = ::stori::testing::GetStatus(arg);
  *result_listener << "status is " << s;
  return s.code() == code && std::string(s.message()).find(substr) != std::string::npos;
}

MATCHER(IsOk, "") {
  const absl::Status& s = ::stori::testing::GetStatus(arg);
  *result_listener << "status is " << s;
  return s.ok();
}

// Absolute path of a file in the source tree, e.g. SourcePath("tests/fixtures/x.mid").
inline std::string SourcePath(const std::string& relative) {
  return std::string(STORI_SOURCE_DIR) + "/" + relative;
}

// Root of the shared data sets (../shared/data beside the checkout), or "" when absent.
// STORI_DATA_DIR overrides it.
inline std::string SharedDataDir() {
  if (const char* env = std::getenv("STORI_DATA_DIR")) return env;
  return std::string(STORI_SOURCE_DIR) + "/../shared/data";
}

// The model directory tests and benchmarks use: $STORI_MODEL_DIR when set and non-empty, else
// the shipped models/stori-remi/v3.
inline std::string ModelDir() {
  if (const char* env = std::getenv("STORI_MODEL_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  return SourcePath("models/stori-remi/v3");
}

}  // namespace stori::testing

#endif  // STORI_TESTS_TESTING_STATUS_MATCHERS_H_
