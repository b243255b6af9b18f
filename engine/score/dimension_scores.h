// The five scored dimensions of a section: rhythm, harmony, melody, expression and density,
// each 0..1, built from the measures of engine/score/ (MusPy / mgeval definitions) and the
// section's targets; plus a per-track score for choosing the best of N candidates of one track.
// The refinement loop regenerates the weakest dimension (DimensionScores::weakest).
//
// Notation: clos(m, t, tol) = max(0, 1 - |m - t| / tol), closeness of a measure m to its target
// t; CTR = ChordToneRatio (chord_tone_ratio.h, duration-weighted); GC16 = GrooveConsistency on a
// 16th-note grid (groove_consistency.h, steps_per_cell 3; MusPy's definition on 16 cells per 4/4
// bar); sync = tokens::TrackAttributes::syncopation (share of onsets off the eighth grid, the
// definition of the target). A track "has notes" when its note list is non-empty. A dimension with
// nothing to judge (no track of its roles, no chords and no notes) scores 1, so it is never the
// weakest for lack of material; missing notes are the density dimension's concern.
//
// rhythm     over drums and bass tracks with notes (if none: every track with notes), weighted
//            drums 2, others 1:  r_t = mean(GC16_t, clos(sync_t, target_t, 0.5)); GC16 is left
//            out when bars < 2. Sources: MusPy groove consistency (Dong et al. 2020; Wu & Yang
//            2020); syncopation as in track_attributes.h.
// harmony    over pitched tracks with a defined CTR, weighted bass 0.5, melody 0.2, others
//            (harmony, pad) 0.3:  h_t = min(1, CTR_t / kChordToneReference[role]), the reference
//            being a typical real value, because real melodies use passing tones: on 4-bar
//            POP909 windows of songs 001-080 the mean CTR is bass 0.998, harmony 0.984, melody
//            0.703 (p10 0.46, p50 0.74; tests/engine/score/pop909_corpus_test.cc). Without any
//            chord to judge against: the in-key rate (InScaleRate, or ScaleConsistency without a
//            key) of all pitched notes.
// melody     over melody tracks with notes, the mean of
//            m_t = 0.4 * S + 0.2 * clos(LeapRate, leap_probability, 0.5) + 0.2 * band(PCE)
//                + 0.2 * min(1, BR / kBarRepetitionReference)
//                + 0.2 * clos(RPR, kMelodyRepeatedPitchReference, kMelodyRepeatedPitchTolerance)
//            (weights summing to 1.2, normalized)
//            S = InScaleRate(key) (ScaleConsistency without a key) (MusPy); PCE = pitch-class
//            entropy in bits (MusPy); band(x) = 1 inside [kEntropyLow, kEntropyHigh], falling
//            linearly to 0 one bit outside (POP909 4-bar melodies: p10 1.76, p50 2.26, p90 2.59
//            bits; a uniform chromatic line has 3.58); band is left out for fewer than
//            kMinNotesForEntropy notes (a pickup or a held note is not a monotonous tune).
//            BR = BarRepetition (bar_repetition.h): the motif term, how much the melody's bars
//            restate each other's rhythm and transposed figure; reference 0.5, a little under the
//            median of real 8-bar held-out POP909 melodies (p10 0.37, p50 0.55, p90 0.77), while
//            bars rewritten with random in-key notes give 0.23 on average. Without this term
//            (issue 17; weights then 0.5/0.25/0.25) removing a melody's motif lowered the melody
//            score in only 88% of sections, and then through the other terms (leaps, entropy),
//            not the lost repetition; with it, in 97%. A term with an undefined measure (one
//            note: no interval; onsets in fewer than kMinBarsForRepetition bars: no repetition
//            to judge) is left out and the weights renormalized.
//            RPR = RepeatedPitchRate of the top line (repeated_pitch_rate.h), the share of
//            successive onsets on the previous pitch: without it, best-of-3 candidates and
//            refinement (BALANCED) chose melodies that repeat pitches more (test songs, neutral
//            EmotionVector: 0.169 at FAST, 0.215 at BALANCED; real 0.162 on those 60 sections,
//            0.192 on all 735), as every other term is indifferent to or rewards a held pitch.
// expression over tracks with notes, the mean of
//            e_t = 0.7 * share of notes with velocity in [floor - 8, ceiling + 8]
//                + 0.3 * min(1, stddev(velocity) / min(8, (ceiling - floor) / 4))
//            8 = half a velocity bin: velocities are bin centres (tokens::kNumVelocityBins); the
//            variety term is 1 when the range is a single value. Sources: the velocity
//            floor/ceiling targets (engine/targets/TARGETS.md; roadmap emotion_to_constraints).
// density    mean over all tracks (empty ones included) of
//            d_t = clos(NotesPerBar_t, notes_per_bar_t, max(notes_per_bar_t, 1))
//            times the empty-beat sanity factor 1 - max(0, E - A): E = EmptyBeatRate of all
//            tracks' notes together (MusPy/mgeval), A = 0.25 + the smallest rest_density among
//            tracks asked for notes (A = 1 when none is).
// overall    the mean of the five.
//
// Validation (issue 17; engine/evaluate/score_validation.h, stori-validate-scores; results in
// models/stori-remi/v3/as_served/scores.md): 735 real 8-bar sections of the held-out POP909 songs
// with paired Groove drums, scored against the targets of a neutral served request, score p10 /
// p50: rhythm 0.74 / 0.83, harmony 0.95 / 1.00, melody 0.83 / 0.91 (0.88 / 0.95 before the
// repeated-pitch term), expression 0.75 / 0.90,
// density 0.54 / 0.71. Density is the lowest because real sections spread around the neutral
// target (its value is the real mean) and d_t falls linearly to 0 at 0 or twice the target; for
// the same reason doubling the notes of a sparse section (about half the target) raises its
// density score, which is why doubled density lowers it in 93% of sections rather than all.
// Shuffled onsets lower rhythm in 99.5%, off-chord pitches harmony in 100%, flattened
// velocities (one velocity per track: the variety term goes to 0) expression in 100%, a removed
// motif melody in 94% (97% before the repeated-pitch term: random in-key notes rarely repeat,
// and the term does not reward that) of the sections with melody onsets in two bars or more.
// Errors: none; nothing here returns a Status. Thread safety: every function is pure and safe to
// call concurrently (DimensionScores is a plain value).
#ifndef STORI_ENGINE_SCORE_DIMENSION_SCORES_H_
#define STORI_ENGINE_SCORE_DIMENSION_SCORES_H_

