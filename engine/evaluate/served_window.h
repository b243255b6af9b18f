// A served section (SectionResult: notes in ticks, as the caller receives them) back
// on the token grid, beside the real window it was requested for, so that both sides go through
// the same measures (served_metrics.h).
#ifndef STORI_ENGINE_EVALUATE_SERVED_WINDOW_H_
#define STORI_ENGINE_EVALUATE_SERVED_WINDOW_H_

#include <vector>

#include "engine/section/section_result.h"
#include "engine/music/track.h"
#include "engine/tokens/grid_note.h"
#include "engine/tokens/remi_window.h"

namespace stori::evaluate {

// The notes of `track` (ticks at `ppq` from the section start) in grid steps of 1/12 beat:
// start_step = round(start_tick * 12 / ppq), duration_steps = max(1, round(duration_ticks * 12 /
// ppq)), pitch and velocity as they are. No snapping to the onset grid or token durations: an
// onset that swing moved off the grid stays off it. Sorted (GridNote order).
// Thread safety: pure function.
std::vector<tokens::GridNote> GridNotesOfTrack(const music::Track& track, int ppq);

// `real`'s header, bars and chords with one track per track of `served` whose role is drums,
// bass, harmony or melody (pad and other tracks are left out), in the result's order, notes from
// GridNotesOfTrack, bins measured from them (tokens::MeasureTrack).
// Thread safety: pure function.
tokens::RemiWindow ServedWindow(const tokens::RemiWindow& real,
                                const SectionResult& served);

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_SERVED_WINDOW_H_
