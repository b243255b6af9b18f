#include "engine/model/torch_threads.h"

#include <ATen/Parallel.h>

#include <algorithm>

namespace stori::model {

void SetTorchThreads(int threads) { at::set_num_threads(std::max(1, threads)); }

int TorchThreads() { return at::get_num_threads(); }

}  // namespace stori::model
