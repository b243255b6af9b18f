#include "engine/evaluate/served_metrics.h"

#include <algorithm>

#include "engine/dataset/drum_pairing.h"
#include "engine/evaluate/bass_root_at_chord_changes.h"
#include "engine/evaluate/mean_duration.h"
#include "engine/evaluate/off_eighth_onsets.h"
#include "engine/evaluate/phrase_continuity.h"
#include "engine/evaluate/phrase_end_silence.h"
#include "engine/score/chord_timeline.h"
#include "engine/score/chord_tone_ratio.h"
#include "engine/score/groove_consistency.h"
#include "engine/score/notes_per_bar.h"
#include "engine/score/pitch_class_entropy.h"
#include "engine/score/pitch_range.h"
#include "engine/score/polyphony.h"
#include "engine/score/repeated_pitch_rate.h"
#include "engine/score/scale_consistency.h"
#include "engine/tokens/track_attributes.h"
#include "engine/tokens/vocabulary.h"

namespace stori::evaluate {
namespace {

constexpr int kStepsPer16th = tokens::kStepsPerBeat / 4;

absl::optional<double> FromInt(const absl::optional<int>& v) {
  if (!v) return absl::nullopt;
  return static_cast<double>(*v);
}

}  // namespace

std::vector<std::string> ServedMetricNames(const std::string& role) {
  if (role == "drums") {
    return {"notes_per_bar",           "polyphony",
            "empty_beat_rate",         "groove_consistency",
            "groove_consistency_16th", "off_eighth_onset_share",
            "boundary_bar_similarity", "phrase_answer_similarity",
            "kick_onsets_per_bar"};
  }
  if (role != "bass" && role != "harmony" && role != "melody") return {};
  std::vector<std::string> names = {"notes_per_bar",
                                    "mean_duration_beats",
                                    "polyphony",
                                    "pitch_range",
                                    "empty_beat_rate",
                                    "silent_beats_at_phrase_end",
                                    "chord_tone_ratio",
                                    "pitch_class_entropy",
                                    "scale_consistency",
                                    "groove_consistency",
                                    "groove_consistency_16th",
                                    "off_eighth_onset_share"};
  if (role != "harmony") names.push_back("repeated_pitch_rate");
  if (role == "bass") {
    names.insert(names.end(), {"bass_root_at_chord_changes", "kick_bass_agreement",
                               "kick_bass_agreement_shuffled"});
  }
  names.insert(names.end(), {"boundary_bar_similarity", "phrase_answer_similarity",
                             "pitch_class_continuity"});
  return names;
}

std::vector<MetricValue> ServedTrackMetrics(const tokens::RemiWindow& window,
                                            const tokens::TrackSegment& track,
                                            const tokens::TrackSegment* other_drums) {
  const auto& notes = track.notes;
  const int spb = window.steps_per_bar;
  const int bars = window.bars;
  const MetricValue notes_per_bar{"notes_per_bar", score::NotesPerBar(notes, bars)};
  const MetricValue polyphony{"polyphony", score::Polyphony(notes)};
  const MetricValue empty{"empty_beat_rate", tokens::EmptyBeatRate(notes, spb, bars)};
  const MetricValue groove{"groove_consistency", score::GrooveConsistency(notes, spb, bars)};
  const MetricValue groove_16th{"groove_consistency_16th",
                                score::GrooveConsistency(notes, spb, bars, kStepsPer16th)};
  const MetricValue off_eighth{"off_eighth_onset_share", OffEighthOnsetShare(notes)};
  const bool drums = track.role == tokens::TokenRole::kDrums;
  const MetricValue boundary{"boundary_bar_similarity",
                             BoundaryBarSimilarity(notes, spb, bars, drums)};
  const MetricValue answer{"phrase_answer_similarity",
                           PhraseAnswerSimilarity(notes, spb, bars, drums)};
  if (drums) {
    const MetricValue kicks{
        "kick_onsets_per_bar",
        static_cast<double>(dataset::KickSlots(track).size()) / std::max(bars, 1)};
    return {notes_per_bar, polyphony, empty, groove, groove_16th, off_eighth, boundary, answer,
            kicks};
  }
  const score::ChordTimeline chords = score::ChordTimelineFromBarChords(window.chords, spb);
  std::vector<MetricValue> out = {notes_per_bar,
                                  {"mean_duration_beats", MeanDurationBeats(notes)},
                                  polyphony,
                                  {"pitch_range", FromInt(score::PitchRange(notes))},
                                  empty,
                                  {"silent_beats_at_phrase_end",
                                   PhraseEndSilenceShare(notes, spb, bars)},
                                  {"chord_tone_ratio", score::ChordToneRatio(notes, chords)},
                                  {"pitch_class_entropy", score::PitchClassEntropy(notes)},
                                  {"scale_consistency", score::ScaleConsistency(notes)},
                                  groove,
                                  groove_16th,
                                  off_eighth};
  if (track.role == tokens::TokenRole::kMelody) {
    out.push_back(
        {"repeated_pitch_rate", score::RepeatedPitchRate(notes, score::LineVoice::kHighest)});
  }
  if (track.role == tokens::TokenRole::kBass) {
    out.push_back(
        {"repeated_pitch_rate", score::RepeatedPitchRate(notes, score::LineVoice::kLowest)});
    out.push_back(
        {"bass_root_at_chord_changes", BassRootAtChordChanges(notes, window.chords, spb)});
    absl::optional<double> own, shuffled;
    if (const tokens::TrackSegment* drums = tokens::FindTrack(window, tokens::TokenRole::kDrums)) {
      own = dataset::KickBassAgreement(*drums, track);
    }
    if (other_drums != nullptr) shuffled = dataset::KickBassAgreement(*other_drums, track);
    out.push_back({"kick_bass_agreement", own});
    out.push_back({"kick_bass_agreement_shuffled", shuffled});
  }
  out.push_back(boundary);
  out.push_back(answer);
  out.push_back({"pitch_class_continuity", PitchClassContinuity(notes, spb, bars)});
  return out;
}

}  // namespace stori::evaluate
