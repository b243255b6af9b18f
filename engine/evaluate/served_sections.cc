#include "engine/evaluate/served_sections.h"

#include <algorithm>
#include <utility>

#include "engine/evaluate/phrase_end_silence.h"
#include "engine/tokens/chord_token.h"
#include "engine/tokens/vocabulary.h"

namespace stori::evaluate {

bool ServedEligible(const EvaluationWindow& w) {
  const tokens::RemiWindow& r = w.window;
  for (tokens::TokenRole role : {tokens::TokenRole::kDrums, tokens::TokenRole::kBass,
                                 tokens::TokenRole::kHarmony, tokens::TokenRole::kMelody}) {
    if (tokens::FindTrack(r, role) == nullptr) return false;
  }
  // Every track plays in every phrase: a note starts in each kPhraseBars-bar span (the last
  // may be shorter).
  const int phrase_steps = kPhraseBars * r.steps_per_bar;
  for (const tokens::TrackSegment& t : r.tracks) {
    for (int start = 0; start < r.bars * r.steps_per_bar; start += phrase_steps) {
      if (std::none_of(t.notes.begin(), t.notes.end(), [&](const tokens::GridNote& n) {
            return n.start_step >= start && n.start_step < start + phrase_steps;
          })) {
        return false;
      }
    }
  }
  if (r.key == tokens::kNoKeyValue) return false;
  if (r.steps_per_bar <= 0 || r.steps_per_bar % tokens::kStepsPerBeat != 0) return false;
  if (r.chords.empty()) return false;
  const int none = tokens::NoChordTokenValue();
  for (const auto& bar : r.chords) {
    for (const tokens::BarChord& c : bar) {
      if (c.chord == none) return false;
    }
  }
  return true;
}

ServedSelection SelectServedSections(std::vector<EvaluationWindow> windows, int count) {
  ServedSelection out;
  out.windows = static_cast<int>(windows.size());
  std::vector<EvaluationWindow> eligible;
  for (EvaluationWindow& w : windows) {
    if (ServedEligible(w)) eligible.push_back(std::move(w));
  }
  out.eligible = static_cast<int>(eligible.size());
  if (count <= 0) return out;
  out.stride = std::max(1, out.eligible / count);
  for (int i = 0; i < out.eligible && static_cast<int>(out.sections.size()) < count;
       i += out.stride) {
    out.sections.push_back(std::move(eligible[i]));
  }
  return out;
}

}  // namespace stori::evaluate
