// The checks every rule file repeats: a number inside a closed range (NaN and infinities are
// outside every range), a string's byte length, a repeated field's size. Each adds one violation
// to `out` naming `path` and what was expected, and returns whether the value passed.
#ifndef STORI_SERVER_VALIDATE_FIELD_CHECKS_H_
#define STORI_SERVER_VALIDATE_FIELD_CHECKS_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "server/validate/field_violations.h"

namespace stori::server::validate {

// lo <= value <= hi; `!(in range)` so NaN fails. Message: "must be in [lo, hi]; got value".
bool CheckRange(double value, double lo, double hi, absl::string_view path, FieldViolations& out);
// Integer form of CheckRange (for uint32/int32/sint32 fields).
bool CheckIntRange(std::int64_t value, std::int64_t lo, std::int64_t hi, absl::string_view path,
                   FieldViolations& out);
// min_bytes <= text.size() <= max_bytes.
bool CheckLength(absl::string_view text, std::size_t min_bytes, std::size_t max_bytes,
                 absl::string_view path, FieldViolations& out);
// count <= max_count, for repeated fields ("at most N entries; got M").
bool CheckMaxCount(int count, int max_count, absl::string_view path, FieldViolations& out);

// "<path>[<index>]".
std::string Indexed(absl::string_view path, int index);
// "<path>.<field>", or "<field>" when path is empty (top-level fields).
std::string Child(absl::string_view path, absl::string_view field);

}  // namespace stori::server::validate

#endif  // STORI_SERVER_VALIDATE_FIELD_CHECKS_H_
