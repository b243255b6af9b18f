// The published table that turns an EmotionVector (+ section type, genre) into per-track targets
// (README "How a section is made" step 1). It is part of the API's meaning: engine/targets/TARGETS.md prints the
// same numbers for callers, and a change here is a change there.
//
// Origin: the Stori roadmap's `emotion_to_constraints`
//   register centre = lerp(48, 72, (valence + 1) / 2)
//   velocity floor  = lerp(40, 80, energy), ceiling lerp(80, 120, energy)
//   drum density    = lerp(0.2, 1.0, energy * motion)
//   16th subdivision when motion > 0.6
//   leap probability = lerp(0.1, 0.4, tension)
// extended so that all five axes reach some target (intimacy: softer, narrower, thinner harmony,
// longer notes; motion: denser, more syncopated, shorter notes; tension: leaps, syncopation, a
// weaker chord-tone bias, hotter sampling; valence: register; energy: velocity, density). Every
// extension term is centred so that the roadmap formula holds exactly at intimacy 0.5, section
// offset 0 and genre offset 0 (e.g. velocity floor drive = 0.2 + energy - 0.4 * intimacy), except
// drum density, whose weight is split between energy and energy * motion (0.4 each, the same drive
// at the neutral EmotionVector) so that energy alone moves it (TARGETS.md, "Origin and fit").
// Role ranges are engineering choices for this service, sized to the brief's role baselines
// (drums ~8-20 hits/bar, bass 2-8 notes/bar around MIDI 40, harmony 4-16 notes/bar at polyphony
// 2-3.5 around MIDI 60, melody 2-8 notes/bar around MIDI 72) and to the attribute bin edges of
// engine/tokens/track_attributes.h, so each role spans several bins.
//
// Thread safety: constexpr data only.
#ifndef STORI_ENGINE_TARGETS_EMOTION_TARGET_TABLE_H_
#define STORI_ENGINE_TARGETS_EMOTION_TARGET_TABLE_H_

#include <array>

#include "engine/section/section_request.h"
#include "engine/music/track.h"

