// Did a refinement move the music the way its emotion change asks? The documented directions
// (engine/targets/TARGETS.md, the axes stori-evaluate-axes sweeps), measured on the regenerated
// tracks before and after:
//   velocity  energy up or intimacy down: the mean velocity rises (and the reverse); checked
//             when energy change - intimacy change is at least kMinAxisChange in size
//   valence   down ("make it sadder"): the melody's mean pitch falls or its share of notes on the
//             key's minor degrees (b3, b6, b7) rises; up: the reverse
//   tension   up: the melody's leap rate (score::LeapRate: share of successive intervals of its
//             top line > 2 semitones, the measure the scorer and the API use) rises
//   motion    up: the melody plays more notes
// An axis changed by less than kMinAxisChange, or whose measure lies on no regenerated track, is
// not checked. RefineSection (section_refiner.h) regenerates with further seed streams until
// every checked axis moved, and says which did not when none of its tries did.
#ifndef STORI_ENGINE_REFINE_EMOTION_EFFECT_H_
#define STORI_ENGINE_REFINE_EMOTION_EFFECT_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/types/optional.h"
#include "engine/section/section_request.h"
#include "engine/music/key.h"
#include "engine/music/track.h"

namespace stori::refine {

inline constexpr float kMinAxisChange = 0.05f;

// The measures above over some tracks of a section.
struct EffectMeasures {
  int notes = 0;                 // all tracks
  double velocity_mean = 0.0;    // all tracks' notes, 1..127
  int melody_notes = 0;          // melody-role tracks
  double melody_pitch_mean = 0.0;
  double melody_minor_share = 0.0;  // 0..1; 0 without a key
  double melody_leap_rate = 0.0;    // 0..1, score::LeapRate; 0 with fewer than two onsets
};

// Measures `tracks` (role, notes); a null track counts as empty. Thread safety: pure function.
EffectMeasures MeasureEffect(
    const std::vector<std::pair<music::TrackRole, const music::Track*>>& tracks,
    const absl::optional<music::Key>& key);

struct EffectCheck {
  int checked = 0;                  // axes checked (velocity counts once)
  std::vector<std::string> unmet;   // e.g. "valence: melody register 66.2 -> 67.0 and ..."
  bool all_moved() const { return unmet.empty(); }
  int moved() const { return checked - static_cast<int>(unmet.size()); }
};

// Checks `after` against `before` for the change `change` (applied minus prior emotion).
// Thread safety: pure function.
EffectCheck CheckEffect(const EffectMeasures& before, const EffectMeasures& after,
                        const EmotionVector& change);

}  // namespace stori::refine

#endif  // STORI_ENGINE_REFINE_EMOTION_EFFECT_H_
