// Notes per bar (MusPy's note count over the number of measures): the figure that
// tokens::TrackAttributes::notes_per_bar and targets::TrackTargets::notes_per_bar use.
#ifndef STORI_ENGINE_SCORE_NOTES_PER_BAR_H_
#define STORI_ENGINE_SCORE_NOTES_PER_BAR_H_

#include "absl/types/span.h"
#include "engine/tokens/grid_note.h"

namespace stori::score {

// Returns #notes / bars, >= 0 (every note counts, chord notes and drum hits included); 0 when
// bars <= 0. Thread safety: pure function.
double NotesPerBar(absl::Span<const tokens::GridNote> notes, int bars);

}  // namespace stori::score

#endif  // STORI_ENGINE_SCORE_NOTES_PER_BAR_H_
