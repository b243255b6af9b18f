#include "engine/targets/dimension_targets.h"

namespace stori::targets {

score::DimensionTargets DimensionTargetsOf(const TrackTargets& t) {
  score::DimensionTargets d;
  d.notes_per_bar = t.notes_per_bar;
  d.velocity_floor = t.velocity_floor;
  d.velocity_ceiling = t.velocity_ceiling;
  d.syncopation = t.syncopation;
  d.leap_probability = t.leap_probability;
  d.rest_density = t.rest_density;
  d.bins = t.bins;
  return d;
}

}  // namespace stori::targets
