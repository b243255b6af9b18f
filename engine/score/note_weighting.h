// How a note counts in a share or histogram: once per note (MusPy counts notes: Dong et al.,
// "MusPy: A Toolkit for Symbolic Music Generation", ISMIR 2020) or by its duration in grid steps
// (the chord-tone ratio's "share of note-on time", engine/score/chord_tone_ratio.h).
#ifndef STORI_ENGINE_SCORE_NOTE_WEIGHTING_H_
#define STORI_ENGINE_SCORE_NOTE_WEIGHTING_H_

namespace stori::score {

enum class NoteWeighting {
  kCount,     // every note weighs 1
  kDuration,  // a note weighs its duration_steps (1/12 beat each)
};

}  // namespace stori::score

#endif  // STORI_ENGINE_SCORE_NOTE_WEIGHTING_H_
