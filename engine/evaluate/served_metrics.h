// The measures of the as-served evaluation (issue 15 point 1), per track role, computed alike on
// a real window and on the served section requested for it (served_window.h):
//   notes_per_bar               score/notes_per_bar.h (MusPy note count / bars)
//   mean_duration_beats         mean_duration.h (pitched tracks; drum hits are all a 16th)
//   polyphony                   score/polyphony.h (MusPy); on drums: hits sounding together,
//                               each hit a 16th long
//   pitch_range                 score/pitch_range.h (MusPy), semitones, pitched tracks
//   empty_beat_rate             tokens/track_attributes.h EmptyBeatRate (MusPy / mgeval)
//   silent_beats_at_phrase_end  phrase_end_silence.h: share of the silent beats in bars 4 and 8
//                               (pitched tracks)
//   chord_tone_ratio            score/chord_tone_ratio.h, duration-weighted, window chords
//   pitch_class_entropy         score/pitch_class_entropy.h (MusPy), bits
//   scale_consistency           score/scale_consistency.h (MusPy)
//   groove_consistency          score/groove_consistency.h (MusPy, one cell per 1/12 beat)
//   groove_consistency_16th     the same on a 16th-note grid (3 steps per cell)
//   off_eighth_onset_share      off_eighth_onsets.h
//   repeated_pitch_rate         score/repeated_pitch_rate.h: melody (highest voice), bass (lowest)
//   bass_root_at_chord_changes  bass_root_at_chord_changes.h, bass only
//   kick_bass_agreement         dataset/drum_pairing.h KickBassAgreement with the window's own
//                               drums, bass only
//   kick_bass_agreement_shuffled  the same with another section's drums (the caller passes
//                               them: the evaluation takes the next section's, cyclically)
//   kick_onsets_per_bar         16th slots holding a kick drum onset (dataset/drum_pairing.h
//                               KickSlots) per bar, drums only
//   boundary_bar_similarity     phrase_continuity.h: bars 4 and 5 (all roles; 8-bar sections)
//   phrase_answer_similarity    phrase_continuity.h: bars 5-8 against bars 1-4 (all roles)
//   pitch_class_continuity      phrase_continuity.h: bars 3-4 against 5-6 (pitched tracks)
#ifndef STORI_ENGINE_EVALUATE_SERVED_METRICS_H_
#define STORI_ENGINE_EVALUATE_SERVED_METRICS_H_

#include <string>
#include <vector>

#include "engine/evaluate/window_metrics.h"
#include "engine/tokens/remi_window.h"

namespace stori::evaluate {

// Roles in report order.
inline constexpr const char* kServedRoles[] = {"drums", "bass", "harmony", "melody"};

// The metric names of a role ("drums", "bass", "harmony", "melody"), in report order (as listed
// above, those that apply to the role); empty for another name. Thread safety: pure function.
std::vector<std::string> ServedMetricNames(const std::string& role);

// The measures of `track` (a track of `window`), names and order as ServedMetricNames(its
// role); a value is nullopt where the measure is undefined (no notes, no chord change, no drums
// to compare with). `other_drums`: another section's drum track for
// kick_bass_agreement_shuffled, or null. Thread safety: pure function.
std::vector<MetricValue> ServedTrackMetrics(const tokens::RemiWindow& window,
                                            const tokens::TrackSegment& track,
                                            const tokens::TrackSegment* other_drums);

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_SERVED_METRICS_H_
