#include "engine/score/notes_per_bar.h"

namespace stori::score {

double NotesPerBar(absl::Span<const tokens::GridNote> notes, int bars) {
  if (bars <= 0) return 0.0;
  return static_cast<double>(notes.size()) / bars;
}

}  // namespace stori::score
