#include "engine/model/device_probe.h"

#include "ATen/Context.h"
#include "torch/cuda.h"

namespace stori::model {

Device ResolveDevice(Device requested) {
  if (requested != Device::kAuto) return requested;
  if (torch::cuda::is_available()) return Device::kCuda;
  if (at::hasMPS()) return Device::kMps;
  return Device::kCpu;
}

}  // namespace stori::model
