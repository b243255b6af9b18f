// Snapping notes to the token grid of vocabulary.h: onsets to the union of the 16th-note and
// eighth-triplet grids (steps 0, 3, 4, 6, 8, 9 of each 12-step beat), durations to the nearest
// of kDurationSteps, velocities to the centre of one of kNumVelocityBins equal bins over 1..127.
#ifndef STORI_ENGINE_TOKENS_QUANTIZATION_H_
#define STORI_ENGINE_TOKENS_QUANTIZATION_H_

namespace stori::tokens {

// Drum hits carry no duration token; they decode to a 16th note (3 steps).
inline constexpr int kDrumDurationSteps = 3;

// Nearest onset step for a time in beats (>= 0); ties go to the earlier step. May return the
// first step of the next beat. Thread safety: pure.
int QuantizeOnsetStep(double beats);
// True if `step` (absolute) lies on the onset grid.
bool IsOnsetGridStep(int step);
// Index into kDurationSteps of the nearest duration to `beats` (> 0); clamps to 1 step .. 8
// beats (a data-side quantization, not request handling).
int QuantizeDurationIndex(double beats);
// Velocity bin 0..kNumVelocityBins-1 of a velocity 1..127 (out-of-range values take the end bins).
int VelocityBin(int velocity);
// Centre velocity of a bin: 8, 24, ..., 120.
int VelocityBinCentre(int bin);

}  // namespace stori::tokens

#endif  // STORI_ENGINE_TOKENS_QUANTIZATION_H_
