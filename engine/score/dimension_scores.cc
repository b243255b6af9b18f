#include "engine/score/dimension_scores.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/score/bar_repetition.h"
#include "engine/score/chord_tone_ratio.h"
#include "engine/score/groove_consistency.h"
#include "engine/score/leap_rate.h"
#include "engine/score/notes_per_bar.h"
#include "engine/score/pitch_class_entropy.h"
#include "engine/score/repeated_pitch_rate.h"
#include "engine/score/scale_consistency.h"
#include "engine/tokens/track_attributes.h"

namespace stori::score {
namespace {

using music::TrackRole;
using tokens::GridNote;

constexpr int kSixteenthCell = 3;         // grid steps per 16th note
constexpr double kVelocityTolerance = 8;  // half a velocity bin
constexpr double kVarietyStdDev = 8;      // velocity spread that counts as fully varied
constexpr double kEmptyBeatSlack = 0.25;

double Closeness(double measured, double target, double tolerance) {
  return std::max(0.0, 1.0 - std::abs(measured - target) / tolerance);
}

// Weighted mean of the defined values; `fallback` when none is.
class WeightedMean {
 public:
  void Add(const absl::optional<double>& value, double weight = 1.0) {
    if (!value) return;
    sum_ += *value * weight;
    weight_ += weight;
  }
  absl::optional<double> Get() const {
    if (weight_ <= 0) return absl::nullopt;
    return sum_ / weight_;
  }
  double GetOr(double fallback) const { return Get().value_or(fallback); }

