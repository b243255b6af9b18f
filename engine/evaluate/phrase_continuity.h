// Phrase memory across the model's decoding window (issue 15 point 4): the shipped model was
// trained on 4-bar windows, and a section decoded as independent 4-bar windows starts again
// from nothing at bar 5, so that bars 5-8 neither continue bar 4 nor answer bars 1-4. Three
// measures of one track of an 8-bar (or longer) section, computed alike on real music and on a
// served section, at the boundary between bars 4 and 5 (bar indexes 3 and 4):
//   boundary_bar_similarity   score::BarSimilarity (engine/score/bar_repetition.h: rhythm and
//                             transposable figure of the top line; drums: every hit, figure
//                             (16th cell, GM key)) of bars 4 and 5
//   phrase_answer_similarity  the mean of score::BarSimilarity of bar b and bar b - 4 over bars
//                             b = 5..8 (both with onsets): how much bars 5-8 restate or answer
//                             bars 1-4, the 4-bar antecedent / consequent unit of POP909's
//                             phrase annotations (Dai et al. 2020)
//   pitch_class_continuity    the cosine similarity of the duration-weighted pitch-class
//                             histograms of bars 3-4 and bars 5-6 (pitched tracks): whether the
//                             harmony and register of the second window continue the first
//                             (the pitch-class histogram of Yang & Lerch, "On the evaluation of
//                             generative models in music", Neural Comput. & Applic. 2020,
//                             compared by cosine)
#ifndef STORI_ENGINE_EVALUATE_PHRASE_CONTINUITY_H_
#define STORI_ENGINE_EVALUATE_PHRASE_CONTINUITY_H_

#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "engine/tokens/grid_note.h"

namespace stori::evaluate {

// The bar (0-based) where the served generator's second 4-bar window begins.
inline constexpr int kWindowBoundaryBar = 4;

// boundary_bar_similarity (file comment), 0..1, of `notes` (steps from the section start) over
// `bars` bars of `steps_per_bar` steps. nullopt when bars <= kWindowBoundaryBar or bar 4 or bar
// 5 holds no onset. Thread safety: pure function.
absl::optional<double> BoundaryBarSimilarity(absl::Span<const tokens::GridNote> notes,
                                             int steps_per_bar, int bars, bool drums);

// phrase_answer_similarity (file comment), 0..1; nullopt when bars < 2 * kWindowBoundaryBar or
// no pair (b, b - 4) has onsets in both bars. Thread safety: pure function.
absl::optional<double> PhraseAnswerSimilarity(absl::Span<const tokens::GridNote> notes,
                                              int steps_per_bar, int bars, bool drums);

// pitch_class_continuity (file comment), 0..1 (histograms are non-negative); nullopt when
// bars < kWindowBoundaryBar + 2 or either 2-bar span is silent. Pitched tracks.
// Thread safety: pure function.
absl::optional<double> PitchClassContinuity(absl::Span<const tokens::GridNote> notes,
                                            int steps_per_bar, int bars);

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_PHRASE_CONTINUITY_H_
