#include "server/convert/from_proto.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "engine/music/gm_program.h"
#include "server/convert/flat_instruments.h"

namespace stori::server::convert {
namespace {

// TransformationParams.amount when INTENSIFY or SIMPLIFY comes without one (rms.proto).
constexpr float kDefaultTransformationAmount = 0.5f;

absl::optional<Register> RegisterFromProto(v1::Register reg) {
  switch (reg) {
    case v1::REGISTER_LOW:
      return Register::kLow;
    case v1::REGISTER_MID_LOW:
      return Register::kMidLow;
    case v1::REGISTER_MID:
      return Register::kMid;
    case v1::REGISTER_MID_HIGH:
      return Register::kMidHigh;
    case v1::REGISTER_HIGH:
      return Register::kHigh;
    default:
      return absl::nullopt;
  }
}

absl::optional<RhythmValue> RhythmValueFromProto(v1::RhythmValue value) {
  switch (value) {
    case v1::RHYTHM_VALUE_WHOLE:
      return RhythmValue::kWhole;
    case v1::RHYTHM_VALUE_HALF:
      return RhythmValue::kHalf;
    case v1::RHYTHM_VALUE_QUARTER:
      return RhythmValue::kQuarter;
    case v1::RHYTHM_VALUE_EIGHTH:
      return RhythmValue::kEighth;
    case v1::RHYTHM_VALUE_SIXTEENTH:
      return RhythmValue::kSixteenth;
    case v1::RHYTHM_VALUE_TRIPLET:
      return RhythmValue::kTriplet;
    default:
      return absl::nullopt;
  }
}

Transformation TransformationFromProto(v1::Transformation t) {
  switch (t) {
    case v1::TRANSFORMATION_TRANSPOSE:
      return Transformation::kTranspose;
    case v1::TRANSFORMATION_REGISTER_SHIFT:
      return Transformation::kRegisterShift;
    case v1::TRANSFORMATION_RHYTHMIC_EXPAND:
      return Transformation::kRhythmicExpand;
    case v1::TRANSFORMATION_RHYTHMIC_COMPRESS:
      return Transformation::kRhythmicCompress;
    case v1::TRANSFORMATION_INVERT:
      return Transformation::kInvert;
    case v1::TRANSFORMATION_RETROGRADE:
      return Transformation::kRetrograde;
    case v1::TRANSFORMATION_INTENSIFY:
      return Transformation::kIntensify;
    case v1::TRANSFORMATION_SIMPLIFY:
      return Transformation::kSimplify;
    default:
      return Transformation::kIdentity;
  }
}

absl::optional<SectionType> SectionTypeFromProto(v1::SectionType type) {
  switch (type) {
    case v1::SECTION_TYPE_INTRO:
      return SectionType::kIntro;
    case v1::SECTION_TYPE_VERSE:
      return SectionType::kVerse;
    case v1::SECTION_TYPE_PRE_CHORUS:
      return SectionType::kPreChorus;
    case v1::SECTION_TYPE_CHORUS:
      return SectionType::kChorus;
    case v1::SECTION_TYPE_POST_CHORUS:
      return SectionType::kPostChorus;
    case v1::SECTION_TYPE_BRIDGE:
      return SectionType::kBridge;
    case v1::SECTION_TYPE_BREAKDOWN:
      return SectionType::kBreakdown;
    case v1::SECTION_TYPE_BUILDUP:
      return SectionType::kBuildup;
    case v1::SECTION_TYPE_DROP:
      return SectionType::kDrop;
    case v1::SECTION_TYPE_BREAK:
      return SectionType::kBreak;
    case v1::SECTION_TYPE_INTERLUDE:
      return SectionType::kInterlude;
    case v1::SECTION_TYPE_SOLO:
      return SectionType::kSolo;
    case v1::SECTION_TYPE_OUTRO:
      return SectionType::kOutro;
    default:
      return absl::nullopt;
  }
}

score::Dimension DimensionFromProto(v1::Dimension d) {
  switch (d) {
    case v1::DIMENSION_HARMONY:
      return score::Dimension::kHarmony;
    case v1::DIMENSION_MELODY:
      return score::Dimension::kMelody;
    case v1::DIMENSION_EXPRESSION:
      return score::Dimension::kExpression;
    case v1::DIMENSION_DENSITY:
      return score::Dimension::kDensity;
    default:
      return score::Dimension::kRhythm;
  }
}

music::TimeSignature MeterFromProto(const v1::TimeSignature& ts) {
  music::TimeSignature meter;
  meter.numerator = static_cast<int>(ts.numerator());
  meter.denominator = static_cast<int>(ts.denominator());
  return meter;
}

Motif MotifFromProto(const v1::Motif& m) {
  Motif motif;
  motif.motif_id = m.motif_id();
  motif.interval_pattern.assign(m.interval_pattern().begin(), m.interval_pattern().end());
  for (int value : m.rhythm_pattern()) {
    if (auto rhythm = RhythmValueFromProto(static_cast<v1::RhythmValue>(value))) {
      motif.rhythm_pattern.push_back(*rhythm);
    }
  }
  motif.duration_beats = m.duration_beats();
  motif.pitch_register = RegisterFromProto(m.register_());
  motif.emotional_role = m.emotional_role();
  motif.anchor_scale_degree = static_cast<int>(m.anchor_scale_degree());
  for (int t : m.allowed_transformations()) {
    motif.allowed_transformations.push_back(
        TransformationFromProto(static_cast<v1::Transformation>(t)));
  }
  return motif;
}

SectionState SectionStateFromProto(const v1::SectionState& s) {
  SectionState state;
  if (s.has_energy()) state.energy = s.energy();
  state.last_chord = s.last_chord();
  state.melodic_register = RegisterFromProto(s.melodic_register());
  if (s.has_drum_active()) state.drum_active = s.drum_active();
  return state;
}

absl::StatusOr<std::vector<TrackSpec>> TracksFromProto(
    const v1::RichMusicalSpecification& rms) {
  std::vector<TrackSpec> tracks;
  std::vector<music::TrackRole> roles;
  for (const v1::Track& t : rms.tracks()) {
    TrackSpec track;
    track.track_id = t.track_id();
    track.name = t.name().empty() ? t.track_id() : t.name();
    track.role = TrackRoleFromProto(t.role());
    track.pitch_register = RegisterFromProto(t.register_());
    track.program = music::DefaultProgramForRole(track.role);
    if (t.instrument_choice_case() == v1::Track::kProgram) {
      track.program = static_cast<int>(std::min<std::uint32_t>(t.program(), 127));
    } else if (t.instrument_choice_case() == v1::Track::kInstrument) {
      absl::StatusOr<int> program = music::GmProgramFromName(t.instrument());
      if (!program.ok()) return program.status();
      track.program = *program;
    }
    roles.push_back(track.role);
    tracks.push_back(std::move(track));
  }
  absl::StatusOr<std::vector<int>> channels = music::AssignChannels(roles);
  if (!channels.ok()) return channels.status();
  for (std::size_t i = 0; i < tracks.size(); ++i) tracks[i].channel = (*channels)[i];
  return tracks;
}

absl::StatusOr<SectionSpec> SectionFromProto(
    const v1::RichMusicalSpecification& rms, int index,
    const absl::flat_hash_map<std::string, int>& motif_index,
    const std::vector<TrackSpec>& tracks) {
  const v1::SectionSpec& s = rms.sections(index);
  const std::string path = absl::StrCat("rms.sections[", index, "]");
  SectionSpec section;
  section.section_id = s.section_id();
  section.section_type = SectionTypeFromProto(s.section_type());
  section.bars = static_cast<int>(s.bars());
  section.tempo_bpm = s.has_tempo_bpm() ? s.tempo_bpm() : rms.tempo_bpm();
  section.key = s.has_key() ? s.key() : rms.key();
  if (s.has_time_signature()) {
    section.time_signature = MeterFromProto(s.time_signature());
  } else if (rms.has_time_signature()) {
    section.time_signature = MeterFromProto(rms.time_signature());
  }
  section.emotion = EmotionVectorFromProto(s.emotion_vector());
  const double beats_per_bar = section.time_signature.beats_per_bar();
  for (const v1::ChordEvent& c : s.chords()) {
    ChordEvent chord;
    chord.bar = static_cast<int>(c.bar());
    chord.beat = c.beat();
    chord.start_beat = chord.bar * beats_per_bar + chord.beat;
    chord.symbol = c.symbol();
    section.chords.push_back(std::move(chord));
  }
  std::stable_sort(section.chords.begin(), section.chords.end(),
                   [](const ChordEvent& a, const ChordEvent& b) {
                     return a.start_beat < b.start_beat;
                   });
  for (int i = 0; i < s.motif_usage_size(); ++i) {
    const v1::MotifUsage& u = s.motif_usage(i);
    const auto found = motif_index.find(u.motif_id());
    if (found == motif_index.end()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ".motif_usage[", i, "].motif_id: \"",
                                                     u.motif_id(), "\" names no motif"));
    }
    MotifUsage usage;
    usage.motif_index = found->second;
    usage.start_beat = u.beat();
    usage.transformation = TransformationFromProto(u.transformation());
    if (u.params().has_semitones()) usage.params.semitones = u.params().semitones();
    if (u.params().has_octaves()) usage.params.octaves = u.params().octaves();
    if (u.params().has_factor()) usage.params.factor = u.params().factor();
    if (u.params().has_amount()) {
      usage.params.amount = u.params().amount();
    } else if (usage.transformation == Transformation::kIntensify ||
               usage.transformation == Transformation::kSimplify) {
      usage.params.amount = kDefaultTransformationAmount;  // rms.proto: "absent means 0.5"
    }
    section.motif_usages.push_back(usage);
  }
  std::stable_sort(section.motif_usages.begin(), section.motif_usages.end(),
                   [](const MotifUsage& a, const MotifUsage& b) {
                     return a.start_beat < b.start_beat;
                   });
  section.entry_state = SectionStateFromProto(s.entry_state());
  section.exit_state = SectionStateFromProto(s.exit_state());

