#include "engine/model/torch_threads.h"

#include <ATen/Parallel.h>
#include <dlfcn.h>

#include <algorithm>

namespace stori::model {
namespace {

// OpenBLAS's own thread count, when the BLAS LibTorch loaded is OpenBLAS (Debian's
// libopenblas0-pthread behind libblas.so.3); looked up at run time because the link-time
// libblas.so may be another implementation without the symbol. Returns whether it was set.
bool SetOpenBlasThreads(int threads) {
  using SetThreads = void (*)(int);
  auto* set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (set == nullptr) return false;
  set(threads);
  return true;
}

}  // namespace

void SetTorchThreads(int threads) {
  const int n = std::max(1, threads);
  at::set_num_threads(n);
  SetOpenBlasThreads(n);
}

int TorchThreads() { return at::get_num_threads(); }

}  // namespace stori::model
