// The per-generation state of cached decoding: the key/value cache (KvCache) of `batch` rows
// that continue one prompt. The whole of it is two float32 tensors [layers, batch, heads,
// capacity, head_dim] (keys, values) on the runner's device, of which the first
// positions() are filled; capacity == positions() for models/stori_model/model.py's forward(),
// and grows by doubling up to max_positions for its forward_in_place (engine/model/
// model_runner.h).
//
// A DecodeState is created empty (batch 1, 0 positions) and is advanced only through the
// ModelRunner that created its first entry (Prefill/Append/Step/ExpandBatch/SelectRow/KeepRows,
// engine/model/model_runner.h). Its tensors are held behind a pimpl so that this header does not
// include LibTorch; the members are defined in model_runner.cc, the only file that does.
#ifndef STORI_ENGINE_MODEL_DECODE_STATE_H_
#define STORI_ENGINE_MODEL_DECODE_STATE_H_

#include <memory>

namespace stori::model {

class ModelRunner;

// Thread-compatible: one generation drives it; move it between threads freely.
class DecodeState {
 public:
  // An empty state: batch 1, no positions.
  DecodeState();
  ~DecodeState();
  // A moved-from state is empty (batch 1, 0 positions).
  DecodeState(DecodeState&&) noexcept;
  DecodeState& operator=(DecodeState&&) noexcept;
  DecodeState(const DecodeState&) = delete;
  DecodeState& operator=(const DecodeState&) = delete;

  // Rows (candidates) in the cache, >= 1.
  int batch() const { return batch_; }
  // Positions (tokens) cached per row; every row holds the same number. The next token goes to
  // position positions().
  int positions() const { return positions_; }
  // Drops the cache: batch 1, 0 positions (the runner's tensors are freed).
  void Reset();

 private:
  friend class ModelRunner;
  struct Impl;  // holds keys_ and values_ (torch::Tensor)
  std::unique_ptr<Impl> impl_;
  int batch_ = 1;
  int positions_ = 0;
};

}  // namespace stori::model

#endif  // STORI_ENGINE_MODEL_DECODE_STATE_H_
