#include "engine/evaluate/phrase_end_silence.h"

#include <vector>

#include "engine/tokens/track_attributes.h"
#include "engine/tokens/vocabulary.h"

namespace stori::evaluate {

absl::optional<double> PhraseEndSilenceShare(absl::Span<const tokens::GridNote> notes,
                                             int steps_per_bar, int bars, int phrase_bars) {
  if (phrase_bars < 1 || bars < phrase_bars || steps_per_bar <= 0) return absl::nullopt;
  const std::vector<bool> sounding = tokens::SoundingBeatMask(notes, steps_per_bar, bars);
  int silent = 0, at_phrase_end = 0;
  for (int b = 0; b < static_cast<int>(sounding.size()); ++b) {
    if (sounding[b]) continue;
    ++silent;
    const int bar = b * tokens::kStepsPerBeat / steps_per_bar;
    if (bar % phrase_bars == phrase_bars - 1) ++at_phrase_end;
  }
  if (silent == 0) return absl::nullopt;
  return static_cast<double>(at_phrase_end) / silent;
}

}  // namespace stori::evaluate