namespace stori::targets {

// One target as a clamped linear function of the inputs:
//   drive = clamp(bias + energy*E + valence*(V + 1)/2 + tension*T + intimacy*I + motion*M
//                 + energy_x_motion*E*M + section*S + genre*G, 0, 1)
//   value = lerp(lo, hi, drive) = lo + (hi - lo) * drive
// E, V, T, I, M: the section's EmotionVector (emotion.proto ranges); S: the section type's offset
// (kSectionTypeOffsets); G: the genre's offset for this target (kGenreNudges; density and
// syncopation only). The members are the weights; lo == hi makes a constant.
struct LinearTarget {
  double lo;
  double hi;
  double bias;
  double energy;
  double valence;
  double tension;
  double intimacy;
  double motion;
  double energy_x_motion;
  double section;
  double genre;
};

// The targets of one track role.
struct RoleTargetRow {
  music::TrackRole role;
  // Normalized density 0..1 (the drum row is the roadmap's drum density); then
  // notes_per_bar = lerp(notes_per_bar_lo, notes_per_bar_hi, density).
  LinearTarget density;
  double notes_per_bar_lo;
  double notes_per_bar_hi;
  // register centre = register_base + valence_weight * (reference - 60), where reference is
  // lerp(48, 72, (valence + 1) / 2) (roadmap) or the register_center constraint; register_base
  // is replaced by RegisterCenterPitch(TrackSpec::pitch_register) when the track names one.
  // Drums have no register (the REMI encoder writes no register token for them): 0.
  int register_base;
  double valence_weight;
  LinearTarget register_spread;   // semitones, full width (pitches mostly in centre +/- half)
  LinearTarget velocity_floor;    // MIDI velocity, rounded, 1..127
  LinearTarget velocity_ceiling;  // MIDI velocity, rounded, 1..127, >= floor
  LinearTarget syncopation;       // share of onsets off the eighth grid (track_attributes.h)
  LinearTarget polyphony;         // notes per onset
  LinearTarget note_length;       // beats
  LinearTarget leap_probability;  // share of successive intervals > 2 semitones (pitched)
  LinearTarget rest_density;      // empty-beat rate: share of beats in which the track is silent
};

inline constexpr LinearTarget kNone = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

// Rows in music::TrackRole order; kOther uses the harmony row (track.h: "rendered like harmony").
// Fitted to real music (CALIBRATION.md, written by stori-calibrate-targets): for each target of
// bass, harmony and melody (POP909 training songs) and drums (the Groove windows paired with them,
// as the model's training data pairs them), lo and hi are
// the real 10th and 90th percentiles and the bias puts the neutral EmotionVector (every axis 0.5,
// valence 0; no section type, genre offset 0) on the real mean:
//   bias = (mean - p10) / (p90 - p10) - (weights . neutral inputs)
// (the mean, not the median: the targets' bins are dithered, tokens::DitheredBinOf, so the mean
// over sections follows the target, and a median that sits on a bin edge, as the melody's 5.0
// notes per bar does, would otherwise pull every section into the upper bin; register centres
// are the real mean pitches, register_base below, with valence moving them by half the real
// 10th-90th range: valence_weight = (p90 - p10) / 24)
// so each axis moves a target only within the real 10th-90th percentile range. The weights (the
// directions in which each axis moves each target) are the design choices listed above. The
// pad row has no data behind it (POP909 has no pads): harmony's velocities, engineering values
// otherwise.
inline constexpr std::array<RoleTargetRow, 5> kRoleTargetRows = {{
    {music::TrackRole::kDrums,
     //  lo   hi    bias  E     V  T     I     M     ExM  S     G
     {0, 1, 0.13, 0.4, 0, 0, 0, 0, 0.4, 1, 1},
     11.25, 22.25,
     0, 0.0,
     kNone,
     {8, 24, 0.16, 1, 0, 0, -0.4, 0, 0, 0.5, 0},
     {104, 120, 0.54, 1, 0, 0, -0.4, 0, 0, 0.5, 0},
     {0.143, 0.667, -0.06, 0.2, 0, 0.4, 0, 0.6, 0, 0, 1},
     {1.11, 1.64, 0.1, 0.6, 0, 0.2, 0, 0, 0, 0, 0},
     {0.25, 0.25, 0, 0, 0, 0, 0, 0, 0, 0, 0},  // hits decode to kDrumDurationSteps (a 16th)
     kNone,
     // Real drum parts are almost never silent for a beat (p10 = p90 = 0, mean 0.007); quiet,
     // still sections (low energy and motion, a break) may leave up to an eighth of the beats.
     {0, 0.125, 0.4, -0.5, 0, 0, 0.2, -0.5, 0, -1, 0}},
    {music::TrackRole::kBass,
     {0, 1, 0.03, 0.4, 0, 0.1, 0, 0.4, 0, 1, 1},
     1, 3.5,
     45, 0.3,
     {5, 16, 0.31, 0.2, 0, 0.3, -0.3, 0.2, 0, 0, 0},
     {40, 88, 0.32, 1, 0, 0, -0.4, 0, 0, 0.5, 0},
     {72, 104, 0.33, 1, 0, 0, -0.4, 0, 0, 0.5, 0},
     {0, 0.182, -0.23, 0.1, 0, 0.4, 0, 0.5, 0, 0, 1},
     {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
     {0.822, 3, 0.71, -0.2, 0, 0, 0.4, -0.8, 0, 0, 0},
     {0.2, 0.889, 0.01, 0, 0, 1, 0, 0, 0, 0, 0},
     {0, 0.25, 0.73, -0.5, 0, 0, 0.3, -0.5, 0, -1, 0}},
    {music::TrackRole::kHarmony,
     {0, 1, 0.32, 0.35, 0, 0, -0.4, 0.35, 0, 1, 1},
     6.5, 16.5,
     60, 0.3,
     {15, 27, 0.6, 0.2, 0, 0.2, -0.6, 0, 0, 0, 0},
     {24, 72, 0.28, 1, 0, 0, -0.4, 0, 0, 0.5, 0},
     {88, 120, 0.08, 1, 0, 0, -0.4, 0, 0, 0.5, 0},
     {0, 0.538, -0.17, 0.1, 0, 0.4, 0, 0.5, 0, 0, 1},
     {1.05, 2.41, 0.48, 0.3, 0, 0.2, -0.6, 0, 0, 0, 0},
     {0.407, 1.17, 0.76, -0.2, 0, 0, 0.4, -0.8, 0, 0, 0},
     {0.455, 0.981, 0.06, 0, 0, 1, 0, 0, 0, 0, 0},
     {0, 0.125, 0.59, -0.5, 0, 0, 0.3, -0.5, 0, -1, 0}},
    {music::TrackRole::kMelody,
     {0, 1, 0.06, 0.3, 0, 0.1, 0, 0.5, 0, 1, 1},
     2.25, 7.75,
     71, 0.6,
     {7, 15, 0.31, 0.2, 0, 0.4, -0.4, 0.2, 0, 0, 0},
     {72, 104, 0.06, 1, 0, 0, -0.4, 0, 0, 0.5, 0},
     {88, 120, 0.25, 1, 0, 0, -0.4, 0, 0, 0.5, 0},
     {0, 0.476, -0.14, 0.1, 0, 0.4, 0, 0.5, 0, 0, 1},
     {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
     {0.321, 1.04, 0.68, -0.2, 0, 0, 0.4, -0.6, 0, 0, 0},
     {0.143, 0.5, 0.01, 0, 0, 1, 0, 0, 0, 0, 0},
     {0, 0.438, 0.67, -0.5, 0, 0, 0.3, -0.5, 0, -1, 0}},
    {music::TrackRole::kPad,
     {0, 1, 0.2, 0.3, 0, 0, -0.3, 0.2, 0, 1.0, 1.0},
     1, 6,
     60, 0.3,
     {12, 30, 0.6, 0.2, 0, 0.2, -0.6, 0, 0, 0, 0},
     {24, 72, 0.28, 1, 0, 0, -0.4, 0, 0, 0.5, 0},
     {88, 120, 0.08, 1, 0, 0, -0.4, 0, 0, 0.5, 0},
     {0, 0.15, -0.1, 0, 0, 0.4, 0, 0.5, 0, 0, 1.0},
     {3, 4, 0.5, 0.3, 0, 0.2, -0.5, 0, 0, 0, 0},
     {1.0, 4.0, 0.9, -0.2, 0, 0, 0.2, -0.6, 0, 0, 0},
     {0.455, 0.981, 0.06, 0, 0, 1, 0, 0, 0, 0, 0},
     {0, 0.15, 0.5, -0.5, 0, 0, 0.3, -0.5, 0, -1.0, 0}},
}};

// The row of a role (kOther -> the harmony row).
constexpr const RoleTargetRow& RoleRow(music::TrackRole role) {
  return role == music::TrackRole::kOther
             ? kRoleTargetRows[static_cast<int>(music::TrackRole::kHarmony)]
             : kRoleTargetRows[static_cast<int>(role)];
}

// Section-wide sampling settings (SamplerConfig, engine/sampling) and the sampler's chord-tone
// bias. Neutral tension and motion give temperature 1.0 (the model's own distribution).
//                                                lo    hi    bias E  V  T     I  M    ExM S  G
inline constexpr LinearTarget kTemperature = {0.85, 1.15, 0, 0, 0, 0.8, 0, 0.2, 0, 0, 0};
inline constexpr LinearTarget kTopP = {0.88, 0.98, 0, 0, 0, 0.8, 0, 0.2, 0, 0, 0};
// Low tension -> strong bias towards chord tones (1.2 nats); high tension -> none (0), where the
// scale's non-chord tones (kScaleToneBias) are favoured over chord tones. Neutral tension: 0.6.
inline constexpr LinearTarget kChordToneBias = {0.0, 1.2, 1.0, 0, 0, -1.0, 0, 0, 0, 0, 0};
// The bias of a scale tone that is not a chord tone (a passing tone, an extension), in nats, at
// every tension: half the neutral chord-tone bias, so that neutral tension keeps the 2:1 ratio of
// chord-tone to scale-tone bias it had, and high tension (chord-tone bias below 0.3) favours
// extensions over chord tones: tension through non-chord tones, not only fewer chord tones.
inline constexpr double kScaleToneBias = 0.3;

// Roadmap: 16th subdivision when motion > 0.6, else eighths.
inline constexpr double kSixteenthMotionThreshold = 0.6;
// Section type offset S: quieter form functions thin out and soften, climaxes fill in.
struct SectionTypeOffset {
  SectionType type;
  double offset;
};
inline constexpr std::array<SectionTypeOffset, 13> kSectionTypeOffsets = {{
    {SectionType::kIntro, -0.15},
    {SectionType::kVerse, 0.0},
    {SectionType::kPreChorus, 0.05},
    {SectionType::kChorus, 0.15},
    {SectionType::kPostChorus, 0.1},
    {SectionType::kBridge, -0.05},
    {SectionType::kBreakdown, -0.3},
    {SectionType::kBuildup, 0.05},
    {SectionType::kDrop, 0.2},
    {SectionType::kBreak, -0.3},
    {SectionType::kInterlude, -0.1},
    {SectionType::kSolo, 0.05},
    {SectionType::kOutro, -0.2},
}};

// Genre nudges G: the first row whose name occurs in the lower-cased genre string applies
// ("indie folk" -> indie). Names are a subset of tokens::kGenreNames. Swing 0..1 is the share of
// the way from straight (off-beat at 1/2) to a full triplet shuffle (off-beat at 2/3).
struct GenreNudge {
  const char* name;
  double density;
  double syncopation;
  double swing;
};
inline constexpr std::array<GenreNudge, 22> kGenreNudges = {{
    {"neworleans", 0.0, 0.1, 0.5},
    {"jazz", 0.0, 0.1, 0.6},
    {"blues", 0.0, 0.0, 0.5},
    {"hiphop", 0.0, 0.1, 0.25},
    {"funk", 0.1, 0.2, 0.1},
    {"soul", 0.0, 0.05, 0.2},
    {"rnb", 0.0, 0.1, 0.25},
    {"gospel", 0.0, 0.0, 0.3},
    {"latin", 0.05, 0.15, 0.0},
    {"afrobeat", 0.05, 0.15, 0.0},
    {"afrocuban", 0.05, 0.15, 0.0},
    {"reggae", 0.0, 0.15, 0.0},
    {"metal", 0.2, 0.0, 0.0},
    {"punk", 0.15, 0.0, 0.0},
    {"rock", 0.05, 0.0, 0.0},
    {"electronic", 0.1, 0.05, 0.0},
    {"dance", 0.1, 0.05, 0.0},
    {"country", 0.0, 0.0, 0.1},
    {"indie", -0.05, 0.0, 0.0},
    {"folk", -0.1, -0.05, 0.0},
    {"cinematic", -0.1, 0.0, 0.0},
    {"ambient", -0.3, -0.1, 0.0},
}};

}  // namespace stori::targets

#endif  // STORI_ENGINE_TARGETS_EMOTION_TARGET_TABLE_H_
