// SectionRequest: one section to generate, as plain structs the engine reads (no proto, no
// gRPC). It mirrors stori.generation.v1's RMS (proto/stori/generation/v1/rms.proto) after the
// server has validated it and resolved everything the engine should not have to look up:
// per-section overrides of tempo, key and meter are applied, motif and track references are
// indexes, every track has a channel and a GM program, and every track has a behaviour in the
// section. Enums mirror the proto enums minus `_UNSPECIFIED`; an unspecified proto value becomes
// absl::nullopt or the documented default. Built by server/convert/from_proto.h.
// Thread safety: plain data; thread-compatible.
#ifndef STORI_ENGINE_SECTION_SECTION_REQUEST_H_
#define STORI_ENGINE_SECTION_SECTION_REQUEST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/types/optional.h"
#include "engine/music/song.h"
#include "engine/music/track.h"
#include "engine/score/dimension.h"

namespace stori {

// Ranges (proto/stori/generation/v1/emotion.proto): energy, tension, intimacy, motion 0..1; valence -1..+1. The server
// rejects anything outside them, so the engine may rely on them.
struct EmotionVector {
  float energy = 0.5f;
  float valence = 0.0f;
  float tension = 0.5f;
  float intimacy = 0.5f;
  float motion = 0.5f;
};

// Note value of one motif note (proto RhythmValue).
enum class RhythmValue { kWhole, kHalf, kQuarter, kEighth, kSixteenth, kTriplet };

// Length in beats (quarter notes): whole 4, half 2, quarter 1, eighth 1/2, sixteenth 1/4,
// triplet 1/3 (one eighth-note triplet).
constexpr double RhythmValueBeats(RhythmValue value) {
  switch (value) {
    case RhythmValue::kWhole:
      return 4.0;
    case RhythmValue::kHalf:
      return 2.0;
    case RhythmValue::kQuarter:
      return 1.0;
    case RhythmValue::kEighth:
      return 0.5;
    case RhythmValue::kSixteenth:
      return 0.25;
    case RhythmValue::kTriplet:
      return 1.0 / 3.0;
  }
  return 1.0;
}

// Named pitch register (proto Register).
enum class Register { kLow, kMidLow, kMid, kMidHigh, kHigh };

// Centre of a register as a MIDI pitch: 36, 48, 60, 72, 84 (the C of octaves 2..6), as
// documented on proto Register.
constexpr int RegisterCenterPitch(Register reg) {
  switch (reg) {
    case Register::kLow:
      return 36;
    case Register::kMidLow:
      return 48;
    case Register::kMid:
      return 60;
    case Register::kMidHigh:
      return 72;
    case Register::kHigh:
      return 84;
  }
  return 60;
}

// How a motif is altered where it is used (proto Transformation; UNSPECIFIED becomes kIdentity).
enum class Transformation {
  kIdentity,
  kTranspose,
  kRegisterShift,
  kRhythmicExpand,
  kRhythmicCompress,
  kInvert,
  kRetrograde,
  kIntensify,
  kSimplify,
};

// Only the parameter the transformation reads is set (the server enforces it):
// kTranspose -> semitones (-24..24); kRegisterShift -> octaves (-3..3); kRhythmicExpand ->
// factor (1, 4]; kRhythmicCompress -> factor [0.25, 1); kIntensify/kSimplify -> amount (0..1).
struct TransformationParams {
  absl::optional<int> semitones;
  absl::optional<int> octaves;
  absl::optional<float> factor;
  absl::optional<float> amount;
};

struct Motif {
  std::string motif_id;
  // Semitones from the first note, each -36..36; same length as rhythm_pattern (1..64).
  std::vector<int> interval_pattern;
  std::vector<RhythmValue> rhythm_pattern;
  // As stated by the caller (> 0). The rhythm pattern governs when they differ (rms.proto Motif);
  // rhythm_beats() is the governing length.
  double duration_beats = 0.0;
  // nullopt: the melody track's register.
  absl::optional<Register> pitch_register;
  std::string emotional_role;
  // Scale degree of the first note in the section's key, 1..7.
  int anchor_scale_degree = 1;
  // Empty allows all.
  std::vector<Transformation> allowed_transformations;