#include <cstddef>

#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "engine/music/key.h"
#include "engine/music/track.h"
#include "engine/score/chord_timeline.h"
#include "engine/score/dimension.h"
#include "engine/tokens/grid_note.h"
#include "engine/tokens/track_attributes.h"

namespace stori::score {

// What one track was asked for, as far as scoring needs it. The generator fills it from
// targets::TrackTargets (same names, same units).
struct DimensionTargets {
  double notes_per_bar = 0.0;     // >= 0
  int velocity_floor = 1;         // MIDI velocity 1..127
  int velocity_ceiling = 127;     // 1..127, >= velocity_floor
  double syncopation = 0.0;       // 0..1, share of onsets off the eighth grid
  double leap_probability = 0.0;  // 0..1, share of successive intervals > 2 semitones
  double rest_density = 0.0;      // 0..1, empty-beat rate: share of beats in which it is silent
  // Requested control bins (TrackTargets::bins), when the track was conditioned on them.
  absl::optional<tokens::AttributeBins> bins;
};

// One track of a section. `notes` is not owned and must outlive the call.
struct ScoredTrack {
  music::TrackRole role = music::TrackRole::kOther;
  absl::Span<const tokens::GridNote> notes;  // steps from the section start
  DimensionTargets targets;
};

// The section's frame: grid, length, chords and key.
struct ScoringContext {
  int steps_per_bar = 48;  // tokens::kStepsPerBeat * beats per bar, >= 1
  int bars = 1;            // >= 1
  ChordTimeline chords;    // may be empty (no chords given)
  absl::optional<music::Key> key;
};

struct DimensionScores {
  double rhythm = 1.0;  // each 0..1, formulas in the file comment
  double harmony = 1.0;
  double melody = 1.0;
  double expression = 1.0;
  double density = 1.0;
  double overall = 1.0;  // mean of the five