 private:
  double sum_ = 0;
  double weight_ = 0;
};

bool IsPitched(TrackRole role) { return role != TrackRole::kDrums; }

absl::optional<double> RhythmTerm(absl::Span<const GridNote> notes, const DimensionTargets& t,
                                  int steps_per_bar, int bars) {
  if (notes.empty()) return absl::nullopt;
  const std::vector<GridNote> copy(notes.begin(), notes.end());
  WeightedMean term;
  term.Add(GrooveConsistency(notes, steps_per_bar, bars, kSixteenthCell));
  term.Add(
      Closeness(tokens::MeasureTrack(copy, bars, steps_per_bar).syncopation, t.syncopation, 0.5));
  return term.Get();
}

double ChordToneReference(TrackRole role) {
  if (role == TrackRole::kBass) return kBassChordToneReference;
  if (role == TrackRole::kMelody) return kMelodyChordToneReference;
  return kHarmonyChordToneReference;
}

double HarmonyWeight(TrackRole role) {
  if (role == TrackRole::kBass) return 0.5;
  if (role == TrackRole::kMelody) return 0.2;
  return 0.3;
}

absl::optional<double> HarmonyTerm(TrackRole role, absl::Span<const GridNote> notes,
                                   const ChordTimeline& chords) {
  if (!IsPitched(role)) return absl::nullopt;
  const absl::optional<double> ratio = ChordToneRatio(notes, chords);
  if (!ratio) return absl::nullopt;
  return std::min(1.0, *ratio / ChordToneReference(role));
}

absl::optional<double> InKeyRate(absl::Span<const GridNote> notes,
                                 const absl::optional<music::Key>& key) {
  return key ? InScaleRate(notes, *key) : ScaleConsistency(notes);
}

double EntropyBand(double bits) {
  if (bits < kEntropyLow) return std::max(0.0, 1.0 - (kEntropyLow - bits));
  if (bits > kEntropyHigh) return std::max(0.0, 1.0 - (bits - kEntropyHigh));
  return 1.0;
}

absl::optional<double> MelodyTerm(absl::Span<const GridNote> notes, const DimensionTargets& t,
                                  const absl::optional<music::Key>& key, int steps_per_bar,
                                  int bars) {
  if (notes.empty()) return absl::nullopt;
  WeightedMean term;
  term.Add(InKeyRate(notes, key), kMelodyInKeyWeight);
  const absl::optional<double> leaps = LeapRate(notes);
  if (leaps) term.Add(Closeness(*leaps, t.leap_probability, 0.5), kMelodyLeapWeight);
  if (notes.size() >= kMinNotesForEntropy) {
    term.Add(EntropyBand(PitchClassEntropy(notes).value_or(0.0)), kMelodyEntropyWeight);
  }
  const absl::optional<double> repetition =
      BarRepetition(notes, steps_per_bar, bars, kMinBarsForRepetition);
  if (repetition) {
    term.Add(std::min(1.0, *repetition / kBarRepetitionReference), kMelodyMotifWeight);
  }
  if (const absl::optional<double> repeats = RepeatedPitchRate(notes, LineVoice::kHighest)) {
    term.Add(Closeness(*repeats, kMelodyRepeatedPitchReference, kMelodyRepeatedPitchTolerance),
             kMelodyRepeatedPitchWeight);
  }
  return term.Get();
}

absl::optional<double> ExpressionTerm(absl::Span<const GridNote> notes, const DimensionTargets& t) {
  if (notes.empty()) return absl::nullopt;
  double in_range = 0, sum = 0, sum_sq = 0;
  for (const GridNote& note : notes) {
    in_range += note.velocity >= t.velocity_floor - kVelocityTolerance &&
                note.velocity <= t.velocity_ceiling + kVelocityTolerance;
    sum += note.velocity;
    sum_sq += static_cast<double>(note.velocity) * note.velocity;
  }
  const double n = static_cast<double>(notes.size());
  const double mean = sum / n;
  const double stddev = std::sqrt(std::max(0.0, sum_sq / n - mean * mean));
  const double wanted = std::min(kVarietyStdDev, (t.velocity_ceiling - t.velocity_floor) / 4.0);
  const double variety = wanted <= 0 ? 1.0 : std::min(1.0, stddev / wanted);
  return 0.7 * (in_range / n) + 0.3 * variety;
}

double DensityTerm(absl::Span<const GridNote> notes, const DimensionTargets& t, int bars) {
  return Closeness(NotesPerBar(notes, bars), t.notes_per_bar, std::max(t.notes_per_bar, 1.0));
}

absl::optional<double> AttributeHitShare(TrackRole role, absl::Span<const GridNote> notes,
                                         const DimensionTargets& t, int steps_per_bar,
                                         int bars) {
  if (!t.bins) return absl::nullopt;
  const std::vector<GridNote> copy(notes.begin(), notes.end());
  const tokens::AttributeBins measured =
      tokens::AttributeBinsOf(tokens::MeasureTrack(copy, bars, steps_per_bar));
  const tokens::AttributeBins& wanted = *t.bins;
  int hits =
      (measured.density == wanted.density) + (measured.velocity_level == wanted.velocity_level) +
      (measured.syncopation == wanted.syncopation) + (measured.polyphony == wanted.polyphony);
  if (!IsPitched(role)) return hits / 4.0;
  hits +=
      (measured.register_bin == wanted.register_bin) + (measured.note_length == wanted.note_length);
  return hits / 6.0;
}

}  // namespace

const char* DimensionName(Dimension dimension) {
  switch (dimension) {
    case Dimension::kRhythm:
      return "rhythm";
    case Dimension::kHarmony:
      return "harmony";
    case Dimension::kMelody:
      return "melody";
    case Dimension::kExpression:
      return "expression";
    case Dimension::kDensity:
      return "density";
  }
  return "unknown";
}

double DimensionScores::Get(Dimension dimension) const {
  switch (dimension) {
    case Dimension::kRhythm:
      return rhythm;
    case Dimension::kHarmony:
      return harmony;
    case Dimension::kMelody:
      return melody;
    case Dimension::kExpression:
      return expression;
    case Dimension::kDensity:
      return density;
  }
  return overall;
}

double RefinementThreshold(Dimension dimension) {
  switch (dimension) {
    case Dimension::kRhythm:
      return kRhythmThreshold;
    case Dimension::kHarmony:
      return kHarmonyThreshold;
    case Dimension::kMelody:
      return kMelodyThreshold;
    case Dimension::kExpression:
      return kExpressionThreshold;
    case Dimension::kDensity:
      return kDensityThreshold;
  }
  return 0.0;
}

Dimension DimensionScores::weakest() const {
  Dimension lowest = Dimension::kRhythm;
  for (int i = 1; i < kNumDimensions; ++i) {
    const auto d = static_cast<Dimension>(i);
    if (Get(d) < Get(lowest)) lowest = d;
  }
  return lowest;
}

double RhythmScore(absl::Span<const ScoredTrack> tracks, const ScoringContext& context) {
  WeightedMean score, fallback;
  for (const ScoredTrack& track : tracks) {
    const absl::optional<double> term =
        RhythmTerm(track.notes, track.targets, context.steps_per_bar, context.bars);
    if (track.role == TrackRole::kDrums) score.Add(term, 2.0);
    if (track.role == TrackRole::kBass) score.Add(term, 1.0);
    fallback.Add(term);
  }
  return score.Get() ? *score.Get() : fallback.GetOr(1.0);
}

double HarmonyScore(absl::Span<const ScoredTrack> tracks, const ScoringContext& context) {
  WeightedMean score;
  std::vector<GridNote> pitched;
  for (const ScoredTrack& track : tracks) {
    if (!IsPitched(track.role)) continue;
    score.Add(HarmonyTerm(track.role, track.notes, context.chords), HarmonyWeight(track.role));
    pitched.insert(pitched.end(), track.notes.begin(), track.notes.end());
  }
  if (score.Get()) return *score.Get();
  return InKeyRate(pitched, context.key).value_or(1.0);
}

double MelodyScore(absl::Span<const ScoredTrack> tracks, const ScoringContext& context) {
  WeightedMean score;
  for (const ScoredTrack& track : tracks) {
    if (track.role == TrackRole::kMelody) {
      score.Add(MelodyTerm(track.notes, track.targets, context.key, context.steps_per_bar,
                           context.bars));
    }
  }
  return score.GetOr(1.0);
}

double ExpressionScore(absl::Span<const ScoredTrack> tracks) {
  WeightedMean score;
  for (const ScoredTrack& track : tracks) score.Add(ExpressionTerm(track.notes, track.targets));
  return score.GetOr(1.0);
}

double DensityScore(absl::Span<const ScoredTrack> tracks, const ScoringContext& context) {
  WeightedMean score;
  std::vector<GridNote> all;
  double allowed_empty = 1.0;
  bool any_asked = false;
  for (const ScoredTrack& track : tracks) {
    score.Add(DensityTerm(track.notes, track.targets, context.bars));
    all.insert(all.end(), track.notes.begin(), track.notes.end());
    if (track.targets.notes_per_bar > 0) {
      const double allowed = track.targets.rest_density + kEmptyBeatSlack;
      allowed_empty = any_asked ? std::min(allowed_empty, allowed) : allowed;
      any_asked = true;
    }
  }
  const double empty = tokens::EmptyBeatRate(all, context.steps_per_bar, context.bars);
  const double sanity = 1.0 - std::max(0.0, empty - std::min(allowed_empty, 1.0));
  return score.GetOr(1.0) * sanity;
}

DimensionScores ScoreSection(absl::Span<const ScoredTrack> tracks, const ScoringContext& context) {
  DimensionScores out;
  out.rhythm = RhythmScore(tracks, context);
  out.harmony = HarmonyScore(tracks, context);
  out.melody = MelodyScore(tracks, context);
  out.expression = ExpressionScore(tracks);
  out.density = DensityScore(tracks, context);
  out.overall = (out.rhythm + out.harmony + out.melody + out.expression + out.density) / 5.0;
  return out;
}

double TrackScore(TrackRole role, absl::Span<const GridNote> notes, const DimensionTargets& targets,
                  const ChordTimeline& chords, const absl::optional<music::Key>& key,
                  int steps_per_bar, int bars) {
  WeightedMean score;
  score.Add(DensityTerm(notes, targets, bars));
  if (notes.empty()) return *score.Get();
  score.Add(ExpressionTerm(notes, targets));
  score.Add(AttributeHitShare(role, notes, targets, steps_per_bar, bars));
  if (role == TrackRole::kDrums || role == TrackRole::kBass) {
    score.Add(RhythmTerm(notes, targets, steps_per_bar, bars));
  }
  if (role == TrackRole::kMelody) {
    score.Add(MelodyTerm(notes, targets, key, steps_per_bar, bars));
  }
  score.Add(HarmonyTerm(role, notes, chords));
  return *score.Get();
}

}  // namespace stori::score
