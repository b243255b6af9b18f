// SetTorchThreads bounds both Torch's intra-op pool and OpenBLAS's own threads
// (engine/model/torch_threads.h).
#include "engine/model/torch_threads.h"

#include <dlfcn.h>

#include "gtest/gtest.h"

namespace stori::model {
namespace {

// OpenBLAS's thread count, or -1 when the BLAS loaded with LibTorch is not OpenBLAS.
int OpenBlasThreads() {
  using GetThreads = int (*)();
  auto* get = reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  return get == nullptr ? -1 : get();
}

TEST(SetTorchThreads, BoundsTorchAndOpenBlas) {
  SetTorchThreads(1);
  EXPECT_EQ(TorchThreads(), 1);
  const int blas = OpenBlasThreads();
  if (blas == -1) GTEST_SKIP() << "the loaded BLAS is not OpenBLAS (no openblas_get_num_threads)";
  EXPECT_EQ(blas, 1);
  SetTorchThreads(2);
  EXPECT_EQ(TorchThreads(), 2);
  EXPECT_EQ(OpenBlasThreads(), 2);
  SetTorchThreads(0);  // raised to 1
  EXPECT_EQ(TorchThreads(), 1);
  EXPECT_EQ(OpenBlasThreads(), 1);
}

}  // namespace
}  // namespace stori::model
