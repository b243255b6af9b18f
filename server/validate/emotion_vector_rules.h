// Rules for EmotionVector and EmotionDelta (proto/stori/generation/v1/emotion.proto). Ranges:
// energy, tension, intimacy, motion 0..1; valence -1..+1. Out of range is an error, never a
// clamp; NaN and infinities are out of range.
#ifndef STORI_SERVER_VALIDATE_EMOTION_VECTOR_RULES_H_
#define STORI_SERVER_VALIDATE_EMOTION_VECTOR_RULES_H_

#include "absl/strings/string_view.h"
#include "server/validate/field_violations.h"
#include "stori/generation/v1/emotion.pb.h"

namespace stori::server::validate {
namespace v1 = ::stori::generation::v1;

// One violation per axis outside its range; `path` is the vector's own path, e.g.
// "rms.sections[2].emotion_vector" gives "rms.sections[2].emotion_vector.tension".
// Thread safety: pure function.
FieldViolations ValidateEmotionVector(const v1::EmotionVector& ev, absl::string_view path);

// One violation per axis whose change is outside the largest meaningful change: valence
// -2..+2, other axes -1..+1 (the span of each axis).
// Thread safety: pure function.
FieldViolations ValidateEmotionDelta(const v1::EmotionDelta& delta, absl::string_view path);

}  // namespace stori::server::validate

#endif  // STORI_SERVER_VALIDATE_EMOTION_VECTOR_RULES_H_
