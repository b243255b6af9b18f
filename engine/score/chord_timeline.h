// The chords of a section on the token grid: which pitch classes sound from which step on. Input
// of the chord-tone ratio (chord_tone_ratio.h) and the harmony dimension (dimension_scores.h).
#ifndef STORI_ENGINE_SCORE_CHORD_TIMELINE_H_
#define STORI_ENGINE_SCORE_CHORD_TIMELINE_H_

#include <vector>

#include "engine/tokens/remi_window.h"

namespace stori::score {

// One chord from `start_step` until the next span's start (the last one to the end of the
// section). `pitch_classes`: the chord's pitch classes 0..11 (music::ChordSymbol::pitch_classes);
// empty means no chord ("N", "N.C."): notes starting there are not judged.
struct ChordSpan {
  int start_step = 0;  // grid steps (tokens::kStepsPerBeat per beat) from the section start, >= 0
  std::vector<int> pitch_classes;
};

// Spans sorted by start_step, strictly ascending. Steps before the first span have no chord.
using ChordTimeline = std::vector<ChordSpan>;

// Returns the span sounding at `step` (the last one with start_step <= step), or nullptr when
// `step` lies before the first span. O(log n). Thread safety: pure function.
const ChordSpan* ChordAt(const ChordTimeline& chords, int step);

// The timeline of a token window's per-bar chords (RemiWindow::chords): a BarChord at bar b,
// beat k starts at b * steps_per_bar + k * kStepsPerBeat; its kChord value is
// root_pc * kNumChordQualities + quality (music::ChordQuality order), pitch classes are
// root + music::ChordQualityIntervals(quality) mod 12; the last value (12 * kNumChordQualities,
// "N") gives an empty span. A change to the chord already sounding adds no span.
// Thread safety: pure function.
ChordTimeline ChordTimelineFromBarChords(const std::vector<std::vector<tokens::BarChord>>& bars,
                                         int steps_per_bar);

}  // namespace stori::score

#endif  // STORI_ENGINE_SCORE_CHORD_TIMELINE_H_
