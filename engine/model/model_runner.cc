// The one file under engine/ that includes LibTorch: ModelRunner and the members of
// DecodeState, whose tensors it owns.
#include "engine/model/model_runner.h"

#include <torch/cuda.h>
#include <torch/script.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/common/status_macros.h"

namespace stori::model {

// ---------------------------------------------------------------------------------------------
// DecodeState

struct DecodeState::Impl {
  // [layers, batch, heads, capacity, head_dim], float32, on the runner's device; positions
  // [0, DecodeState::positions_) are filled. forward() leaves capacity == positions;
  // forward_in_place keeps spare capacity for the next positions.
  torch::Tensor keys;
  torch::Tensor values;  // same shape
};

DecodeState::DecodeState() = default;
DecodeState::~DecodeState() = default;
DecodeState::DecodeState(DecodeState&& other) noexcept
    : impl_(std::move(other.impl_)), batch_(other.batch_), positions_(other.positions_) {
  other.batch_ = 1;
  other.positions_ = 0;
}

DecodeState& DecodeState::operator=(DecodeState&& other) noexcept {
  if (this != &other) {
    impl_ = std::move(other.impl_);
    batch_ = other.batch_;
    positions_ = other.positions_;
    other.batch_ = 1;
    other.positions_ = 0;
  }
  return *this;
}

void DecodeState::Reset() {
  impl_.reset();
  batch_ = 1;
  positions_ = 0;
}

// ---------------------------------------------------------------------------------------------
// ModelRunner

struct ModelRunner::Impl {
  torch::jit::Module module;  // forward() is safe to call from several threads at once
  torch::Device device{torch::kCPU};
  bool in_place = false;      // run forward_in_place (the model exports it and it is enabled)
};

namespace {

constexpr int kWarmupPromptTokens = 16;
constexpr int kWarmupSteps = 4;
constexpr int kWarmupBatch = 3;
constexpr int kMinCachePositions = 256;  // first allocation of an in-place cache

absl::Status TorchError(absl::string_view what, const std::exception& e) {
  if (const auto* c10_error = dynamic_cast<const c10::Error*>(&e)) {
    return absl::InternalError(
        absl::StrCat(what, ": LibTorch error: ", c10_error->what_without_backtrace()));
  }
  return absl::InternalError(absl::StrCat(what, ": ", e.what()));
}

// An int attribute or Final constant of the scripted module, or -1 when it has neither.
int ModuleInt(const torch::jit::Module& module, const std::string& name) {
  if (module.hasattr(name)) {
    torch::IValue v = module.attr(name);
    if (v.isInt()) return static_cast<int>(v.toInt());
  }
  if (module.type()->hasConstant(name)) {
    torch::IValue v = module.type()->getConstant(name);
    if (v.isInt()) return static_cast<int>(v.toInt());
  }
  return -1;
}

absl::StatusOr<torch::Device> ChooseDevice(Device requested) {
  const bool cuda = torch::cuda::is_available();
  const bool mps = at::hasMPS();
  switch (requested) {
    case Device::kAuto:
      if (cuda) return torch::Device(torch::kCUDA, 0);
      if (mps) return torch::Device(torch::kMPS);
      return torch::Device(torch::kCPU);
    case Device::kCpu:
      return torch::Device(torch::kCPU);
    case Device::kCuda:
      if (!cuda) {
        return absl::FailedPreconditionError(
            "device cuda requested, but LibTorch sees no CUDA device (torch::cuda::is_available() "
            "is false; a CPU-only LibTorch build also reports false)");
      }
      return torch::Device(torch::kCUDA, 0);
    case Device::kMps:
      if (!mps) {
        return absl::FailedPreconditionError(
            "device mps requested, but this LibTorch has no MPS backend (at::hasMPS() is false; "
            "MPS exists only in macOS builds)");
      }
      return torch::Device(torch::kMPS);
  }
  return absl::InvalidArgumentError("unknown Device value");
}

absl::Status CheckTokens(absl::Span<const tokens::TokenId> ids, int vocab_size) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] < 0 || ids[i] >= vocab_size) {
      return absl::InvalidArgumentError(absl::StrCat(
          "token ", i, " has id ", ids[i], "; expected 0 <= id < vocab size ", vocab_size));
    }
  }
  return absl::OkStatus();
}

// Copies logits [batch, T, vocab] to the host: all of them, or (last_only) position T - 1.
void CopyLogits(const torch::Tensor& logits, bool last_only, std::vector<float>* out) {
  torch::Tensor host = (last_only ? logits.select(1, logits.size(1) - 1) : logits)
                           .to(torch::kCPU, torch::kFloat32)
                           .contiguous();
  out->resize(static_cast<std::size_t>(host.numel()));
  std::memcpy(out->data(), host.data_ptr<float>(), out->size() * sizeof(float));
}

}  // namespace

