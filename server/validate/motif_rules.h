// Rules for Motif and for the TransformationParams of a MotifUsage (proto rms.proto; bounds in
// server/validate/limits.h). Motif: interval_pattern in semitones from the first note,
// rhythm_pattern of named note values (same length), anchor_scale_degree 1..7. A duration_beats
// that differs from the rhythm pattern's sum is not a violation (the roadmap's own example has
// one; the rhythm governs and the result warns).
#ifndef STORI_SERVER_VALIDATE_MOTIF_RULES_H_
#define STORI_SERVER_VALIDATE_MOTIF_RULES_H_

#include "absl/strings/string_view.h"
#include "server/validate/field_violations.h"
#include "stori/generation/v1/rms.pb.h"

namespace stori::server::validate {
namespace v1 = ::stori::generation::v1;

// Every violation of one motif; `path` is the motif's path, e.g. "rms.motifs[1]". Uniqueness of
// motif_id is checked by ValidateRms. Thread safety: pure function.
FieldViolations ValidateMotif(const v1::Motif& motif, absl::string_view path);

// Checks `params` (at `path`) against the transformation that reads them: TRANSPOSE needs
// semitones -24..24, REGISTER_SHIFT octaves -3..3, RHYTHMIC_EXPAND factor in (1, 4],
// RHYTHMIC_COMPRESS factor in [0.25, 1), INTENSIFY/SIMPLIFY an optional amount 0..1; a parameter
// the transformation does not read is a violation. Thread safety: pure function.
FieldViolations ValidateTransformationParams(v1::Transformation transformation,
                                             const v1::TransformationParams& params,
                                             absl::string_view path);

}  // namespace stori::server::validate

#endif  // STORI_SERVER_VALIDATE_MOTIF_RULES_H_
