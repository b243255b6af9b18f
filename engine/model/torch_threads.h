// Process-wide LibTorch thread settings, so that main() can set them without including torch
// (STYLE.md §5: only engine/model includes torch headers; STYLE.md §6: set once, in main).
#ifndef STORI_ENGINE_MODEL_TORCH_THREADS_H_
#define STORI_ENGINE_MODEL_TORCH_THREADS_H_

namespace stori::model {

// Sets Torch's intra-op thread count (at::set_num_threads) to `threads` (>= 1; smaller values
// are raised to 1). On the 2-core dev machine 1 beats 2 (tests/bench/model_bench.cc), and the
// server runs requests concurrently on its own executor threads instead.
// Thread safety: process-wide; call once from main() before any model work starts.
void SetTorchThreads(int threads);

// Torch's current intra-op thread count (at::get_num_threads).
int TorchThreads();

}  // namespace stori::model

#endif  // STORI_ENGINE_MODEL_TORCH_THREADS_H_
