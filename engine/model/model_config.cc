#include "engine/model/model_config.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "engine/model/json_value.h"

namespace stori::model {
namespace {

// A window longer than this cannot fit a model's positions at any real density (a 4-bar
// POP909 window with drums is ~420 tokens): a larger value is a typo, not a model.
constexpr int kMaxBarsPerWindow = 64;

absl::Status Annotate(const absl::Status& s, absl::string_view source) {
  return absl::Status(s.code(), absl::StrCat(source, ": ", s.message()));
}

absl::Status ReadString(const JsonValue& root, absl::string_view key, absl::string_view source,
                        std::string* out) {
  const JsonValue* v = root.Find(key);
  if (v == nullptr || !v->is_string() || v->string().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": \"", key, "\" must be a non-empty string"));
  }
  *out = v->string();
  return absl::OkStatus();
}

absl::Status ReadPositiveInt(const JsonValue& root, absl::string_view key, absl::string_view source,
                             int* out) {
  const JsonValue* v = root.Find(key);
  if (v == nullptr || !v->is_number() || v->number() != std::floor(v->number()) ||
      v->number() < 1 || v->number() > 1e9) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": \"", key, "\" must be an integer in [1, 1e9]",
                     v != nullptr && v->is_number() ? absl::StrCat("; got ", v->number()) : ""));
  }
  *out = static_cast<int>(v->number());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> ReadFileToString(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return absl::NotFoundError(absl::StrCat(path, ": no such file"));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) return absl::InternalError(absl::StrCat(path, ": read failed"));
  return text.str();
}

absl::StatusOr<ModelConfig> ParseModelConfig(absl::string_view json, absl::string_view source) {
  absl::StatusOr<JsonValue> root = ParseJson(json);
  if (!root.ok()) return Annotate(root.status(), source);
  if (!root->is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(source, ": expected a JSON object"));
  }
  ModelConfig c;
  for (absl::Status s : {ReadString(*root, "name", source, &c.name),
                         ReadString(*root, "version", source, &c.version),
                         ReadPositiveInt(*root, "vocab_size", source, &c.vocab_size),
                         ReadPositiveInt(*root, "num_layers", source, &c.num_layers),
                         ReadPositiveInt(*root, "num_heads", source, &c.num_heads),
                         ReadPositiveInt(*root, "head_dim", source, &c.head_dim),
                         ReadPositiveInt(*root, "max_positions", source, &c.max_positions)}) {
    if (!s.ok()) return s;
  }
  if (root->Find("bars_per_window") != nullptr) {
    if (absl::Status s = ReadPositiveInt(*root, "bars_per_window", source, &c.bars_per_window);
        !s.ok()) {
      return s;
    }
    if (c.bars_per_window > kMaxBarsPerWindow) {
      return absl::InvalidArgumentError(absl::StrCat(source, ": \"bars_per_window\" is ",
                                                     c.bars_per_window, "; at most ",
                                                     kMaxBarsPerWindow, " bars"));
    }
  }
  return c;
}

absl::StatusOr<std::vector<std::string>> ParseVocabTokens(absl::string_view json,
                                                          absl::string_view source) {
  absl::StatusOr<JsonValue> root = ParseJson(json);
  if (!root.ok()) return Annotate(root.status(), source);
  const JsonValue* version = root->Find("version");
  if (version == nullptr || !version->is_number() ||
      version->number() != tokens::Vocabulary::kVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        source, ": token grammar version ",
        version != nullptr && version->is_number() ? absl::StrCat(version->number()) : "missing",
        "; this build reads stori-remi v", tokens::Vocabulary::kVersion,
        ": the model was trained on another token grammar (use a model exported for this build)"));
  }
  const JsonValue* tokens = root->Find("tokens");
  if (tokens == nullptr || !tokens->is_array()) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": expected an object with a \"tokens\" array of names"));
  }
  std::vector<std::string> names;
  names.reserve(tokens->array().size());
  for (std::size_t i = 0; i < tokens->array().size(); ++i) {
    const JsonValue& t = tokens->array()[i];
    if (!t.is_string()) {
      return absl::InvalidArgumentError(absl::StrCat(source, ": tokens[", i, "] is not a string"));
    }
    names.push_back(t.string());
  }
  return names;
}

absl::Status CheckVocabularyMatches(const std::vector<std::string>& names,
                                    const tokens::Vocabulary& vocab, absl::string_view source) {
  const std::size_t common = std::min(names.size(), static_cast<std::size_t>(vocab.size()));
  for (std::size_t i = 0; i < common; ++i) {
    if (names[i] != vocab.Name(static_cast<tokens::TokenId>(i))) {
      return absl::FailedPreconditionError(absl::StrCat(
          source, ": token ", i, " is \"", names[i], "\"; this build's vocabulary (stori-remi v",
          tokens::Vocabulary::kVersion, ") has \"", vocab.Name(static_cast<tokens::TokenId>(i)),
          "\" there: the model was trained on another vocabulary"));
    }
  }
  if (names.size() != static_cast<std::size_t>(vocab.size())) {
    return absl::FailedPreconditionError(
        absl::StrCat(source, ": ", names.size(), " tokens; this build's vocabulary (stori-remi v",
                     tokens::Vocabulary::kVersion, ") has ", vocab.size(), " (first ", common,
                     " agree): the model was trained on another vocabulary"));
  }
  return absl::OkStatus();
}

}  // namespace stori::model