  double Get(Dimension dimension) const;
  // The lowest dimension; ties go to the first in Dimension order.
  Dimension weakest() const;
};

// Reference chord-tone ratios per role for the harmony dimension (see file comment).
inline constexpr double kBassChordToneReference = 0.9;
inline constexpr double kHarmonyChordToneReference = 0.9;
inline constexpr double kMelodyChordToneReference = 0.7;
// Plausible pitch-class entropy band of a melody, bits (log2(12) ~= 3.58 is all twelve).
inline constexpr double kEntropyLow = 1.5;
inline constexpr double kEntropyHigh = 3.0;
// Fewest melody notes for which the entropy band is judged (log2(8) = 3 bits are reachable).
inline constexpr std::size_t kMinNotesForEntropy = 8;
// Weights of the melody terms (file comment) and the bar repetition a melody needs for full
// marks on its motif term (a little under the real median; bar_repetition.h).
inline constexpr double kMelodyInKeyWeight = 0.4;
inline constexpr double kMelodyLeapWeight = 0.2;
inline constexpr double kMelodyEntropyWeight = 0.2;
inline constexpr double kMelodyMotifWeight = 0.2;
inline constexpr double kBarRepetitionReference = 0.5;
// The melody's repeated-pitch term (file comment): closeness of its top line's repeated-pitch
// rate (repeated_pitch_rate.h) to the median of real 8-bar held-out POP909 melodies (735
// sections of the test songs: p10 0.034, p50 0.186, p90 0.359; models/stori-remi/v3/
// as_served/scores.md), with the p10-p90 span as tolerance.
inline constexpr double kMelodyRepeatedPitchWeight = 0.2;
inline constexpr double kMelodyRepeatedPitchReference = 0.186;
inline constexpr double kMelodyRepeatedPitchTolerance = 0.325;
// Fewest bars with melody onsets for which the motif term is judged: two bars may be one phrase
// that has no reason to repeat within itself (a pickup and its arrival).
inline constexpr int kMinBarsForRepetition = 3;

// Refinement thresholds: a dimension scoring below its threshold is regenerated
// (engine/refine/dimension_refinement.h). Each is the 10th percentile of the real held-out POP909
// 8-bar sections scored as served (the validation above;
// models/stori-remi/v3/as_served/scores.md): real music falls below it in one section in ten.
inline constexpr double kRhythmThreshold = 0.74;
inline constexpr double kHarmonyThreshold = 0.95;
inline constexpr double kMelodyThreshold = 0.83;
inline constexpr double kExpressionThreshold = 0.75;
inline constexpr double kDensityThreshold = 0.54;
// The threshold of `dimension` (above). Thread safety: pure function.
double RefinementThreshold(Dimension dimension);

// Each dimension alone, as in the file comment. Thread safety: pure functions.
double RhythmScore(absl::Span<const ScoredTrack> tracks, const ScoringContext& context);
double HarmonyScore(absl::Span<const ScoredTrack> tracks, const ScoringContext& context);
double MelodyScore(absl::Span<const ScoredTrack> tracks, const ScoringContext& context);
double ExpressionScore(absl::Span<const ScoredTrack> tracks);
double DensityScore(absl::Span<const ScoredTrack> tracks, const ScoringContext& context);

// All five and their mean. Thread safety: pure function.
DimensionScores ScoreSection(absl::Span<const ScoredTrack> tracks, const ScoringContext& context);

// Score 0..1 of one track alone, to pick the best of N candidates of that track: the mean of
//   d_t (density), e_t (expression), the share of requested attribute bins hit (when
//   targets.bins is set; drums: density, velocity level, syncopation, polyphony; pitched tracks
//   all six, with AttributeBinsOf(MeasureTrack(notes, bars))), and the role's own terms: drums
//   r_t; bass r_t and h_t; harmony, pad, other h_t; melody m_t and h_t (terms as in the file
//   comment, each left out when undefined). An empty track scores d_t only.
// Thread safety: pure function.
double TrackScore(music::TrackRole role, absl::Span<const tokens::GridNote> notes,
                  const DimensionTargets& targets, const ChordTimeline& chords,
                  const absl::optional<music::Key>& key, int steps_per_bar, int bars);

}  // namespace stori::score

#endif  // STORI_ENGINE_SCORE_DIMENSION_SCORES_H_