ModelRunner::ModelRunner(ModelConfig config, std::string device_name, std::unique_ptr<Impl> impl)
    : config_(std::move(config)), device_name_(std::move(device_name)), impl_(std::move(impl)) {}

ModelRunner::~ModelRunner() = default;

bool ModelRunner::in_place_kv_cache() const { return impl_->in_place; }

absl::StatusOr<std::unique_ptr<ModelRunner>> ModelRunner::Load(const ModelRunnerOptions& options) {
  const std::filesystem::path dir(options.model_dir);
  std::error_code ec;
  if (options.model_dir.empty() || !std::filesystem::is_directory(dir, ec)) {
    return absl::NotFoundError(
        absl::StrCat("model directory \"", options.model_dir, "\" does not exist"));
  }
  const std::string config_path = (dir / "config.json").string();
  const std::string vocab_path = (dir / "vocab.json").string();
  const std::string model_path = (dir / "model.pt").string();

  STORI_ASSIGN_OR_RETURN(const std::string config_text, ReadFileToString(config_path));
  STORI_ASSIGN_OR_RETURN(ModelConfig config, ParseModelConfig(config_text, config_path));
  STORI_ASSIGN_OR_RETURN(const std::string vocab_text, ReadFileToString(vocab_path));
  STORI_ASSIGN_OR_RETURN(const std::vector<std::string> names,
                         ParseVocabTokens(vocab_text, vocab_path));
  const tokens::Vocabulary vocab;
  STORI_RETURN_IF_ERROR(CheckVocabularyMatches(names, vocab, vocab_path));
  if (config.vocab_size != vocab.size()) {
    return absl::FailedPreconditionError(absl::StrCat(config_path, ": vocab_size ",
                                                      config.vocab_size, "; vocab.json has ",
                                                      vocab.size(), " tokens"));
  }
  if (!std::filesystem::is_regular_file(model_path, ec)) {
    return absl::NotFoundError(absl::StrCat(model_path, ": no such file"));
  }
  STORI_ASSIGN_OR_RETURN(const torch::Device device, ChooseDevice(options.device));

  auto impl = std::make_unique<Impl>();
  impl->device = device;
  try {
    c10::InferenceMode guard;
    impl->module = torch::jit::load(model_path, device);
    impl->module.eval();
    impl->in_place =
        options.in_place_kv_cache && impl->module.find_method("forward_in_place").has_value();
  } catch (const std::exception& e) {
    return TorchError(absl::StrCat("loading ", model_path), e);
  }
  const std::pair<const char*, int> expected[] = {{"vocab_size", config.vocab_size},
                                                  {"num_layers", config.num_layers},
                                                  {"num_heads", config.num_heads},
                                                  {"head_dim", config.head_dim},
                                                  {"max_positions", config.max_positions}};
  for (const auto& [name, want] : expected) {
    const int got = ModuleInt(impl->module, name);
    if (got != want) {
      return absl::FailedPreconditionError(absl::StrCat(
          model_path, ": module attribute ", name, " is ",
          got < 0 ? std::string("missing") : absl::StrCat(got), "; config.json says ", want));
    }
  }
  return std::unique_ptr<ModelRunner>(
      new ModelRunner(std::move(config), device.str(), std::move(impl)));
}

