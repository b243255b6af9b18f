// Humanizer: the expression dimension's regeneration (README.md, "How a section is made", step 5,
// when expression is the weakest dimension): velocity curves, microtiming and articulation set by
// the section's EmotionVector, applied to notes the model wrote on its grid.
//
// Rules, after the KTH rule system for music performance (Friberg, Bresin & Sundberg 2006,
// "Overview of the KTH rule system for musical performance", Advances in Cognitive Psychology
// 2(2-3)): a metrical accent (the bar's downbeat louder, the other beats less so, off-beats
// softer), a phrase arch (louder towards the middle of each 4-bar phrase), a small random
// velocity variation, random onset deviations ("microtiming") with a laid-back delay for the
// pitched upper parts, and an articulation factor on note lengths (legato when intimate, shorter
// when energetic and moving). The magnitudes below (HumanizeParamsFor) are this project's
// choices: accents of 3-10 velocity units (a velocity bin is 8), onsets moved by less than half
// of the token grid's step (1/12 beat), so that every note stays on the grid step the model
// chose and the rhythm, harmony, melody and density scores do not change; only expression does.
#ifndef STORI_ENGINE_REFINE_HUMANIZER_H_
#define STORI_ENGINE_REFINE_HUMANIZER_H_

#include <cstdint>

#include "engine/section/section_request.h"
#include "engine/music/track.h"

namespace stori::refine {

// What the humanizer does to one section, from its EmotionVector (units in each field).
struct HumanizeParams {
  double accent = 0.0;            // velocity units added on the downbeat; half on other beats;
                                  // a quarter taken off notes between beats
  double phrase_arch = 0.0;       // velocity units: the arch's middle minus its ends
  double velocity_jitter = 0.0;   // +- velocity units, uniform
  double timing_jitter_ms = 0.0;  // +- ms, uniform (drums: half)
  double laid_back_ms = 0.0;      // delay of harmony, pad and melody onsets, ms
  double articulation = 1.0;      // note-length factor (pitched tracks)
};

// accent 3 + 7 * energy; phrase_arch 4 + 6 * tension; velocity_jitter 2 + 2 * (1 - energy);
// timing_jitter_ms 4 + 8 * intimacy; laid_back_ms 10 * intimacy * (1 - energy);
// articulation 0.9 + 0.15 * intimacy - 0.1 * energy * motion (0.8 .. 1.05).
// Thread safety: pure function.
HumanizeParams HumanizeParamsFor(const EmotionVector& emotion);

// The section a track belongs to, as far as the humanizer needs it.
struct HumanizeFrame {
  int ppq = 480;                // ticks per quarter note, >= 24
  double tempo_bpm = 120.0;     // > 0
  double beats_per_bar = 4.0;   // quarter notes per bar, > 0
  std::int64_t section_ticks = 0;  // notes stay in [0, section_ticks)
  int bars_per_phrase = 4;      // the phrase arch's length
};

// `track` humanized: every velocity moved by the accent, arch and jitter and then held to
// [velocity_floor, velocity_ceiling] (the targets' hard bounds, 1 <= floor <= ceiling <= 127);
// unless `keep_timing` (a melody carrying a locked motif keeps its onsets and lengths), each
// onset moved by the timing jitter (plus the laid-back delay for harmony, pad and melody) by at
// most ppq / 24 - 1 ticks, staying inside the section and keeping the note's end, and then each
// pitched note's length scaled by the articulation (at least 1 tick; not past the section's end
// or the next onset of the same pitch); drum notes keep their ends. Deterministic in `seed`.
// Notes come back sorted.
// Thread safety: pure function.
music::Track Humanize(const music::Track& track, int velocity_floor, int velocity_ceiling,
                      const HumanizeParams& params, const HumanizeFrame& frame, bool keep_timing,
                      std::uint64_t seed);

}  // namespace stori::refine

#endif  // STORI_ENGINE_REFINE_HUMANIZER_H_
