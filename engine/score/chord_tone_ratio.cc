#include "engine/score/chord_tone_ratio.h"

#include <algorithm>

#include "engine/music/pitch_class.h"

namespace stori::score {

absl::optional<double> ChordToneRatio(absl::Span<const tokens::GridNote> notes,
                                      const ChordTimeline& chords, NoteWeighting weighting) {
  double judged = 0, in_chord = 0;
  for (const tokens::GridNote& note : notes) {
    const ChordSpan* span = ChordAt(chords, note.start_step);
    if (span == nullptr || span->pitch_classes.empty()) continue;
    const double w = weighting == NoteWeighting::kCount ? 1.0 : note.duration_steps;
    judged += w;
    const int pc = music::PitchClass(note.pitch);
    if (std::find(span->pitch_classes.begin(), span->pitch_classes.end(), pc) !=
        span->pitch_classes.end()) {
      in_chord += w;
    }
  }
  if (judged <= 0) return absl::nullopt;
  return in_chord / judged;
}

}  // namespace stori::score