absl::Status ModelRunner::Forward(DecodeState* state, absl::Span<const tokens::TokenId> tokens,
                                  int t, Logits wanted, std::vector<float>* logits_out) const {
  const int batch = state->batch_;
  if (t < 1 || static_cast<std::size_t>(batch) * t != tokens.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected ", batch, " rows of T >= 1 tokens; got ", tokens.size(), " tokens"));
  }
  STORI_RETURN_IF_ERROR(CheckTokens(tokens, config_.vocab_size));
  if (state->positions_ + t > config_.max_positions) {
    return absl::ResourceExhaustedError(
        absl::StrCat("decode state holds ", state->positions_, " positions; ", t,
                     " more would exceed the model's max_positions ", config_.max_positions));
  }
  try {
    c10::InferenceMode guard;
    const auto float_options = torch::TensorOptions().dtype(torch::kFloat32).device(impl_->device);
    torch::Tensor past_keys, past_values;
    if (state->impl_ != nullptr) {
      past_keys = state->impl_->keys;
      past_values = state->impl_->values;
    } else {
      past_keys = torch::zeros({config_.num_layers, batch, config_.num_heads, 0, config_.head_dim},
                               float_options);
      past_values = past_keys;
    }
    torch::Tensor input = torch::empty({batch, t}, torch::kInt64);
    std::int64_t* in = input.data_ptr<std::int64_t>();
    for (std::size_t i = 0; i < tokens.size(); ++i) in[i] = tokens[i];
    input = input.to(impl_->device);

    // Each branch yields the logits [batch, t, vocab] and the cache (keys, values) to keep; the
    // state's filled positions stay as they were until the end, so an error leaves it unchanged
    // (forward_in_place writes only positions past them).
    const char* method = impl_->in_place ? "forward_in_place" : "forward";
    torch::Tensor logits, keys, values;
    if (impl_->in_place) {
      keys = past_keys;
      values = past_values;
      const int needed = state->positions_ + t;
      if (keys.size(3) < needed) {  // full (or empty): grow into a copy
        const int capacity =
            std::min(config_.max_positions,
                     std::max({needed, kMinCachePositions, 2 * static_cast<int>(keys.size(3))}));
        keys = torch::empty(
            {config_.num_layers, batch, config_.num_heads, capacity, config_.head_dim},
            float_options);
        values = torch::empty_like(keys);
        keys.narrow(3, 0, state->positions_).copy_(past_keys.narrow(3, 0, state->positions_));
        values.narrow(3, 0, state->positions_)
            .copy_(past_values.narrow(3, 0, state->positions_));
      }
      logits = impl_->module.get_method(method)(
                                {input, keys, values, static_cast<std::int64_t>(state->positions_)})
                   .toTensor();
    } else {
      if (state->impl_ != nullptr) {
        past_keys = past_keys.narrow(3, 0, state->positions_);
        past_values = past_values.narrow(3, 0, state->positions_);
      }
      torch::IValue result = impl_->module.forward({input, past_keys, past_values});
      const auto& outputs = result.toTuple()->elements();
      if (outputs.size() != 3) {
        return absl::InternalError(
            absl::StrCat("model forward returned ", outputs.size(), " values; expected 3"));
      }
      logits = outputs[0].toTensor();
      keys = outputs[1].toTensor();  // [layers, batch, heads, P + t, head_dim]
      values = outputs[2].toTensor();
      if (keys.dim() != 5 || keys.size(3) != state->positions_ + t ||
          !values.sizes().equals(keys.sizes())) {
        return absl::InternalError(absl::StrCat(
            "model forward returned keys ", c10::str(keys.sizes()), " and values ",
            c10::str(values.sizes()), "; expected [", config_.num_layers, ", ", batch, ", ",
            config_.num_heads, ", ", state->positions_ + t, ", ", config_.head_dim, "]"));
      }
    }
    if (logits.dim() != 3 || logits.size(0) != batch || logits.size(1) != t ||
        logits.size(2) != config_.vocab_size) {
      return absl::InternalError(absl::StrCat("model ", method, " returned logits ",
                                              c10::str(logits.sizes()), "; expected [", batch,
                                              ", ", t, ", ", config_.vocab_size, "]"));
    }
    if (wanted != Logits::kNone) CopyLogits(logits, wanted == Logits::kLast, logits_out);
    if (state->impl_ == nullptr) state->impl_ = std::make_unique<DecodeState::Impl>();
    state->impl_->keys = std::move(keys);
    state->impl_->values = std::move(values);
    state->positions_ += t;
  } catch (const std::exception& e) {
    return TorchError("model forward", e);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<float>> ModelRunner::Prefill(
    DecodeState* state, absl::Span<const tokens::TokenId> prompt) const {
  if (state->batch() != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("Prefill needs a batch-1 decode state; it has ", state->batch(), " rows"));
  }
  if (prompt.empty()) return absl::InvalidArgumentError("Prefill got an empty prompt");
  std::vector<float> logits;
  STORI_RETURN_IF_ERROR(
      Forward(state, prompt, static_cast<int>(prompt.size()), Logits::kLast, &logits));
  return logits;
}

absl::Status ModelRunner::Append(DecodeState* state,
                                 absl::Span<const tokens::TokenId> tokens) const {
  if (tokens.empty() || tokens.size() % state->batch() != 0) {
    return absl::InvalidArgumentError(absl::StrCat("Append needs T >= 1 tokens per row for ",
                                                   state->batch(), " rows; got ", tokens.size(),
                                                   " tokens"));
  }
  return Forward(state, tokens, static_cast<int>(tokens.size() / state->batch()), Logits::kNone,
                 nullptr);
}

absl::StatusOr<std::vector<float>> ModelRunner::Step(
    DecodeState* state, absl::Span<const tokens::TokenId> tokens) const {
  if (tokens.size() != static_cast<std::size_t>(state->batch())) {
    return absl::InvalidArgumentError(absl::StrCat("Step needs one token per row (", state->batch(),
                                                   " rows); got ", tokens.size()));
  }
  std::vector<float> logits;
  STORI_RETURN_IF_ERROR(Forward(state, tokens, 1, Logits::kLast, &logits));
  return logits;
}

absl::Status ModelRunner::ExpandBatch(DecodeState* state, int batch) const {
  if (batch < 1) {
    return absl::InvalidArgumentError(absl::StrCat("ExpandBatch needs batch >= 1; got ", batch));
  }
  if (state->batch() != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("ExpandBatch needs a batch-1 decode state; it has ", state->batch(), " rows"));
  }
  if (batch == 1) return absl::OkStatus();
  if (state->impl_ != nullptr) {
    try {
      c10::InferenceMode guard;
      torch::Tensor keys = state->impl_->keys.repeat({1, batch, 1, 1, 1});
      torch::Tensor values = state->impl_->values.repeat({1, batch, 1, 1, 1});
      state->impl_->keys = std::move(keys);
      state->impl_->values = std::move(values);
    } catch (const std::exception& e) {
      return TorchError("ExpandBatch", e);
    }
  }
  state->batch_ = batch;
  return absl::OkStatus();
}

