// JSON text pieces for the evaluation reports (evaluation_report.h, served_report.h): strings
// quoted and escaped, numbers with null for non-finite values (RFC 8259 has no NaN).
#ifndef STORI_ENGINE_EVALUATE_JSON_TEXT_H_
#define STORI_ENGINE_EVALUATE_JSON_TEXT_H_

#include <string>

#include "absl/types/optional.h"

namespace stori::evaluate {

// `s` as a JSON string: in double quotes, '"' and '\' escaped, control characters as \u00XX.
// Thread safety: pure function.
std::string JsonQuoted(const std::string& s);

// `v` with 6 significant digits ("%.6g"), or null when it is not finite.
// Thread safety: pure function.
std::string JsonNumber(double v);

// JsonNumber(*v), or null for nullopt. Thread safety: pure function.
std::string JsonNumber(const absl::optional<double>& v);

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_JSON_TEXT_H_
