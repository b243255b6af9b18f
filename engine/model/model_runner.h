// Runs the shipped decoder-only transformer (TorchScript, models/<name>/<version>/model.pt)
// through LibTorch with a key/value cache. The scripted interface, from
// models/stori_model/model.py:
//   forward(tokens int64 [batch, T], past_keys float32 [layers, batch, heads, P, head_dim],
//           past_values (same)) -> (logits float32 [batch, T, vocab],
//           new_keys [layers, batch, heads, P + T, head_dim], new_values (same))
// with positions P .. P + T - 1, all < max_positions (learned absolute position embeddings).
// A model that also exports
//   forward_in_place(tokens int64 [batch, T], keys, values float32 [layers, batch, heads, C,
//                    head_dim], past int) -> logits float32 [batch, T, vocab]
// (models from 2026-11-26 on) is run through it: the cache is preallocated (C >= P + T,
// growing by doubling up to max_positions) and the new positions are written in place, so a
// step copies O(T) cache entries instead of forward()'s O(P + T) concatenation and stack.
//
// Typical use: Prefill the prompt (batch 1), ExpandBatch to the number of candidates, Step one
// token per row until done, then SelectRow the best candidate to go on from it.
//
// Errors: no exception leaves this class; LibTorch's c10::Error becomes kInternal with its
// message.
#ifndef STORI_ENGINE_MODEL_MODEL_RUNNER_H_
#define STORI_ENGINE_MODEL_MODEL_RUNNER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "engine/model/decode_state.h"
#include "engine/model/device.h"
#include "engine/model/model_config.h"
#include "engine/tokens/vocabulary.h"

namespace stori::model {


struct ModelRunnerOptions {
  std::string model_dir;  // holds model.pt, config.json, vocab.json
  // kAuto: CUDA if torch::cuda::is_available(), else MPS if at::hasMPS() (LibTorch built with
  // MPS on macOS), else CPU.
  Device device = Device::kAuto;
  // Use the model's forward_in_place when it has one (see above); false always uses forward().
  // The two agree to float rounding (tests/engine/model/model_runner_test.cc).
  bool in_place_kv_cache = true;
};

// Immutable after Load; thread-safe: any number of generations call it concurrently, each with
// its own DecodeState (a DecodeState itself is thread-compatible: the methods that take a
// `DecodeState*` must not run concurrently on the same state). Every call runs under
// c10::InferenceMode. Torch's intra-op thread count is process-wide and set by main(), not here
// (measured on the 2-core dev machine: 1 thread beats 2, see tests/bench/model_bench.cc).
// On any error a method leaves the DecodeState as it was.
class ModelRunner {
 public:
  // Loads model.pt onto the chosen device, reads config.json and vocab.json, and checks them
  // against each other, against the module's own attributes and against this build's
  // tokens::Vocabulary.
  // Errors: kNotFound for a missing directory or file (names the path); kInvalidArgument for a
  //   malformed config.json/vocab.json; kFailedPrecondition when vocab.json differs from
  //   tokens::Vocabulary (names the first differing id and both names), when config.json and
  //   the module disagree (names the field), or when the requested device is not available;
  //   kInternal wrapping LibTorch's message when model.pt cannot be loaded.
  // Thread safety: safe to call concurrently (each call loads its own module).
  static absl::StatusOr<std::unique_ptr<ModelRunner>> Load(const ModelRunnerOptions& options);

  ~ModelRunner();
  ModelRunner(const ModelRunner&) = delete;
  ModelRunner& operator=(const ModelRunner&) = delete;

  // Runs a short prefill (16 tokens) and decode (4 steps at batch 1 and 3) so the first request
  // does not pay for TorchScript's profiling runs and allocator growth. Call once before health
  // turns SERVING. Errors: as Prefill/Step (kInternal on a LibTorch failure).
  absl::Status Warmup() const;

