// Scale consistency and in-scale rate, MusPy (Dong et al., ISMIR 2020) `scale_consistency` and
// `pitch_in_scale_rate`, after Mogren, "C-RNN-GAN" (2016) and Dong et al., "MuseGAN" (AAAI 2018):
//   in_scale_rate(root, mode) = #notes whose pitch class is in the scale / #notes
//   scale_consistency        = max over the 12 major and 12 natural-minor scales of in_scale_rate
// Notes are counted (MusPy), not weighted by duration.
#ifndef STORI_ENGINE_SCORE_SCALE_CONSISTENCY_H_
#define STORI_ENGINE_SCORE_SCALE_CONSISTENCY_H_

#include <array>

#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "engine/music/key.h"
#include "engine/tokens/grid_note.h"

namespace stori::score {

// Membership of pitch classes 0..11 in the key's scale: major (Ionian, 0 2 4 5 7 9 11 above the
// tonic) or natural minor (Aeolian, 0 2 3 5 7 8 10), as music::ScalePitchClasses.
// Thread safety: pure function.
std::array<bool, 12> ScaleMask(const music::Key& key);

// Returns the share 0..1 of notes whose pitch class is in `key`'s scale; nullopt for no notes.
// Pitched tracks only. Thread safety: pure function.
absl::optional<double> InScaleRate(absl::Span<const tokens::GridNote> notes, const music::Key& key);

// Returns max over the 24 major/minor keys of InScaleRate, 0..1 (>= 7/12 for any non-empty
// input); nullopt for no notes. If `best_key` is not null it receives the first key reaching the
// maximum (tonics C..B, major before minor). Thread safety: pure function.
absl::optional<double> ScaleConsistency(absl::Span<const tokens::GridNote> notes,
                                        music::Key* best_key = nullptr);

}  // namespace stori::score

#endif  // STORI_ENGINE_SCORE_SCALE_CONSISTENCY_H_
