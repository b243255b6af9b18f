// The files of a model directory besides the weights (models/<name>/<version>/, written by
// models/stori_model/exporting.py):
//   config.json  {"name", "version", "vocab_size", "num_layers", "num_heads", "head_dim",
//                 "max_positions", "bars_per_window", ...}: the contract of model.pt plus its
//                 model-card numbers;
//   vocab.json   {"tokens": [names in id order], ...}: must equal this build's
//                 tokens::Vocabulary (engine/tokens/vocabulary.h) name for name.
#ifndef STORI_ENGINE_MODEL_MODEL_CONFIG_H_
#define STORI_ENGINE_MODEL_MODEL_CONFIG_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/tokens/vocabulary.h"

namespace stori::model {

// config.json's fields the runner uses. All ints are >= 1 after ReadModelConfig.
struct ModelConfig {
  std::string name;     // model id, e.g. "stori-remi"
  std::string version;  // e.g. "v1"
  int vocab_size = 0;
  int num_layers = 0;
  int num_heads = 0;
  int head_dim = 0;
  int max_positions = 0;  // positions 0..max_positions-1 exist (learned absolute embeddings)
  // Bars per training window (the data set's manifest.json "bars_per_window"): the longest span
  // the model has learned to hear at once; the section generator decodes windows this long.
  // Optional in config.json: models exported before it was written (v1-v3) were all trained on
  // 4-bar windows, so a missing field reads as kDefaultBarsPerWindow.
  static constexpr int kDefaultBarsPerWindow = 4;
  int bars_per_window = kDefaultBarsPerWindow;
};

// Returns the whole text of the file at `path`.
// Errors: kNotFound if it does not exist; kInternal if it cannot be read.
// Thread safety: safe to call concurrently.
absl::StatusOr<std::string> ReadFileToString(const std::string& path);

// Parses config.json's text. `source` names the file in messages.
// Errors: kInvalidArgument for malformed JSON, a missing or non-string name/version, a
//   missing, non-integer or < 1 vocab_size/num_layers/num_heads/head_dim/max_positions, or a
//   present bars_per_window that is not an integer in [1, 64].
// Thread safety: pure function.
absl::StatusOr<ModelConfig> ParseModelConfig(absl::string_view json, absl::string_view source);

// Parses vocab.json's text: the "tokens" array of names, in id order.
// Errors: kInvalidArgument for malformed JSON or a missing/non-string-array "tokens";
//   kFailedPrecondition when "version" (the token grammar) is missing or is not
//   tokens::Vocabulary::kVersion (a model trained on another grammar).
// Thread safety: pure function.
absl::StatusOr<std::vector<std::string>> ParseVocabTokens(absl::string_view json,
                                                          absl::string_view source);

// OK when `names` equals vocab's names, id for id.
// Errors: kFailedPrecondition naming the first differing id and both names, or both sizes.
// Thread safety: pure function.
absl::Status CheckVocabularyMatches(const std::vector<std::string>& names,
                                    const tokens::Vocabulary& vocab, absl::string_view source);

}  // namespace stori::model

#endif  // STORI_ENGINE_MODEL_MODEL_CONFIG_H_
