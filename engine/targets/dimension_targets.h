// The scorer's view of a track's targets: the fields of targets::TrackTargets that the dimension
// scores (engine/score/dimension_scores.h) judge a track against.
#ifndef STORI_ENGINE_TARGETS_DIMENSION_TARGETS_H_
#define STORI_ENGINE_TARGETS_DIMENSION_TARGETS_H_

#include "engine/score/dimension_scores.h"
#include "engine/targets/emotion_targets.h"

namespace stori::targets {

// notes/bar, velocity floor and ceiling, syncopation, leap probability, empty-beat rate and the
// requested control bins of `t`, field by field (same units). Thread safety: pure function.
score::DimensionTargets DimensionTargetsOf(const TrackTargets& t);

}  // namespace stori::targets

#endif  // STORI_ENGINE_TARGETS_DIMENSION_TARGETS_H_
