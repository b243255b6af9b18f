#include "server/validate/emotion_vector_rules.h"

#include "server/validate/field_checks.h"

namespace stori::server::validate {

FieldViolations ValidateEmotionVector(const v1::EmotionVector& ev, absl::string_view path) {
  FieldViolations out;
  CheckRange(ev.energy(), 0.0, 1.0, Child(path, "energy"), out);
  CheckRange(ev.valence(), -1.0, 1.0, Child(path, "valence"), out);
  CheckRange(ev.tension(), 0.0, 1.0, Child(path, "tension"), out);
  CheckRange(ev.intimacy(), 0.0, 1.0, Child(path, "intimacy"), out);
  CheckRange(ev.motion(), 0.0, 1.0, Child(path, "motion"), out);
  return out;
}

FieldViolations ValidateEmotionDelta(const v1::EmotionDelta& delta, absl::string_view path) {
  FieldViolations out;
  CheckRange(delta.energy(), -1.0, 1.0, Child(path, "energy"), out);
  CheckRange(delta.valence(), -2.0, 2.0, Child(path, "valence"), out);
  CheckRange(delta.tension(), -1.0, 1.0, Child(path, "tension"), out);
  CheckRange(delta.intimacy(), -1.0, 1.0, Child(path, "intimacy"), out);
  CheckRange(delta.motion(), -1.0, 1.0, Child(path, "motion"), out);
  return out;
}

}  // namespace stori::server::validate
