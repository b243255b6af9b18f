// Rules for GenerationConstraints (proto generation.proto): probabilities and densities 0..1,
// subdivision one of 4, 8, 12, 16, 24, 32, register_center 0..127, register_spread 0..64,
// harmonic_rhythm_bars 0.25..8, velocity floor and ceiling 1..127 with floor <= ceiling. Only
// fields that are present are checked.
#ifndef STORI_SERVER_VALIDATE_CONSTRAINTS_RULES_H_
#define STORI_SERVER_VALIDATE_CONSTRAINTS_RULES_H_

#include "absl/strings/string_view.h"
#include "server/validate/field_violations.h"
#include "stori/generation/v1/generation.pb.h"

namespace stori::server::validate {
namespace v1 = ::stori::generation::v1;

// Every violation of `constraints` (at `path`, e.g. "constraints"). Thread safety: pure function.
FieldViolations ValidateConstraints(const v1::GenerationConstraints& constraints,
                                    absl::string_view path);

}  // namespace stori::server::validate

#endif  // STORI_SERVER_VALIDATE_CONSTRAINTS_RULES_H_
