// A note quantized to the token grid of vocabulary.h: onset and duration in steps of
// 1/kStepsPerBeat beat (12 per quarter note), velocity already snapped to its bin centre.
#ifndef STORI_ENGINE_TOKENS_GRID_NOTE_H_
#define STORI_ENGINE_TOKENS_GRID_NOTE_H_

#include <tuple>

namespace stori::tokens {

struct GridNote {
  int start_step = 0;      // from the start of the window (bar 0, beat 0), >= 0
  int duration_steps = 1;  // one of kDurationSteps (drums: kDrumDurationSteps)
  int pitch = 60;          // MIDI pitch, or GM percussion key on a drum track
  int velocity = 64;       // 1..127, a velocity bin centre after quantization

  friend bool operator==(const GridNote& a, const GridNote& b) {
    return std::tie(a.start_step, a.duration_steps, a.pitch, a.velocity) ==
           std::tie(b.start_step, b.duration_steps, b.pitch, b.velocity);
  }
  friend bool operator<(const GridNote& a, const GridNote& b) {
    return std::tie(a.start_step, a.pitch, a.duration_steps, a.velocity) <
           std::tie(b.start_step, b.pitch, b.duration_steps, b.velocity);
  }
};

}  // namespace stori::tokens

#endif  // STORI_ENGINE_TOKENS_GRID_NOTE_H_
