// Which held-out windows the as-served evaluation turns into requests (issue 15 point 1): the
// 8-bar windows of the POP909 test songs (test_windows.h Pop909TestWindows, bars 8, drums
// paired in from Groove's test windows), those a caller could send as they are, every Nth.
#ifndef STORI_ENGINE_EVALUATE_SERVED_SECTIONS_H_
#define STORI_ENGINE_EVALUATE_SERVED_SECTIONS_H_

#include <vector>

#include "engine/evaluate/test_windows.h"

namespace stori::evaluate {

// True when `w` can be requested and compared as it is: it holds a drum track (the real side of
// the drum and kick-bass measures), a bass, a harmony and a melody track, each of which starts a
// note in every phrase of the window (phrase_end_silence.h kPhraseBars bars; a shorter last
// span counts as one), a key, a meter of whole beats, at least one chord and no "none" chord
// (served_request.h: the engine refuses "N"). The request asks for four tracks that play from
// the first bar to the last, and the targets are calibrated over 4-bar windows in which the track
// plays (engine/targets/CALIBRATION.md), so a window in which a track sits out a whole phrase
// (an intro before the melody enters, an interlude: an arrangement the request does not
// describe) is not compared. Thread safety: pure function.
bool ServedEligible(const EvaluationWindow& w);

struct ServedSelection {
  std::vector<EvaluationWindow> sections;  // in input order
  int windows = 0;                         // input windows
  int eligible = 0;                        // of them ServedEligible
  int stride = 1;                          // every stride-th eligible window was taken
  HeldOutSplit split = HeldOutSplit::kTest;  // the songs the windows come from (the caller's)
};

// The eligible windows of `windows` (in order) at indexes 0, stride, 2 * stride, ..., at most
// `count` of them, stride = max(1, eligible / count): spread evenly over the songs, the same
// selection for the same input. count <= 0 selects none. Thread safety: pure function.
ServedSelection SelectServedSections(std::vector<EvaluationWindow> windows, int count);

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_SERVED_SECTIONS_H_
