// A small JSON reader (RFC 8259) for the model directory's config.json and vocab.json. Debian
// bookworm's build of this service has no JSON library in its dependency list; these two files
// are small and written by models/stori_model/exporting.py, so a DOM reader of ~200 lines is
// enough. Numbers are held as double (exact for integers up to 2^53); \uXXXX escapes are decoded
// to UTF-8 (surrogate pairs included).
#ifndef STORI_ENGINE_MODEL_JSON_VALUE_H_
#define STORI_ENGINE_MODEL_JSON_VALUE_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace stori::model {

// An immutable JSON value. Thread-compatible.
class JsonValue {
 public:
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };

  JsonValue() = default;
  Type type() const { return type_; }
  bool is_number() const { return type_ == Type::kNumber; }
  bool is_string() const { return type_ == Type::kString; }
  bool is_array() const { return type_ == Type::kArray; }
  bool is_object() const { return type_ == Type::kObject; }

  // Accessors return the zero value (false, 0, "", empty) when the type differs.
  bool bool_value() const { return bool_; }
  double number() const { return number_; }
  const std::string& string() const { return string_; }
  const std::vector<JsonValue>& array() const { return array_; }
  const std::map<std::string, JsonValue>& object() const { return object_; }
  // Member `key` of an object, or nullptr when absent or this is not an object.
  const JsonValue* Find(absl::string_view key) const;

 private:
  friend class JsonParser;
  Type type_ = Type::kNull;
  bool bool_ = false;
  double number_ = 0.0;
  std::string string_;
  std::vector<JsonValue> array_;
  std::map<std::string, JsonValue> object_;  // a repeated key keeps its last value
};

// Parses one JSON text (whitespace around it allowed).
// Errors: kInvalidArgument naming the byte offset and what was expected, for malformed input or
//   nesting deeper than 64 levels.
// Thread safety: pure function.
absl::StatusOr<JsonValue> ParseJson(absl::string_view text);

}  // namespace stori::model

#endif  // STORI_ENGINE_MODEL_JSON_VALUE_H_
