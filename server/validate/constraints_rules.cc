#include "server/validate/constraints_rules.h"

#include "absl/strings/str_cat.h"
#include "server/validate/field_checks.h"
#include "server/validate/limits.h"

namespace stori::server::validate {

FieldViolations ValidateConstraints(const v1::GenerationConstraints& c, absl::string_view path) {
  FieldViolations out;
  auto unit = [&](bool present, float value, absl::string_view field) {
    if (present) CheckRange(value, 0.0, 1.0, Child(path, field), out);
  };
  unit(c.has_drum_density(), c.drum_density(), "drum_density");
  unit(c.has_swing_amount(), c.swing_amount(), "swing_amount");
  unit(c.has_rest_density(), c.rest_density(), "rest_density");
  unit(c.has_leap_probability(), c.leap_probability(), "leap_probability");
  unit(c.has_borrowed_chord_probability(), c.borrowed_chord_probability(),
       "borrowed_chord_probability");
  if (c.has_subdivision()) {
    const std::uint32_t s = c.subdivision();
    if (s != 4 && s != 8 && s != 12 && s != 16 && s != 24 && s != 32) {
      out.Add(Child(path, "subdivision"),
              absl::StrCat("must be 4, 8, 12, 16, 24 or 32 notes per whole note; got ", s));
    }
  }
  if (c.has_register_center()) {
    CheckIntRange(c.register_center(), 0, 127, Child(path, "register_center"), out);
  }
  if (c.has_register_spread()) {
    CheckIntRange(c.register_spread(), 0, kMaxRegisterSpreadSemitones,
                  Child(path, "register_spread"), out);
  }
  if (c.has_harmonic_rhythm_bars()) {
    CheckRange(c.harmonic_rhythm_bars(), kMinHarmonicRhythmBars, kMaxHarmonicRhythmBars,
               Child(path, "harmonic_rhythm_bars"), out);
  }
  const bool floor_ok = c.has_velocity_floor() && CheckIntRange(c.velocity_floor(), 1, 127,
                                                                Child(path, "velocity_floor"), out);
  const bool ceiling_ok =
      c.has_velocity_ceiling() &&
      CheckIntRange(c.velocity_ceiling(), 1, 127, Child(path, "velocity_ceiling"), out);
  if (floor_ok && ceiling_ok && c.velocity_floor() > c.velocity_ceiling()) {
    out.Add(Child(path, "velocity_floor"),
            absl::StrCat("must be <= velocity_ceiling (", c.velocity_ceiling(), "); got ",
                         c.velocity_floor()));
  }
  return out;
}

}  // namespace stori::server::validate
