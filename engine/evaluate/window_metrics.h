// The objective measures (engine/score/) on one window's tracks, as the model card reports them
// for generated and real music alike. Per pitched track (bass, harmony, melody):
//   chord_tone_ratio     score/chord_tone_ratio.h, duration-weighted ("share of note-on time"),
//                        against the window's chords
//   pitch_class_entropy  score/pitch_class_entropy.h, MusPy (counts notes), bits
//   scale_consistency    score/scale_consistency.h, MusPy
//   notes_per_bar        score/notes_per_bar.h
//   empty_beat_rate      tokens/track_attributes.h, MusPy / mgeval, of this track alone
// and for bass only, where the window holds drums:
//   kick_bass_agreement  dataset/drum_pairing.h: Jaccard index of the 16th slots of kick drum
//                        and bass onsets (how tightly the bass locks to the kick)
// per drum track:
//   notes_per_bar, empty_beat_rate (as above)
//   groove_consistency      score/groove_consistency.h, MusPy (one cell per 1/12-beat step)
//   groove_consistency_16th the same on a 16th-note grid (3 steps per cell)
// and per window holding pitched tracks, group "pitched_mix":
//   empty_beat_rate      of bass, harmony and melody together (no instrument sounds)
#ifndef STORI_ENGINE_EVALUATE_WINDOW_METRICS_H_
#define STORI_ENGINE_EVALUATE_WINDOW_METRICS_H_

#include <string>
#include <vector>

#include "absl/types/optional.h"
#include "engine/tokens/remi_window.h"

namespace stori::evaluate {

// Group names in report order: "drums", "bass", "harmony", "melody" (a track role) and
// "pitched_mix" (the window's pitched tracks together).
inline constexpr const char* kMetricGroups[] = {"drums", "bass", "harmony", "melody",
                                                "pitched_mix"};

// Lower-case role name: "drums", "bass", "harmony", "melody".
const char* RoleName(tokens::TokenRole role);

struct MetricValue {
  std::string name;
  absl::optional<double> value;  // nullopt where the measure is undefined (no notes, one bar)
};

// The metric names of a group, in report order (as listed above); empty for an unknown group.
std::vector<std::string> MetricNames(const std::string& group);

// The measures of `track` (a track of `window`), names and order as MetricNames(its role).
// Thread safety: pure function.
std::vector<MetricValue> TrackMetrics(const tokens::RemiWindow& window,
                                      const tokens::TrackSegment& track);

// The "pitched_mix" measures of `window`; empty when it holds no pitched track.
// Thread safety: pure function.
std::vector<MetricValue> PitchedMixMetrics(const tokens::RemiWindow& window);

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_WINDOW_METRICS_H_
