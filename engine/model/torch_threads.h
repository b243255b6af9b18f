// Process-wide LibTorch thread settings, so that main() can set them without including torch
// (only engine/model includes torch headers; the counts are set once, in main).
#ifndef STORI_ENGINE_MODEL_TORCH_THREADS_H_
#define STORI_ENGINE_MODEL_TORCH_THREADS_H_

namespace stori::model {

// Sets Torch's intra-op thread count (at::set_num_threads) and OpenBLAS's thread count
// (openblas_set_num_threads, when the loaded BLAS is OpenBLAS) to `threads` (>= 1; smaller
// values are raised to 1). OpenBLAS otherwise starts one thread per core whatever Torch is told,
// and two sections decoding at once then compete with each other's BLAS threads: on the 2-core
// dev machine, two 8-bar BALANCED calls at a time finished 26 calls in 60 s at p50 4.85 s with
// OpenBLAS's default, 53 at p50 2.35 s with one BLAS thread each (README "Overload and memory").
// One section alone on an idle machine is ~15% faster with two BLAS threads (BALANCED 1.82 s
// against 2.15 s); the server runs sections concurrently on its own threads instead.
// Thread safety: process-wide; call once from main() before any model work starts.
void SetTorchThreads(int threads);

// Torch's current intra-op thread count (at::get_num_threads).
int TorchThreads();

}  // namespace stori::model

#endif  // STORI_ENGINE_MODEL_TORCH_THREADS_H_
