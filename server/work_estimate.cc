#include "server/work_estimate.h"

#include <algorithm>
#include <cstddef>

namespace stori::server {
namespace {

// Bars a track sounds in the section: from its enter_bar (track_behaviors, matched by index) to
// the end; 0 when it is inactive.
int SoundingBars(const SectionSpec& section, std::size_t track_index) {
  if (track_index < section.track_behaviors.size()) {
    const TrackBehavior& behavior = section.track_behaviors[track_index];
    if (!behavior.active) return 0;
    return std::max(0, section.bars - std::max(0, behavior.enter_bar));
  }
  return std::max(0, section.bars);
}

double TracksSeconds(const SectionRequest& request,
                     const std::vector<int>* only_track_indexes) {
  // Tokens scale with beats, not bars: a 7/8 bar is 3.5 beats of a 4/4 one.
  const double per_bar = kTrackBarSeconds * CandidateFactor(request.num_candidates) *
                         request.section.time_signature.beats_per_bar() / 4.0;
  double seconds = kSectionOverheadSeconds;
  for (std::size_t i = 0; i < request.tracks.size(); ++i) {
    if (only_track_indexes != nullptr && !only_track_indexes->empty() &&
        std::find(only_track_indexes->begin(), only_track_indexes->end(), static_cast<int>(i)) ==
            only_track_indexes->end()) {
      continue;
    }
    seconds += per_bar * SoundingBars(request.section, i);
  }
  return seconds;
}

}  // namespace

double CandidateFactor(int num_candidates) {
  return 1.0 + 0.24 * (std::max(1, num_candidates) - 1);
}

double RefinementFactor(QualityPreset preset) {
  switch (preset) {
    case QualityPreset::kFast:
      return 1.0;
    case QualityPreset::kBalanced:
      return 1.2;
    case QualityPreset::kQuality:
      return 1.4;
  }
  return 1.2;
}

double EstimateSectionSeconds(const SectionRequest& request) {
  return TracksSeconds(request, nullptr) * RefinementFactor(request.quality_preset);
}

double EstimateSongSeconds(const std::vector<SectionRequest>& sections) {
  double seconds = 0.0;
  for (const SectionRequest& section : sections) seconds += EstimateSectionSeconds(section);
  return std::max(seconds, kSectionOverheadSeconds);
}

double EstimateRefinementSeconds(const RefinementRequest& refinement) {
  return TracksSeconds(refinement.request, &refinement.target_track_indexes) * kRefineSectionTries;
}

}  // namespace stori::server
