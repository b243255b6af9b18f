// Per-track generation targets derived from a section's EmotionVector, section type, genre,
// track behaviours and generation constraints: README "How a section is made" step 1. The numbers come from
// engine/targets/emotion_target_table.h (published as engine/targets/TARGETS.md); the requested
// attribute bins use the bin edges of engine/tokens/track_attributes.h, so a generated track hits
// its control when AttributeBinsOf(MeasureTrack(notes)) == TrackTargets::bins.
#ifndef STORI_ENGINE_TARGETS_EMOTION_TARGETS_H_
#define STORI_ENGINE_TARGETS_EMOTION_TARGETS_H_

#include <string>
#include <vector>

#include "engine/section/section_request.h"
#include "engine/music/track.h"
#include "engine/targets/control_response.h"
#include "engine/tokens/track_attributes.h"

namespace stori::targets {

// What one track should sound like in the section. Units and ranges per field.
struct TrackTargets {
  music::TrackRole role = music::TrackRole::kOther;
  // TrackBehavior::active, copied: inactive tracks still get targets; the generator silences
  // them.
  bool active = true;
  // Normalized density 0..1 before notes_per_bar is read off the role's range (for drums this is
  // the roadmap's drum density, or the drum_density constraint).
  double density = 0.0;
  double notes_per_bar = 0.0;  // note onsets per bar, >= 0
  // MIDI pitch 0..127 (mean pitch of the track's notes); 0 for drums (no register).
  int register_center = 0;
  // Semitones 0..128, full width; 0 for drums. GenerationConstraints.register_spread is a
  // half-width: a constraint h gives 2 * h here.
  int register_spread = 0;
  // True when register_spread came from the constraint: the generator then keeps every note
  // within register_center +- register_spread / 2 however narrow (else at least +- 6).
  bool register_spread_constrained = false;
  int velocity_floor = 1;         // MIDI velocity 1..127
  int velocity_ceiling = 127;     // MIDI velocity 1..127, >= velocity_floor
  double syncopation = 0.0;       // 0..1, share of onsets off the eighth grid
  double polyphony = 1.0;         // notes per onset, >= 1
  double note_length = 0.25;      // beats, > 0 (drums 0.25: hits decode to a 16th)
  double leap_probability = 0.0;  // 0..1, share of successive intervals > 2 semitones
  double swing = 0.0;             // 0..1: 0 straight, 1 full triplet shuffle
  int subdivision = 2;            // onsets per beat of the rhythmic grid: 1, 2 (8ths), 3, 4 (16ths)
  // True when subdivision came from the constraint: the generator then gates onsets to that
  // grid; a derived subdivision only biases them (motion raises the share off the 8th grid).
  bool subdivision_constrained = false;
  double rest_density = 0.0;      // 0..1, empty-beat rate: share of beats in which it is silent
  // The bins of the numbers above with track_attributes.h's edges: density <- notes_per_bar,
  // register_bin <- register_center (drums: 5, the empty-track default; no token is written),
  // velocity_level <- (floor + ceiling) / 2, syncopation, polyphony, note_length, empty_beats
  // <- rest_density; the continuous ones dithered (ComputeTargets). What a generated track is
  // scored and reported against, and the empty-beat bin the decoder holds it to.
  tokens::AttributeBins bins;
  // The control tokens the model is conditioned on: `bins`, except that density, syncopation,
  // polyphony and note_length are drawn (with the same dither) from target x the role's gain of
  // control_response.h, so that the model's output lands on the target rather than beside it.
  tokens::AttributeBins control_bins;

