// The share of a melody's notes on the minor degrees of its key (b3, b6, b7: 3, 8 and 10
// semitones above the tonic), the measure of valence's mode colour (issue 15 point 5, "make it
// sadder" in issue 17 point 4): a natural-minor line has about three in seven, a major-scale line
// none.
#ifndef STORI_ENGINE_SCORE_MINOR_DEGREE_SHARE_H_
#define STORI_ENGINE_SCORE_MINOR_DEGREE_SHARE_H_

#include <vector>

#include "engine/music/key.h"
#include "engine/music/note.h"
#include "engine/tokens/grid_note.h"

namespace stori::score {

// Share 0..1 of `notes` whose pitch class is 3, 8 or 10 semitones above key.tonic_pc; 0 for no
// notes. Thread safety: pure functions.
double MinorDegreeShare(const std::vector<tokens::GridNote>& notes, const music::Key& key);
double MinorDegreeShare(const std::vector<music::Note>& notes, const music::Key& key);

}  // namespace stori::score

#endif  // STORI_ENGINE_SCORE_MINOR_DEGREE_SHARE_H_
