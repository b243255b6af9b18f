// Shared steps of cutting real music into token windows: quantizing notes in beats onto the
// token grid and filling a TrackSegment with its measured attribute bins.
#ifndef STORI_ENGINE_DATASET_WINDOW_BUILDER_H_
#define STORI_ENGINE_DATASET_WINDOW_BUILDER_H_

#include <vector>

#include "engine/tokens/grid_note.h"
#include "engine/tokens/remi_window.h"

namespace stori::dataset {

// A note with onset and duration in beats (quarter notes) from a song's first beat.
struct BeatNote {
  double onset_beat = 0;
  double duration_beats = 0;
  int pitch = 60;
  int velocity = 64;
};

// Options shared by the POP909 and Groove cutters.
struct WindowOptions {
  int bars = 4;            // window length in bars (section-sized, 4..16)
  bool transpose = false;  // augmentation by a random shift in [-5, +6] semitones (pitched only)
  unsigned seed = 0;       // for the transposition draw; windows are reproducible per seed
};

// Quantizes the notes whose onset lies in [window_start_beat, window_start_beat + beats) onto
// the grid (onsets within half a step before the start snap to step 0). Drops duplicates of
// (step, pitch), keeping the longer note. `drums`: duration fixed to kDrumDurationSteps.
// Thread safety: pure function.
std::vector<tokens::GridNote> QuantizeWindow(const std::vector<BeatNote>& notes,
                                             double window_start_beat, double beats, bool drums);

// A TrackSegment of `role` holding `notes`, with attribute bins measured over `bars` bars of
// `steps_per_bar` steps.
tokens::TrackSegment MakeSegment(tokens::TokenRole role, std::vector<tokens::GridNote> notes,
                                 int steps_per_bar, int bars);

// Splits piano notes into (bass, rest): at each onset step, the lowest note is bass when its
// pitch is below kBassSplitPitch (55, G3) and no piano note still sounding from an earlier onset
// is lower. This is the documented rule for deriving POP909's bass (models/*/MODEL_CARD.md).
inline constexpr int kBassSplitPitch = 55;
void SplitBass(const std::vector<tokens::GridNote>& piano, std::vector<tokens::GridNote>* bass,
               std::vector<tokens::GridNote>* rest);

}  // namespace stori::dataset

#endif  // STORI_ENGINE_DATASET_WINDOW_BUILDER_H_
