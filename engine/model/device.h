// Where the model runs, and the names the --device flag uses. Header-only, with no Torch, so the
// server's flag parsing uses the same enum without linking LibTorch.
#ifndef STORI_ENGINE_MODEL_DEVICE_H_
#define STORI_ENGINE_MODEL_DEVICE_H_

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace stori::model {

// kAuto: CUDA, else MPS, else CPU (ModelRunner::Load).
enum class Device { kAuto, kCpu, kCuda, kMps };

// "auto", "cpu", "cuda", "mps" (the --device flag values). Thread safety: pure.
inline absl::string_view DeviceFlagName(Device device) {
  switch (device) {
    case Device::kAuto:
      return "auto";
    case Device::kCpu:
      return "cpu";
    case Device::kCuda:
      return "cuda";
    case Device::kMps:
      return "mps";
  }
  return "unknown";
}

// Inverse of DeviceFlagName (exact, lower case).
// Errors: kInvalidArgument naming the value and the accepted ones.
inline absl::StatusOr<Device> ParseDevice(absl::string_view name) {
  for (Device d : {Device::kAuto, Device::kCpu, Device::kCuda, Device::kMps}) {
    if (name == DeviceFlagName(d)) return d;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown device \"", name, "\"; expected auto, cpu, cuda or mps"));
}

}  // namespace stori::model

#endif  // STORI_ENGINE_MODEL_DEVICE_H_
