// Where the model tests find a model: $STORI_MODEL_DIR, else the shipped models/stori-remi/v3.
#ifndef STORI_TESTS_ENGINE_MODEL_MODEL_TEST_UTIL_H_
#define STORI_TESTS_ENGINE_MODEL_MODEL_TEST_UTIL_H_

#include <cstdlib>
#include <filesystem>
#include <string>

#include "tests/testing/status_matchers.h"

namespace stori::model::testing {

// The model directory to test with, or "" when neither $STORI_MODEL_DIR nor the shipped model
// holds a model.pt.
inline std::string TestModelDir() {
  const std::string dir = ::stori::testing::ModelDir();
  std::error_code ec;
  return std::filesystem::exists(std::filesystem::path(dir) / "model.pt", ec) ? dir : "";
}

}  // namespace stori::model::testing

#endif  // STORI_TESTS_ENGINE_MODEL_MODEL_TEST_UTIL_H_