  section.track_behaviors.resize(tracks.size());
  for (int i = 0; i < s.track_behaviors_size(); ++i) {
    const v1::TrackBehavior& b = s.track_behaviors(i);
    const auto track = std::find_if(tracks.begin(), tracks.end(),
                                    [&](const auto& t) { return t.track_id == b.track_id(); });
    if (track == tracks.end()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ".track_behaviors[", i, "].track_id: \"",
                                                     b.track_id(), "\" names no track"));
    }
    TrackBehavior& behavior = section.track_behaviors[track - tracks.begin()];
    behavior.active = !b.has_active() || b.active();
    behavior.enter_bar = b.has_enter_bar() ? static_cast<int>(b.enter_bar()) : 0;
    behavior.style = b.style();
    behavior.pattern = b.pattern();
    if (b.has_density()) behavior.density = b.density();
    behavior.priority = static_cast<int>(b.priority());
  }
  return section;
}

}  // namespace

music::TrackRole TrackRoleFromProto(v1::TrackRole role) {
  switch (role) {
    case v1::TRACK_ROLE_DRUMS:
      return music::TrackRole::kDrums;
    case v1::TRACK_ROLE_BASS:
      return music::TrackRole::kBass;
    case v1::TRACK_ROLE_HARMONY:
      return music::TrackRole::kHarmony;
    case v1::TRACK_ROLE_MELODY:
      return music::TrackRole::kMelody;
    case v1::TRACK_ROLE_PAD:
      return music::TrackRole::kPad;
    default:
      return music::TrackRole::kOther;
  }
}