  // Appends `prompt` (T >= 1 tokens) to a batch-1 state and returns the logits of the last new
  // position, [vocab_size]. The state may already hold positions (then this continues it).
  // Errors: kInvalidArgument if prompt is empty, a token is outside [0, vocab_size) (names the
  //   index and id), or state->batch() != 1; kResourceExhausted if positions() + T >
  //   max_positions() (names the limit; the state is unchanged); kInternal on a LibTorch failure
  //   (the state is unchanged).
  absl::StatusOr<std::vector<float>> Prefill(DecodeState* state,
                                             absl::Span<const tokens::TokenId> prompt) const;

  // Appends a forced span: T = tokens.size() / state->batch() tokens to every row, row-major
  // ([batch, T]; T >= 1), without returning logits (use Prefill for a batch-1 span whose last
  // logits are needed, or Step with T = 1).
  // Errors: kInvalidArgument if tokens.size() is 0 or not a multiple of batch(), or a token is
  //   out of range; kResourceExhausted past max_positions(); kInternal (state unchanged).
  absl::Status Append(DecodeState* state, absl::Span<const tokens::TokenId> tokens) const;

  // Appends one token per row (tokens.size() == state->batch()) and returns the next-token
  // logits of every row, [batch * vocab_size] row-major (row r at r * vocab_size()).
  // Errors: kInvalidArgument if tokens.size() != batch() or a token is out of range;
  //   kResourceExhausted if positions() + 1 > max_positions(); kInternal (state unchanged).
  absl::StatusOr<std::vector<float>> Step(DecodeState* state,
                                          absl::Span<const tokens::TokenId> tokens) const;

  // Replicates a batch-1 state to `batch` identical rows (candidates continuing one prompt).
  // Errors: kInvalidArgument if batch < 1 or state->batch() != 1 (batch 1 is a no-op);
  //   kInternal on a LibTorch failure.
  absl::Status ExpandBatch(DecodeState* state, int batch) const;

  // Keeps only row `row` (0-based): the state becomes batch 1 with that row's cache.
  // Errors: kInvalidArgument if row is outside [0, batch()); kInternal.
  absl::Status SelectRow(DecodeState* state, int row) const;

  // Keeps the listed rows, in the listed order (repeats allowed: a row may be forked).
  // Errors: kInvalidArgument if rows is empty or a row is outside [0, batch()); kInternal.
  absl::Status KeepRows(DecodeState* state, absl::Span<const int> rows) const;

  // A deep copy of `state` (to branch several passes off one cached prompt).
  // Errors: kInternal on a LibTorch failure.
  absl::StatusOr<DecodeState> CloneState(const DecodeState& state) const;

  // Logits of one uncached forward over `tokens` (batch 1, positions 0 .. T-1), [T * vocab_size]
  // row-major. For tests and offline checks. Errors: as Prefill.
  absl::StatusOr<std::vector<float>> ForwardUncached(
      absl::Span<const tokens::TokenId> tokens) const;

  const std::string& model_id() const { return config_.name; }          // config.json "name"
  const std::string& model_version() const { return config_.version; }  // config.json "version"
  // "cpu", "cuda:0", "mps": where the weights live.
  const std::string& device_name() const { return device_name_; }
  int max_positions() const { return config_.max_positions; }
  // True when decoding runs through the model's forward_in_place (preallocated cache).
  bool in_place_kv_cache() const;
  int vocab_size() const { return config_.vocab_size; }
  const ModelConfig& config() const { return config_; }

 private:
  struct Impl;  // the torch::jit::Module and device
  ModelRunner(ModelConfig config, std::string device_name, std::unique_ptr<Impl> impl);
  enum class Logits { kNone, kLast, kAll };
  // Runs forward over `tokens` [state->batch(), t] after the state's cache and, on success only,
  // replaces the cache. `logits_out` receives nothing (kNone), the last position's logits
  // [batch * vocab] (kLast) or all of them [batch * t * vocab] (kAll).
  absl::Status Forward(DecodeState* state, absl::Span<const tokens::TokenId> tokens, int t,
                       Logits wanted, std::vector<float>* logits_out) const;

  ModelConfig config_;
  std::string device_name_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stori::model

#endif  // STORI_ENGINE_MODEL_MODEL_RUNNER_H_
