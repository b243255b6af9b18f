#include "engine/score/chord_timeline.h"

#include <algorithm>

#include "engine/music/chord_symbol.h"
#include "engine/music/pitch_class.h"
#include "engine/tokens/chord_token.h"
#include "engine/tokens/vocabulary.h"

namespace stori::score {

const ChordSpan* ChordAt(const ChordTimeline& chords, int step) {
  auto after = std::upper_bound(chords.begin(), chords.end(), step,
                                [](int s, const ChordSpan& span) { return s < span.start_step; });
  if (after == chords.begin()) return nullptr;
  return &*(after - 1);
}

ChordTimeline ChordTimelineFromBarChords(const std::vector<std::vector<tokens::BarChord>>& bars,
                                         int steps_per_bar) {
  ChordTimeline out;
  int previous_value = -1;
  for (int bar = 0; bar < static_cast<int>(bars.size()); ++bar) {
    for (const tokens::BarChord& chord : bars[bar]) {
      if (chord.chord == previous_value) continue;
      previous_value = chord.chord;
      ChordSpan span;
      span.start_step = bar * steps_per_bar + chord.beat * tokens::kStepsPerBeat;
      span.pitch_classes = tokens::ChordTokenPitchClasses(chord.chord);
      if (!out.empty() && out.back().start_step >= span.start_step) {
        out.back() = std::move(span);  // a later change at the same step wins
      } else {
        out.push_back(std::move(span));
      }
    }
  }
  return out;
}

}  // namespace stori::score