EmotionVector EmotionVectorFromProto(const v1::EmotionVector& ev) {
  return {ev.energy(), ev.valence(), ev.tension(), ev.intimacy(), ev.motion()};
}

GenerationConstraints ConstraintsFromProto(const v1::GenerationConstraints& c) {
  GenerationConstraints out;
  if (c.has_drum_density()) out.drum_density = c.drum_density();
  if (c.has_subdivision()) out.subdivision = static_cast<int>(c.subdivision());
  if (c.has_swing_amount()) out.swing_amount = c.swing_amount();
  if (c.has_register_center()) out.register_center = static_cast<int>(c.register_center());
  if (c.has_register_spread()) out.register_spread = static_cast<int>(c.register_spread());
  if (c.has_rest_density()) out.rest_density = c.rest_density();
  if (c.has_leap_probability()) out.leap_probability = c.leap_probability();
  if (c.has_chord_extensions()) out.chord_extensions = c.chord_extensions();
  if (c.has_borrowed_chord_probability()) {
    out.borrowed_chord_probability = c.borrowed_chord_probability();
  }
  if (c.has_harmonic_rhythm_bars()) out.harmonic_rhythm_bars = c.harmonic_rhythm_bars();
  if (c.has_velocity_floor()) out.velocity_floor = static_cast<int>(c.velocity_floor());
  if (c.has_velocity_ceiling()) out.velocity_ceiling = static_cast<int>(c.velocity_ceiling());
  return out;
}