  // Sum of rhythm_pattern in beats.
  double rhythm_beats() const {
    double beats = 0.0;
    for (RhythmValue value : rhythm_pattern) beats += RhythmValueBeats(value);
    return beats;
  }
};

// A motif placed in the section; the melody generator forces its notes (engine/motif/motif_renderer.h).
struct MotifUsage {
  // Index into SectionRequest::motifs (resolved from the proto's motif_id).
  int motif_index = 0;
  // Onset in beats from the start of the section, 0 <= start_beat < SectionSpec::beats().
  double start_beat = 0.0;
  Transformation transformation = Transformation::kIdentity;
  TransformationParams params;
};

// A chord change. bar is 0-based (0..bars-1), beat within the bar (0 <= beat < beats_per_bar).
struct ChordEvent {
  int bar = 0;
  double beat = 0.0;
  // bar * beats_per_bar + beat: beats from the start of the section.
  double start_beat = 0.0;
  // The chord symbol as the caller wrote it; the server has checked that it parses with
  // music::ParseChordSymbol or is a no-chord mark (music::IsNoChord: "N", "NC", "N.C.").
  std::string symbol;
};

// The musical state at a section boundary; nullopt / "" where the RMS states nothing.
struct SectionState {
  absl::optional<float> energy;  // 0..1
  std::string last_chord;        // a symbol that parses, or ""
  absl::optional<Register> melodic_register;
  absl::optional<bool> drum_active;
};

// How one track plays in this section. One per SectionRequest::tracks entry, same order;
// defaults where the RMS gave none.
struct TrackBehavior {
  bool active = true;
  // First bar the track plays, 0-based, 0..bars-1.
  int enter_bar = 0;
  std::string style;    // control hint, may be ""
  std::string pattern;  // control hint, may be ""
  // 0..1 relative to the emotion targets; nullopt: from the targets.
  absl::optional<float> density;
  // 0..10, 10 = kept longest when thinning.
  int priority = 0;
};

// Section form function (proto SectionType; UNSPECIFIED becomes nullopt in SectionSpec).
enum class SectionType {
  kIntro,
  kVerse,
  kPreChorus,
  kChorus,
  kPostChorus,
  kBridge,
  kBreakdown,
  kBuildup,
  kDrop,
  kBreak,
  kInterlude,
  kSolo,
  kOutro,
};

struct SectionSpec {
  std::string section_id;
  absl::optional<SectionType> section_type;
  // 1..64.
  int bars = 1;
  // Effective values: the section's override where given, else the song's.
  double tempo_bpm = 120.0;             // 20..300
  std::string key;                      // parses with music::ParseKey, e.g. "F#m"
  music::TimeSignature time_signature;  // tick 0; numerator 1..16, denominator 2^k
  EmotionVector emotion;
  // Sorted by start_beat (stable for equal positions).
  std::vector<ChordEvent> chords;
  // Sorted by start_beat.
  std::vector<MotifUsage> motif_usages;
  SectionState entry_state;
  SectionState exit_state;
  // One per SectionRequest::tracks entry, same order.
  std::vector<TrackBehavior> track_behaviors;

  // Length of the section in beats: bars * 4 * numerator / denominator.
  double beats() const { return bars * time_signature.beats_per_bar(); }
};

// One instrument: role, GM program and MIDI channel as the output will carry them.
struct TrackSpec {
  std::string track_id;
  std::string name;
  music::TrackRole role = music::TrackRole::kOther;
  // GM program 0..127 (the caller's number, its GM name resolved, or the role's default).
  int program = 0;
  // 0..15: drums 9, first bass 0, first harmony 1, others from 2 skipping 9 (engine/music/gm_program.h).
  int channel = 0;
  // nullopt: the role's usual register.
  absl::optional<Register> pitch_register;
};

// Overrides of the emotion-derived targets (proto GenerationConstraints; ranges as documented
// there and enforced by the server). nullopt: derive from the emotion (engine/targets/TARGETS.md).
struct GenerationConstraints {
  absl::optional<float> drum_density;      // 0..1
  absl::optional<int> subdivision;         // 4, 8, 12, 16, 24 or 32 per whole note
  absl::optional<float> swing_amount;      // 0..1
  absl::optional<int> register_center;     // MIDI pitch 0..127
  absl::optional<int> register_spread;     // semitones 0..64
  absl::optional<float> rest_density;      // 0..1
  absl::optional<float> leap_probability;  // 0..1
  absl::optional<bool> chord_extensions;
  absl::optional<float> borrowed_chord_probability;  // 0..1
  absl::optional<float> harmonic_rhythm_bars;        // 0.25..8
  absl::optional<int> velocity_floor;                // 1..127, <= velocity_ceiling
  absl::optional<int> velocity_ceiling;              // 1..127
};

// Candidates per section (generation.proto QualityPreset): kFast 1, kBalanced 3, kQuality 10.
enum class QualityPreset { kFast, kBalanced, kQuality };

constexpr int NumCandidates(QualityPreset preset) {
  switch (preset) {
    case QualityPreset::kFast:
      return 1;
    case QualityPreset::kBalanced:
      return 3;
    case QualityPreset::kQuality:
      return 10;
  }
  return 3;
}

// Everything the generator needs for one section of one song.
struct SectionRequest {
  // Song-level values (a section's overrides are already applied in `section`).
  double tempo_bpm = 120.0;
  std::string key;
  music::TimeSignature time_signature;
  std::string genre;  // may be ""
  std::vector<Motif> motifs;
  std::vector<TrackSpec> tracks;  // 1..16, RMS order
  SectionSpec section;
  // Zero-based index of `section` in the song, and the song's number of sections (1..64).
  int section_index = 0;
  int sections_total = 1;
  // The following section, for the transition check (engine/transition/); nullopt for the last.
  absl::optional<SectionSpec> next_section;
  // The caller's seed, or one the server drew; returned as seed_used.
  std::uint64_t seed = 0;
  QualityPreset quality_preset = QualityPreset::kBalanced;
  int num_candidates = NumCandidates(QualityPreset::kBalanced);
  GenerationConstraints constraints;
  // Emit an intent trace; off by default and free when off.
  bool include_intent_trace = false;
};

// A refinement of a generated section (RefineSection). `request.section.emotion` is the
// section's stated emotion before the change; the engine applies `emotion_delta` and the
// command's table entry (engine/refine/refinement_command.h) and clamps to the axis ranges.
struct RefinementRequest {
  SectionRequest request;
  EmotionVector emotion_delta;               // all zero when none was sent
  std::string refinement_command;            // "" when none was sent
  std::vector<score::Dimension> target_dimensions;  // empty: the engine decides
  std::vector<int> target_track_indexes;     // indexes into request.tracks; empty: all
  // prior_tracks[i]: the prior result's output of request.tracks[i], in ticks at prior_ppq;
  // a track with no notes where the prior result had no output for it.
  std::vector<music::Track> prior_tracks;
  int prior_ppq = music::kDefaultPpq;
};

}  // namespace stori

#endif  // STORI_ENGINE_SECTION_SECTION_REQUEST_H_
