// Dimension: the five scored dimensions of a section (rhythm, harmony, melody, expression,
// density; proto stori.generation.v1.Dimension). Their formulas are in dimension_scores.h; the
// refinement and RefineSection's target_dimensions name them with this enum.
#ifndef STORI_ENGINE_SCORE_DIMENSION_H_
#define STORI_ENGINE_SCORE_DIMENSION_H_

namespace stori::score {

enum class Dimension { kRhythm, kHarmony, kMelody, kExpression, kDensity };
inline constexpr int kNumDimensions = 5;

// "rhythm", "harmony", "melody", "expression", "density". Thread safety: pure function.
const char* DimensionName(Dimension dimension);

}  // namespace stori::score

#endif  // STORI_ENGINE_SCORE_DIMENSION_H_
