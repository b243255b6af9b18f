#include "server/validate/field_checks.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace stori::server::validate {

bool CheckRange(double value, double lo, double hi, absl::string_view path, FieldViolations& out) {
  if (value >= lo && value <= hi) return true;
  out.Add(path, absl::StrFormat("must be in [%g, %g]; got %g", lo, hi, value));
  return false;
}

bool CheckIntRange(std::int64_t value, std::int64_t lo, std::int64_t hi, absl::string_view path,
                   FieldViolations& out) {
  if (value >= lo && value <= hi) return true;
  out.Add(path, absl::StrCat("must be in [", lo, ", ", hi, "]; got ", value));
  return false;
}

bool CheckLength(absl::string_view text, std::size_t min_bytes, std::size_t max_bytes,
                 absl::string_view path, FieldViolations& out) {
  if (text.size() >= min_bytes && text.size() <= max_bytes) return true;
  if (text.empty()) {
    out.Add(path, "is required; got an empty string");
  } else {
    out.Add(path, absl::StrCat("must be ", min_bytes, " to ", max_bytes, " bytes long; got ",
                               text.size(), " bytes"));
  }
  return false;
}

bool CheckMaxCount(int count, int max_count, absl::string_view path, FieldViolations& out) {
  if (count <= max_count) return true;
  out.Add(path, absl::StrCat("must have at most ", max_count, " entries; got ", count));
  return false;
}

std::string Indexed(absl::string_view path, int index) {
  return absl::StrCat(path, "[", index, "]");
}

std::string Child(absl::string_view path, absl::string_view field) {
  return path.empty() ? std::string(field) : absl::StrCat(path, ".", field);
}

}  // namespace stori::server::validate
