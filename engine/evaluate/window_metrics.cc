#include "engine/evaluate/window_metrics.h"

#include "engine/dataset/drum_pairing.h"
#include "engine/score/chord_timeline.h"
#include "engine/score/chord_tone_ratio.h"
#include "engine/tokens/track_attributes.h"
#include "engine/score/groove_consistency.h"
#include "engine/score/notes_per_bar.h"
#include "engine/score/pitch_class_entropy.h"
#include "engine/score/scale_consistency.h"

namespace stori::evaluate {
namespace {

constexpr int kStepsPer16th = tokens::kStepsPerBeat / 4;

}  // namespace

const char* RoleName(tokens::TokenRole role) {
  switch (role) {
    case tokens::TokenRole::kDrums:
      return "drums";
    case tokens::TokenRole::kBass:
      return "bass";
    case tokens::TokenRole::kHarmony:
      return "harmony";
    case tokens::TokenRole::kMelody:
      return "melody";
  }
  return "unknown";
}

std::vector<std::string> MetricNames(const std::string& group) {
  if (group == "drums") {
    return {"notes_per_bar", "empty_beat_rate", "groove_consistency", "groove_consistency_16th"};
  }
  if (group == "bass") {
    return {"chord_tone_ratio", "pitch_class_entropy", "scale_consistency", "notes_per_bar",
            "empty_beat_rate", "kick_bass_agreement"};
  }
  if (group == "harmony" || group == "melody") {
    return {"chord_tone_ratio", "pitch_class_entropy", "scale_consistency", "notes_per_bar",
            "empty_beat_rate"};
  }
  if (group == "pitched_mix") return {"empty_beat_rate"};
  return {};
}

std::vector<MetricValue> TrackMetrics(const tokens::RemiWindow& window,
                                      const tokens::TrackSegment& track) {
  const auto& notes = track.notes;
  const int spb = window.steps_per_bar;
  const int bars = window.bars;
  const double npb = score::NotesPerBar(notes, bars);
  const double ebr = tokens::EmptyBeatRate(notes, spb, bars);
  if (track.role == tokens::TokenRole::kDrums) {
    return {{"notes_per_bar", npb},
            {"empty_beat_rate", ebr},
            {"groove_consistency", score::GrooveConsistency(notes, spb, bars)},
            {"groove_consistency_16th", score::GrooveConsistency(notes, spb, bars, kStepsPer16th)}};
  }
  const score::ChordTimeline chords = score::ChordTimelineFromBarChords(window.chords, spb);
  std::vector<MetricValue> out = {{"chord_tone_ratio", score::ChordToneRatio(notes, chords)},
                                  {"pitch_class_entropy", score::PitchClassEntropy(notes)},
                                  {"scale_consistency", score::ScaleConsistency(notes)},
                                  {"notes_per_bar", npb},
                                  {"empty_beat_rate", ebr}};
  if (track.role == tokens::TokenRole::kBass) {
    absl::optional<double> agreement;
    if (const tokens::TrackSegment* drums = tokens::FindTrack(window, tokens::TokenRole::kDrums)) {
      agreement = dataset::KickBassAgreement(*drums, track);
    }
    out.push_back({"kick_bass_agreement", agreement});
  }
  return out;
}

std::vector<MetricValue> PitchedMixMetrics(const tokens::RemiWindow& window) {
  std::vector<tokens::GridNote> all;
  bool any_pitched = false;
  for (const tokens::TrackSegment& t : window.tracks) {
    if (t.role == tokens::TokenRole::kDrums) continue;
    any_pitched = true;
    all.insert(all.end(), t.notes.begin(), t.notes.end());
  }
  if (!any_pitched) return {};
  return {{"empty_beat_rate", tokens::EmptyBeatRate(all, window.steps_per_bar, window.bars)}};
}

}  // namespace stori::evaluate
