#include "engine/generate/decoding_plan.h"

#include <algorithm>

#include "engine/tokens/vocabulary.h"

namespace stori::generate {

tokens::TokenRole TokenRoleOf(music::TrackRole role) {
  switch (role) {
    case music::TrackRole::kDrums: return tokens::TokenRole::kDrums;
    case music::TrackRole::kBass: return tokens::TokenRole::kBass;
    case music::TrackRole::kMelody: return tokens::TokenRole::kMelody;
    case music::TrackRole::kHarmony:
    case music::TrackRole::kPad:
    case music::TrackRole::kOther: return tokens::TokenRole::kHarmony;
  }
  return tokens::TokenRole::kHarmony;
}

DecodingPlan PlanDecoding(const SectionRequest& request) {
  DecodingPlan plan;
  for (std::size_t i = 0; i < request.tracks.size(); ++i) {
    if (TokenRoleOf(request.tracks[i].role) != tokens::TokenRole::kDrums) continue;
    PlannedTrack t;
    t.request_index = static_cast<int>(i);
    t.token_role = tokens::TokenRole::kDrums;
    t.min_pitch = tokens::kFirstDrumKey;
    t.max_pitch = tokens::kLastDrumKey;
    if (i < request.section.track_behaviors.size()) {
      t.active = request.section.track_behaviors[i].active;
      t.enter_bar = request.section.track_behaviors[i].enter_bar;
    }
    if (!t.active) continue;
    (plan.shared.empty() ? plan.shared : plan.extra_drums).push_back(t);
  }
  bool motifs_assigned = false;
  for (int order = 1; order <= 3; ++order) {  // bass, harmony, melody
    for (std::size_t i = 0; i < request.tracks.size(); ++i) {
      const TrackSpec& spec = request.tracks[i];
      const tokens::TokenRole role = TokenRoleOf(spec.role);
      if (static_cast<int>(role) != order) continue;
      PlannedTrack t;
      t.request_index = static_cast<int>(i);
      t.token_role = role;
      if (i < request.section.track_behaviors.size()) {
        t.active = request.section.track_behaviors[i].active;
        t.enter_bar = request.section.track_behaviors[i].enter_bar;
      }
      int centre = 60;
      switch (role) {
        case tokens::TokenRole::kBass: t.min_pitch = 28; t.max_pitch = 60; centre = 40; break;
        case tokens::TokenRole::kMelody: t.min_pitch = 48; t.max_pitch = 96; centre = 72; break;
        default: t.min_pitch = 36; t.max_pitch = 96; centre = 60; break;
      }
      if (spec.pitch_register) {
        const int shift = RegisterCenterPitch(*spec.pitch_register) - centre;
        const int lo = std::clamp(t.min_pitch + shift, 21, 108);
        const int hi = std::clamp(t.max_pitch + shift, 21, 108);
        if (hi - lo >= 12) {
          t.min_pitch = lo;
          t.max_pitch = hi;
        }
      }
      if (role == tokens::TokenRole::kMelody && !motifs_assigned && t.active) {
        t.receives_motifs = true;
        motifs_assigned = true;
      }
      plan.shared.push_back(t);
    }
  }
  return plan;
}

}  // namespace stori::generate