absl::Status ModelRunner::SelectRow(DecodeState* state, int row) const {
  const int rows[] = {row};
  return KeepRows(state, rows);
}

absl::Status ModelRunner::KeepRows(DecodeState* state, absl::Span<const int> rows) const {
  if (rows.empty()) return absl::InvalidArgumentError("KeepRows got no rows");
  for (int r : rows) {
    if (r < 0 || r >= state->batch()) {
      return absl::InvalidArgumentError(
          absl::StrCat("row ", r, " is outside [0, ", state->batch(), ")"));
    }
  }
  if (state->impl_ != nullptr) {
    try {
      c10::InferenceMode guard;
      torch::Tensor index = torch::empty({static_cast<std::int64_t>(rows.size())}, torch::kInt64);
      for (std::size_t i = 0; i < rows.size(); ++i) index.data_ptr<std::int64_t>()[i] = rows[i];
      index = index.to(impl_->device);
      torch::Tensor keys = state->impl_->keys.index_select(1, index);
      torch::Tensor values = state->impl_->values.index_select(1, index);
      state->impl_->keys = std::move(keys);
      state->impl_->values = std::move(values);
    } catch (const std::exception& e) {
      return TorchError("KeepRows", e);
    }
  }
  state->batch_ = static_cast<int>(rows.size());
  return absl::OkStatus();
}

absl::StatusOr<DecodeState> ModelRunner::CloneState(const DecodeState& state) const {
  DecodeState copy;
  copy.batch_ = state.batch_;
  copy.positions_ = state.positions_;
  if (state.impl_ != nullptr) {
    try {
      c10::InferenceMode guard;
      auto impl = std::make_unique<DecodeState::Impl>();
      impl->keys = state.impl_->keys.clone();
      impl->values = state.impl_->values.clone();
      copy.impl_ = std::move(impl);
    } catch (const std::exception& e) {
      return TorchError("CloneState", e);
    }
  }
  return copy;
}

absl::StatusOr<std::vector<float>> ModelRunner::ForwardUncached(
    absl::Span<const tokens::TokenId> tokens) const {
  if (tokens.empty()) return absl::InvalidArgumentError("ForwardUncached got no tokens");
  DecodeState state;
  std::vector<float> logits;
  STORI_RETURN_IF_ERROR(
      Forward(&state, tokens, static_cast<int>(tokens.size()), Logits::kAll, &logits));
  return logits;
}

absl::Status ModelRunner::Warmup() const {
  const int prompt_len =
      std::max(1, std::min(kWarmupPromptTokens, config_.max_positions - 2 * kWarmupSteps));
  std::vector<tokens::TokenId> prompt(prompt_len);
  for (int i = 0; i < prompt_len; ++i) prompt[i] = (i + 1) % config_.vocab_size;
  DecodeState state;
  STORI_RETURN_IF_ERROR(Prefill(&state, prompt).status());
  for (int batch : {1, kWarmupBatch}) {
    if (batch > 1) STORI_RETURN_IF_ERROR(ExpandBatch(&state, batch));
    const std::vector<tokens::TokenId> step(batch, prompt.back());
    for (int i = 0; i < kWarmupSteps && state.positions() < config_.max_positions; ++i) {
      STORI_RETURN_IF_ERROR(Step(&state, step).status());
    }
  }
  return SelectRow(&state, 0);
}

}  // namespace stori::model