QualityPreset QualityPresetFromProto(v1::QualityPreset preset) {
  switch (preset) {
    case v1::QUALITY_PRESET_FAST:
      return QualityPreset::kFast;
    case v1::QUALITY_PRESET_QUALITY:
      return QualityPreset::kQuality;
    default:
      return QualityPreset::kBalanced;
  }
}

v1::RichMusicalSpecification RmsFromFlat(const v1::FlatSectionSpec& flat) {
  v1::RichMusicalSpecification rms;
  rms.set_tempo_bpm(flat.tempo_bpm());
  rms.set_key(flat.key());
  rms.set_genre(flat.genre());
  if (flat.has_time_signature()) *rms.mutable_time_signature() = flat.time_signature();
  absl::flat_hash_map<std::string, int> seen;
  for (const std::string& name : flat.instruments()) {
    const int count = ++seen[name];
    v1::Track* track = rms.add_tracks();
    track->set_track_id(count == 1 ? name : absl::StrCat(name, "_", count));
    track->set_name(track->track_id());
    const FlatInstrument instrument = ResolveFlatInstrument(name);
    track->set_role(instrument.role);
    track->set_program(static_cast<std::uint32_t>(instrument.program));
  }
  v1::SectionSpec* section = rms.add_sections();
  section->set_section_id("flat");
  section->set_bars(flat.bars());
  if (flat.has_emotion_vector()) *section->mutable_emotion_vector() = flat.emotion_vector();
  return rms;
}

absl::StatusOr<SectionRequest> SectionRequestFromRms(
    const v1::RichMusicalSpecification& rms, int section_index, std::uint64_t seed,
    v1::QualityPreset preset, const v1::GenerationConstraints& constraints,
    bool include_intent_trace) {
  if (section_index < 0 || section_index >= rms.sections_size()) {
    return absl::InvalidArgumentError(absl::StrCat("section_index: ", section_index,
                                                   " is outside rms.sections (size ",
                                                   rms.sections_size(), ")"));
  }
  SectionRequest request;
  request.tempo_bpm = rms.tempo_bpm();
  request.key = rms.key();
  if (rms.has_time_signature()) request.time_signature = MeterFromProto(rms.time_signature());
  request.genre = rms.genre();
  absl::flat_hash_map<std::string, int> motif_index;
  for (int i = 0; i < rms.motifs_size(); ++i) {
    motif_index.emplace(rms.motifs(i).motif_id(), i);
    request.motifs.push_back(MotifFromProto(rms.motifs(i)));
  }
  absl::StatusOr<std::vector<TrackSpec>> tracks = TracksFromProto(rms);
  if (!tracks.ok()) return tracks.status();
  request.tracks = *std::move(tracks);
  auto section = SectionFromProto(rms, section_index, motif_index, request.tracks);
  if (!section.ok()) return section.status();
  request.section = *std::move(section);
  if (section_index + 1 < rms.sections_size()) {
    auto next = SectionFromProto(rms, section_index + 1, motif_index, request.tracks);
    if (!next.ok()) return next.status();
    request.next_section = *std::move(next);
  }
  request.section_index = section_index;
  request.sections_total = rms.sections_size();
  request.seed = seed;
  request.quality_preset = QualityPresetFromProto(preset);
  request.num_candidates = NumCandidates(request.quality_preset);
  request.constraints = ConstraintsFromProto(constraints);
  request.include_intent_trace = include_intent_trace;
  return request;
}

