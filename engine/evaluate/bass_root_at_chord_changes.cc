#include "engine/evaluate/bass_root_at_chord_changes.h"

#include <limits>

#include "engine/tokens/chord_token.h"
#include "engine/tokens/vocabulary.h"

namespace stori::evaluate {
namespace {

struct Change {
  int step = 0;
  int chord = 0;  // kChord value
};

// The bass pitch that answers the change at `step` (rules 1-3 of the header), or -1.
int BassPitchAt(absl::Span<const tokens::GridNote> bass, int step, int next_step) {
  int starting = -1;  // rule 1: lowest pitch starting at step
  int sounding = -1;  // rule 2
  int sounding_start = -1;
  int first_after = std::numeric_limits<int>::max();  // rule 3: first onset in (step, next)
  int after = -1;
  for (const tokens::GridNote& n : bass) {
    if (n.start_step == step) {
      if (starting < 0 || n.pitch < starting) starting = n.pitch;
    } else if (n.start_step < step && step < n.start_step + n.duration_steps) {
      if (n.start_step > sounding_start || (n.start_step == sounding_start && n.pitch < sounding)) {
        sounding_start = n.start_step;
        sounding = n.pitch;
      }
    } else if (n.start_step > step && n.start_step < next_step) {
      if (n.start_step < first_after || (n.start_step == first_after && n.pitch < after)) {
        first_after = n.start_step;
        after = n.pitch;
      }
    }
  }
  if (starting >= 0) return starting;
  if (sounding >= 0) return sounding;
  return after;
}

}  // namespace

absl::optional<double> BassRootAtChordChanges(
    absl::Span<const tokens::GridNote> bass,
    const std::vector<std::vector<tokens::BarChord>>& chords, int steps_per_bar) {
  std::vector<Change> changes;
  bool first = true;
  int previous = 0;
  for (std::size_t bar = 0; bar < chords.size(); ++bar) {
    for (const tokens::BarChord& c : chords[bar]) {
      if (!first && c.chord != previous) {
        changes.push_back(
            {static_cast<int>(bar) * steps_per_bar + c.beat * tokens::kStepsPerBeat, c.chord});
      }
      first = false;
      previous = c.chord;
    }
  }
  const int window_end = static_cast<int>(chords.size()) * steps_per_bar;
  const int none = tokens::NoChordTokenValue();
  int judged = 0, on_root = 0;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    if (changes[i].chord == none) continue;
    const int next = i + 1 < changes.size() ? changes[i + 1].step : window_end;
    const int pitch = BassPitchAt(bass, changes[i].step, next);
    if (pitch < 0) continue;
    ++judged;
    on_root += pitch % 12 == changes[i].chord / tokens::kNumChordQualities;
  }
  if (judged == 0) return absl::nullopt;
  return static_cast<double>(on_root) / judged;
}

}  // namespace stori::evaluate
