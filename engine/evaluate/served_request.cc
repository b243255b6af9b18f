#include "engine/evaluate/served_request.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/music/chord_symbol.h"
#include "engine/music/gm_program.h"
#include "engine/music/key.h"
#include "engine/music/pitch_class.h"
#include "engine/tokens/chord_token.h"
#include "engine/tokens/vocabulary.h"

namespace stori::evaluate {
namespace {

constexpr double kMinTempoBpm = 20;  // the service's bound, server/validate/limits.h
constexpr double kMaxTempoBpm = 300;

}  // namespace

NamedEmotion NeutralEmotion() { return {"neutral", {0.5f, 0.0f, 0.5f, 0.5f, 0.5f}}; }

NamedEmotion StoriDefaultEmotion() { return {"stori_default", {0.5f, 0.0f, 0.3f, 0.5f, 0.5f}}; }

std::string ChordSymbolOfTokenValue(int chord_value) {
  if (chord_value < 0 || chord_value >= 12 * tokens::kNumChordQualities) return "N";
  const int root = chord_value / tokens::kNumChordQualities;
  const auto quality = static_cast<music::ChordQuality>(chord_value % tokens::kNumChordQualities);
  return absl::StrCat(music::PitchClassName(root, /*prefer_flats=*/false), ":",
                      music::ChordQualityName(quality));
}

double TempoOfBin(int bin) {
  const auto& edges = tokens::kTempoBinEdgesBpm;
  const int last = static_cast<int>(edges.size());  // bins 0..last
  if (bin <= 0) return (kMinTempoBpm + edges.front()) / 2;
  if (bin >= last) return (edges.back() + kMaxTempoBpm) / 2;
  return (edges[bin - 1] + edges[bin]) / 2;
}

absl::StatusOr<SectionRequest> ServedSectionRequest(
    const tokens::RemiWindow& real, const std::string& section_id,
    const EmotionVector& emotion, QualityPreset preset, std::uint64_t seed) {
  if (real.key == tokens::kNoKeyValue || real.key < 0 || real.key >= 24) {
    return absl::InvalidArgumentError(absl::StrCat(section_id, ": the window has no key"));
  }
  if (real.meter < 0 || real.meter >= static_cast<int>(tokens::kMeters.size()) ||
      tokens::kMeters[real.meter].numerator == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(section_id, ": meter index ", real.meter, " is not a time signature"));
  }
  SectionRequest request;
  music::Key key;
  key.tonic_pc = real.key / 2;
  key.minor = real.key % 2 == 1;
  request.key = music::KeyName(key);
  request.tempo_bpm = TempoOfBin(real.tempo_bin);
  request.time_signature.numerator = tokens::kMeters[real.meter].numerator;
  request.time_signature.denominator = tokens::kMeters[real.meter].denominator;
  request.genre = "pop";

  const std::pair<const char*, music::TrackRole> tracks[] = {{"drums", music::TrackRole::kDrums},
                                                             {"bass", music::TrackRole::kBass},
                                                             {"piano", music::TrackRole::kHarmony},
                                                             {"melody", music::TrackRole::kMelody}};
  std::vector<music::TrackRole> roles;
  for (const auto& [id, role] : tracks) {
    TrackSpec spec;
    spec.track_id = id;
    spec.name = id;
    spec.role = role;
    spec.program = music::DefaultProgramForRole(role);
    request.tracks.push_back(std::move(spec));
    roles.push_back(role);
  }
  absl::StatusOr<std::vector<int>> channels = music::AssignChannels(roles);
  if (!channels.ok()) return channels.status();
  for (std::size_t i = 0; i < request.tracks.size(); ++i) {
    request.tracks[i].channel = (*channels)[i];
  }

  SectionSpec& section = request.section;
  section.section_id = section_id;
  section.bars = real.bars;
  section.tempo_bpm = request.tempo_bpm;
  section.key = request.key;
  section.time_signature = request.time_signature;
  section.emotion = emotion;
  const double beats_per_bar = section.time_signature.beats_per_bar();
  const int none = tokens::NoChordTokenValue();
  for (std::size_t bar = 0; bar < real.chords.size(); ++bar) {
    for (const tokens::BarChord& c : real.chords[bar]) {
      if (c.chord == none) {
        return absl::InvalidArgumentError(
            absl::StrCat(section_id, ": bar ", bar, " beat ", c.beat,
                         " has no chord (\"N\"), which the engine's chord parser refuses"));
      }
      ChordEvent chord;
      chord.bar = static_cast<int>(bar);
      chord.beat = c.beat;
      chord.start_beat = chord.bar * beats_per_bar + chord.beat;
      chord.symbol = ChordSymbolOfTokenValue(c.chord);
      section.chords.push_back(std::move(chord));
    }
  }
  section.track_behaviors.resize(request.tracks.size());  // defaults: active from bar 0
  request.section_index = 0;
  request.sections_total = 1;
  request.seed = seed;
  request.quality_preset = preset;
  request.num_candidates = NumCandidates(preset);
  return request;
}

}  // namespace stori::evaluate
