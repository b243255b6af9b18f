#include "engine/evaluate/json_text.h"

#include <cmath>

#include "absl/strings/str_format.h"

namespace stori::evaluate {

std::string JsonQuoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      absl::StrAppendFormat(&out, "\\u%04x", c);
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string JsonNumber(double v) {
  if (!std::isfinite(v)) return "null";
  return absl::StrFormat("%.6g", v);
}

std::string JsonNumber(const absl::optional<double>& v) { return v ? JsonNumber(*v) : "null"; }

}  // namespace stori::evaluate