  // Every field equal (what RefineSection asks when it decides whether an emotion change reaches
  // a track). Keep in step with the fields above.
  friend bool operator==(const TrackTargets& a, const TrackTargets& b) {
    return a.role == b.role && a.active == b.active && a.density == b.density &&
           a.notes_per_bar == b.notes_per_bar && a.register_center == b.register_center &&
           a.register_spread == b.register_spread &&
           a.register_spread_constrained == b.register_spread_constrained &&
           a.velocity_floor == b.velocity_floor && a.velocity_ceiling == b.velocity_ceiling &&
           a.syncopation == b.syncopation && a.polyphony == b.polyphony &&
           a.note_length == b.note_length && a.leap_probability == b.leap_probability &&
           a.swing == b.swing && a.subdivision == b.subdivision &&
           a.subdivision_constrained == b.subdivision_constrained &&
           a.rest_density == b.rest_density && a.bins == b.bins &&
           a.control_bins == b.control_bins;
  }
  friend bool operator!=(const TrackTargets& a, const TrackTargets& b) { return !(a == b); }
};

struct SectionTargets {
  std::vector<TrackTargets> tracks;  // one per SectionRequest::tracks entry, same order
  double temperature = 1.0;          // > 0, SamplerConfig::temperature
  double top_p = 0.95;               // (0, 1], SamplerConfig::top_p
  // Nats added to chord tones' logits (0..1.2); low tension -> strong, high -> none.
  double chord_tone_bias = 0.6;
  // Nats added to the logits of scale tones that are not chord tones (kScaleToneBias).
  double scale_tone_bias = 0.3;

  // The sampling settings (temperature, top_p, chord- and scale-tone bias) are equal; tracks not
  // compared.
  bool SameSampling(const SectionTargets& other) const {
    return temperature == other.temperature && top_p == other.top_p &&
           chord_tone_bias == other.chord_tone_bias && scale_tone_bias == other.scale_tone_bias;
  }
};

// One input behind a target: e.g. {"energy", 0.8, 1.0} or {"constraint.velocity_floor", 90, 1}.
struct TargetFactor {
  std::string name;
  double value = 0.0;
  double weight = 0.0;
};

// How one target was obtained, for the intent trace (engine/common/intent_trace.h).
struct TargetExplanation {
  std::string target;   // field name, e.g. "velocity_floor"
  double value = 0.0;   // the final value
  std::string formula;  // e.g. "lerp(40, 80, clamp(0.2 + sum(weight * value), 0, 1))"
  std::vector<TargetFactor> factors;
};

// Targets plus, per track and for the section-wide settings, what produced each number.
struct ExplainedTargets {
  SectionTargets targets;
  std::vector<std::vector<TargetExplanation>> tracks;  // same order as targets.tracks
  std::vector<TargetExplanation> section;              // temperature, top_p, chord_tone_bias
};

// Returns the targets of every track of `request` (same order as request.tracks) and the
// section-wide sampling settings, from request.section.emotion, .section_type,
// request.genre, request.section.track_behaviors and request.constraints:
//   - the table of emotion_target_table.h (formulas there and in TARGETS.md);
//   - TrackBehavior::density d (0..1), when set, multiplies notes_per_bar by 2 * d (0.5 keeps
//     the emotion's value, 0 silences, 1 doubles); a missing behaviour counts as the default;
//   - constraints override: drum_density (drums' density), subdivision (per whole note / 4,
//     values finer than 16ths become 4), swing_amount, register_center (replaces the reference
//     centre; role offsets still apply), register_spread, leap_probability (pitched tracks),
//     rest_density, velocity_floor, velocity_ceiling (all tracks; the other bound is raised or
//     lowered to keep floor <= ceiling). chord_extensions, borrowed_chord_probability and
//     harmonic_rhythm_bars do not affect targets (they steer harmony generation, not targets).
// Inputs outside emotion.proto's ranges are clamped per drive (the server has rejected them).
// control_bins come from `response` (the fitted one unless a fitting program passes another).
// Errors: none. Thread safety: pure function, safe to call concurrently.
SectionTargets ComputeTargets(const SectionRequest& request,
                              const ControlResponse& response = FittedControlResponse());

// ComputeTargets plus the factors (name, value, weight) of every target. Same values.
// Thread safety: pure function.
ExplainedTargets ExplainTargets(const SectionRequest& request,
                                const ControlResponse& response = FittedControlResponse());

// One line, e.g. "melody active density=0.55 notes_per_bar=5.3 register=72 spread=17
// velocity=60..100 ...".
std::string TrackTargetsToString(const TrackTargets& targets);
// Sampling settings, then one line per track.
std::string SectionTargetsToString(const SectionTargets& targets);
// "velocity_floor=72 = lerp(...); energy=0.8*1, intimacy=0.5*-0.4, ...".
std::string TargetExplanationToString(const TargetExplanation& explanation);

}  // namespace stori::targets

#endif  // STORI_ENGINE_TARGETS_EMOTION_TARGETS_H_
