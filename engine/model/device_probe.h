// What --device=auto would pick on this machine, without loading a model, so that main() can
// size its thread pools for the device before the model loads (only engine/model includes torch
// headers).
#ifndef STORI_ENGINE_MODEL_DEVICE_PROBE_H_
#define STORI_ENGINE_MODEL_DEVICE_PROBE_H_

#include "engine/model/device.h"

namespace stori::model {

// kAuto becomes kCuda when LibTorch sees a CUDA device, else kMps when it has the MPS backend,
// else kCpu (the order of ModelRunner::Load); any other value is returned unchanged (whether it
// is usable is ModelRunner::Load's error to report).
// Thread safety: thread-safe (reads LibTorch's device availability).
Device ResolveDevice(Device requested);

}  // namespace stori::model

#endif  // STORI_ENGINE_MODEL_DEVICE_PROBE_H_