absl::StatusOr<SectionRequest> SectionRequestFromProto(
    const v1::GenerateSectionRequest& request, std::uint64_t seed) {
  if (request.has_flat()) {
    return SectionRequestFromRms(RmsFromFlat(request.flat()), 0, seed, request.quality_preset(),
                                 request.constraints(), request.include_intent_trace());
  }
  return SectionRequestFromRms(request.rms(), static_cast<int>(request.section_index()), seed,
                               request.quality_preset(), request.constraints(),
                               request.include_intent_trace());
}

absl::StatusOr<std::vector<SectionRequest>> SongRequestsFromProto(
    const v1::GenerateSongRequest& request, std::uint64_t seed) {
  std::vector<SectionRequest> sections;
  sections.reserve(request.rms().sections_size());
  for (int i = 0; i < request.rms().sections_size(); ++i) {
    auto section = SectionRequestFromRms(request.rms(), i, seed, request.quality_preset(),
                                         request.constraints(), request.include_intent_trace());
    if (!section.ok()) return section.status();
    sections.push_back(*std::move(section));
  }
  return sections;
}

music::Track TrackFromProto(const v1::TrackOutput& t) {
  music::Track track;
  track.name = t.name();
  track.role = TrackRoleFromProto(t.role());
  track.program = static_cast<int>(t.program());
  track.channel = static_cast<int>(t.channel());
  for (const v1::Note& n : t.notes()) {
    track.notes.push_back({n.start_tick(), n.duration_ticks(), static_cast<int>(n.pitch()),
                           static_cast<int>(n.velocity())});
  }
  for (const v1::ControlChange& c : t.control_changes()) {
    track.control_changes.push_back(
        {c.tick(), static_cast<int>(c.controller()), static_cast<int>(c.value())});
  }
  for (const v1::PitchBend& b : t.pitch_bends()) track.pitch_bends.push_back({b.tick(), b.value()});
  for (const v1::Aftertouch& a : t.aftertouches()) {
    track.aftertouches.push_back(
        {a.tick(), a.has_pitch() ? static_cast<int>(a.pitch()) : -1, static_cast<int>(a.value())});
  }
  std::sort(track.notes.begin(), track.notes.end());
  return track;
}

absl::StatusOr<RefinementRequest> RefinementRequestFromProto(
    const v1::RefineSectionRequest& request, std::uint64_t seed) {
  RefinementRequest out;
  auto section = SectionRequestFromRms(
      request.has_flat() ? RmsFromFlat(request.flat()) : request.rms(),
      static_cast<int>(request.section_index()), seed, request.quality_preset(),
      request.constraints(), request.include_intent_trace());
  if (!section.ok()) return section.status();
  out.request = *std::move(section);
  const v1::EmotionDelta& d = request.emotion_delta();
  out.emotion_delta = {d.energy(), d.valence(), d.tension(), d.intimacy(), d.motion()};
  out.refinement_command = request.refinement_command();
  for (int d : request.target_dimensions()) {
    out.target_dimensions.push_back(DimensionFromProto(static_cast<v1::Dimension>(d)));
  }
  for (int i = 0; i < request.target_track_ids_size(); ++i) {
    const auto& tracks = out.request.tracks;
    const auto it = std::find_if(tracks.begin(), tracks.end(), [&](const auto& t) {
      return t.track_id == request.target_track_ids(i);
    });
    if (it == tracks.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "target_track_ids[", i, "]: \"", request.target_track_ids(i), "\" names no track"));
    }
    out.target_track_indexes.push_back(static_cast<int>(it - tracks.begin()));
  }
  const auto& tracks = out.request.tracks;
  out.prior_tracks.resize(tracks.size());
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    out.prior_tracks[i].name = tracks[i].name;
    out.prior_tracks[i].role = tracks[i].role;
    out.prior_tracks[i].program = tracks[i].program;
    out.prior_tracks[i].channel = tracks[i].channel;
  }
  for (const v1::TrackOutput& t : request.prior_result().tracks()) {
    const auto it = std::find_if(tracks.begin(), tracks.end(),
                                 [&](const auto& spec) { return spec.track_id == t.track_id(); });
    if (it != tracks.end()) out.prior_tracks[it - tracks.begin()] = TrackFromProto(t);
  }
  out.prior_ppq = static_cast<int>(request.prior_result().ppq());
  return out;
}

}  // namespace stori::server::convert
