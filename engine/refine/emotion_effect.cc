#include "engine/refine/emotion_effect.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"
#include "engine/score/leap_rate.h"
#include "engine/score/minor_degree_share.h"
#include "engine/tokens/grid_note.h"

namespace stori::refine {

EffectMeasures MeasureEffect(
    const std::vector<std::pair<music::TrackRole, const music::Track*>>& tracks,
    const absl::optional<music::Key>& key) {
  EffectMeasures m;
  double velocity_sum = 0.0;
  std::vector<music::Note> melody;
  for (const auto& [role, track] : tracks) {
    if (track == nullptr) continue;
    for (const music::Note& n : track->notes) velocity_sum += n.velocity;
    m.notes += static_cast<int>(track->notes.size());
    if (role == music::TrackRole::kMelody) {
      melody.insert(melody.end(), track->notes.begin(), track->notes.end());
    }
  }
  m.velocity_mean = m.notes > 0 ? velocity_sum / m.notes : 0.0;
  std::sort(melody.begin(), melody.end());
  m.melody_notes = static_cast<int>(melody.size());
  double pitch_sum = 0.0;
  for (const music::Note& n : melody) pitch_sum += n.pitch;
  m.melody_pitch_mean = melody.empty() ? 0.0 : pitch_sum / melody.size();
  // score::LeapRate, the scorer's and the API's measure, on the notes' own ticks (its top line
  // only needs their order).
  std::vector<tokens::GridNote> line;
  line.reserve(melody.size());
  for (const music::Note& n : melody) {
    line.push_back({static_cast<int>(n.start_tick), 1, n.pitch, n.velocity});
  }
  m.melody_leap_rate = score::LeapRate(line).value_or(0.0);
  m.melody_minor_share = key.has_value() ? score::MinorDegreeShare(melody, *key) : 0.0;
  return m;
}

EffectCheck CheckEffect(const EffectMeasures& before, const EffectMeasures& after,
                        const EmotionVector& change) {
  EffectCheck check;
  auto sign = [](double x) { return x > 0 ? 1 : x < 0 ? -1 : 0; };
  const double velocity_drive = change.energy - change.intimacy;
  if (std::abs(velocity_drive) >= kMinAxisChange && before.notes > 0 && after.notes > 0) {
    ++check.checked;
    if (sign(after.velocity_mean - before.velocity_mean) != sign(velocity_drive)) {
      check.unmet.push_back(absl::StrFormat("energy/intimacy: mean velocity %.1f -> %.1f",
                                            before.velocity_mean, after.velocity_mean));
    }
  }
  const bool melody = before.melody_notes > 0 && after.melody_notes > 0;
  if (std::abs(change.valence) >= kMinAxisChange && melody) {
    ++check.checked;
    const int want = sign(change.valence);
    const bool register_moved = sign(after.melody_pitch_mean - before.melody_pitch_mean) == want;
    const bool colour_moved =
        sign(after.melody_minor_share - before.melody_minor_share) == -want;
    if (!register_moved && !colour_moved) {
      check.unmet.push_back(absl::StrFormat(
          "valence: melody register %.1f -> %.1f, minor-degree share %.3f -> %.3f",
          before.melody_pitch_mean, after.melody_pitch_mean, before.melody_minor_share,
          after.melody_minor_share));
    }
  }
  if (std::abs(change.tension) >= kMinAxisChange && melody) {
    ++check.checked;
    if (sign(after.melody_leap_rate - before.melody_leap_rate) != sign(change.tension)) {
      check.unmet.push_back(absl::StrFormat("tension: melody leap rate %.3f -> %.3f",
                                            before.melody_leap_rate, after.melody_leap_rate));
    }
  }
  if (std::abs(change.motion) >= kMinAxisChange && melody) {
    ++check.checked;
    if (sign(after.melody_notes - before.melody_notes) != sign(change.motion)) {
      check.unmet.push_back(absl::StrFormat("motion: melody notes %d -> %d", before.melody_notes,
                                            after.melody_notes));
    }
  }
  return check;
}

}  // namespace stori::refine
