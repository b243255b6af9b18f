// Deliberate damage to a real section, one musical aspect at a time, for checking that the
// dimension scores of engine/score/dimension_scores.h mean something (issue 17 point 1,
// score_validation.h): each damage should lower the one dimension it names. Every function takes
// a token window (tokens::RemiWindow: notes on the 12-steps-per-beat grid) and returns a damaged
// copy with the same header, bars, chords, track order and roles; notes stay sorted
// (GridNote order); bins are left as they were (the scores do not read them).
//
//   damage                 dimension   what changes
//   kShuffledOnsets        rhythm      every note of every track to a random 16th of its own bar
//   kOffChordPitches       harmony     bass and harmony notes to random non-chord tones
//   kFlattenedVelocities   expression  every note of a track at one velocity: the track's mean
//   kDoubledDensity        density     every note of every track split in two (or doubled)
//   kMotifRemoved          melody      melody bars after the first get random in-key figures
//
// Randomness comes from sampling::Rng(seed): the same window and seed give the same result on
// every platform.
#ifndef STORI_ENGINE_EVALUATE_SECTION_DAMAGE_H_
#define STORI_ENGINE_EVALUATE_SECTION_DAMAGE_H_

#include <cstdint>

#include "engine/score/dimension_scores.h"
#include "engine/tokens/remi_window.h"

namespace stori::evaluate {

enum class Damage {
  kShuffledOnsets,
  kOffChordPitches,
  kFlattenedVelocities,
  kDoubledDensity,
  kMotifRemoved
};
inline constexpr int kNumDamages = 5;

// "shuffled_onsets", "off_chord_pitches", "flattened_velocities", "doubled_density",
// "motif_removed". Thread safety: pure function.
const char* DamageName(Damage damage);

// The dimension a damage is meant to lower (table above). Thread safety: pure function.
score::Dimension DamagedDimension(Damage damage);

// Grid steps of a 16th note (tokens::kStepsPerBeat / 4): the grid onsets are moved on.
inline constexpr int kSixteenthSteps = 3;

// Every note of every track gets a new onset: bar * steps_per_bar + kSixteenthSteps * u, u
// uniform in [0, steps_per_bar / kSixteenthSteps), in the bar it started in; duration, pitch and
// velocity are kept. A scrambled groove: bars no longer repeat, and about half the onsets land
// off the eighth grid. Thread safety: pure function.
tokens::RemiWindow ShuffleOnsets(const tokens::RemiWindow& window, std::uint64_t seed);

// Every note of the bass and harmony tracks whose onset has a chord (score::ChordAt on
// score::ChordTimelineFromBarChords(window.chords); "N" and steps before the first chord are
// left alone) gets a pitch class drawn uniformly from the 12 - |chord| that are not in the chord,
// at the pitch of that class nearest to the original (ties: the lower one; kept in 0..127). The
// chord-tone ratio of those tracks becomes 0. Drums and melody are untouched.
// Thread safety: pure function.
tokens::RemiWindow OffChordPitches(const tokens::RemiWindow& window, std::uint64_t seed);

// What a producer calls flat dynamics: every note of a track at the same velocity (a
// step-entered or fixed-velocity part). The velocity is the track's mean velocity snapped to its
// bin centre (tokens::VelocityBinCentre(VelocityBin(round(mean)))), so the level stays and only
// the accents and contour go. No randomness. Thread safety: pure function.
tokens::RemiWindow FlattenVelocities(const tokens::RemiWindow& window);

// Twice the notes in the same time, every track: a note of an eighth or longer (duration >= 2
// 16ths) is split at h = kSixteenthSteps * floor(duration / (2 * kSixteenthSteps)) (its half,
// down to the 16th grid) into [start, start + h) and [start + h, start + duration); a shorter
// note (a drum hit, a 16th) gets a copy one 16th later (or at its own onset when that would leave
// the section). Onsets on the 16th grid stay on it. No randomness. Thread safety: pure function.
tokens::RemiWindow DoubleDensity(const tokens::RemiWindow& window);

// A section's motif is the figure of the first bar in which its melody has notes; its repeats
// (and any other figure the melody restates) lie in the bars after it. "Removed": each of those
// bars with notes is rewritten with random in-key notes: as many onsets as the bar had (distinct
// start steps), at distinct 16th cells drawn uniformly, each note lasting to the next onset (the
// last to the bar end); pitches uniform over the key's scale (music::ScalePitchClasses; the
// major scale of C when the window has no key) between the melody's lowest and highest pitch;
// velocities those of the bar's onsets in order. The first bar with notes, the note count per
// bar and the velocities are kept. Only the first melody track is changed.
// Thread safety: pure function.
tokens::RemiWindow RemoveMotif(const tokens::RemiWindow& window, std::uint64_t seed);

// The function for `damage` (seed ignored where there is no randomness).
// Thread safety: pure function.
tokens::RemiWindow ApplyDamage(Damage damage, const tokens::RemiWindow& window, std::uint64_t seed);

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_SECTION_DAMAGE_H_
