// Where a track's rests fall: the share of its silent beats that lie in the last bar of a
// 4-bar phrase (issue 15 point 3: the decoder's empty-beat bound used to leave the rests it owed
// until the end of each 4-bar decoding window, so 90% of the melody's silent beats fell in bars
// 4 and 8, against 26% in POP909). Silence is counted per beat as tokens::EmptyBeatRate counts
// it (MusPy's empty-beat rate), so the two measures agree on which beats are silent.
#ifndef STORI_ENGINE_EVALUATE_PHRASE_END_SILENCE_H_
#define STORI_ENGINE_EVALUATE_PHRASE_END_SILENCE_H_

#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "engine/tokens/grid_note.h"

namespace stori::evaluate {

// Bars per phrase: the 4-bar unit of POP909's phrase annotations (Dai et al. 2020, "Automatic
// analysis and influence of hierarchical structure on melody, rhythm and harmony in popular
// music") and of the model's decoding window.
inline constexpr int kPhraseBars = 4;

// Returns #{silent beats in bars b with b % phrase_bars == phrase_bars - 1} / #{silent beats}
// over `bars` bars of `steps_per_bar` grid steps (steps from the window start), 0..1; silent
// beats as tokens::SoundingBeatMask (and so EmptyBeatRate) has them. Uniformly spread rests give 1 / phrase_bars.
// nullopt when no beat is silent, when bars < phrase_bars (no phrase ends) or phrase_bars < 1.
// Thread safety: pure function.
absl::optional<double> PhraseEndSilenceShare(absl::Span<const tokens::GridNote> notes,
                                             int steps_per_bar, int bars,
                                             int phrase_bars = kPhraseBars);

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_PHRASE_END_SILENCE_H_
