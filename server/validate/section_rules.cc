#include "server/validate/section_rules.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/validate/emotion_vector_rules.h"
#include "server/validate/field_checks.h"
#include "server/validate/limits.h"
#include "server/validate/motif_rules.h"
#include "server/validate/music_rules.h"

namespace stori::server::validate {
namespace {

void CheckChords(const v1::SectionSpec& section, absl::optional<double> beats_per_bar, bool bars_ok,
                 absl::string_view path, FieldViolations& out) {
  const std::string chords_path = Child(path, "chords");
  if (!CheckMaxCount(section.chords_size(), kMaxChordsPerSection, chords_path, out)) return;
  for (int i = 0; i < section.chords_size(); ++i) {
    const v1::ChordEvent& chord = section.chords(i);
    const std::string chord_path = Indexed(chords_path, i);
    if (bars_ok && chord.bar() >= section.bars()) {
      out.Add(Child(chord_path, "bar"),
              absl::StrCat("must be a zero-based bar of the section, 0 to ", section.bars() - 1,
                           "; got ", chord.bar()));
    }
    if (beats_per_bar.has_value() && !(chord.beat() >= 0.0 && chord.beat() < *beats_per_bar)) {
      out.Add(Child(chord_path, "beat"),
              absl::StrFormat("must be in [0, %g) beats (the bar's length); got %g", *beats_per_bar,
                              chord.beat()));
    }
    CheckChordSymbol(chord.symbol(), Child(chord_path, "symbol"), out);
  }
}

void CheckMotifUsages(const v1::SectionSpec& section, const RmsIndex& index,
                      absl::optional<double> section_beats, absl::string_view path,
                      FieldViolations& out) {
  const std::string usages_path = Child(path, "motif_usage");
  if (!CheckMaxCount(section.motif_usage_size(), kMaxMotifUsagesPerSection, usages_path, out)) {
    return;
  }
  for (int i = 0; i < section.motif_usage_size(); ++i) {
    const v1::MotifUsage& usage = section.motif_usage(i);
    const std::string usage_path = Indexed(usages_path, i);
    const auto motif = index.motifs.find(usage.motif_id());
    if (motif == index.motifs.end()) {
      out.Add(Child(usage_path, "motif_id"),
              absl::StrCat("must name a motif in rms.motifs; got \"", usage.motif_id(), "\""));
    }
    if (section_beats.has_value() && !(usage.beat() >= 0.0 && usage.beat() < *section_beats)) {
      out.Add(Child(usage_path, "beat"),
              absl::StrFormat("must be in [0, %g) beats (inside the section); got %g",
                              *section_beats, usage.beat()));
    }
    const int transformation = usage.transformation();
    if (!v1::Transformation_IsValid(transformation)) {
      out.Add(Child(usage_path, "transformation"),
              absl::StrCat("unknown Transformation ", transformation));
      continue;
    }
    if (motif != index.motifs.end() && transformation != v1::TRANSFORMATION_UNSPECIFIED &&
        transformation != v1::TRANSFORMATION_IDENTITY) {
      const auto& allowed = motif->second->allowed_transformations();
      if (!allowed.empty() &&
          std::find(allowed.begin(), allowed.end(), transformation) == allowed.end()) {
        out.Add(Child(usage_path, "transformation"),
                absl::StrCat(v1::Transformation_Name(usage.transformation()),
                             " is not in the allowed_transformations of motif \"", usage.motif_id(),
                             "\""));
      }
    }
    out.Append(ValidateTransformationParams(usage.transformation(), usage.params(),
                                            Child(usage_path, "params")));
  }
}

void CheckTrackBehaviors(const v1::SectionSpec& section, const RmsIndex& index, bool bars_ok,
                         absl::string_view path, FieldViolations& out) {
  const std::string behaviors_path = Child(path, "track_behaviors");
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < section.track_behaviors_size(); ++i) {
    const v1::TrackBehavior& behavior = section.track_behaviors(i);
    const std::string behavior_path = Indexed(behaviors_path, i);
    const std::string id_path = Child(behavior_path, "track_id");
    if (!index.track_ids.contains(behavior.track_id())) {
      out.Add(id_path,
              absl::StrCat("must name a track in rms.tracks; got \"", behavior.track_id(), "\""));
    } else if (!seen.insert(behavior.track_id()).second) {
      out.Add(id_path, absl::StrCat("track \"", behavior.track_id(),
                                    "\" already has a behaviour in this section"));
    }
    if (bars_ok && behavior.has_enter_bar() && behavior.enter_bar() >= section.bars()) {
      out.Add(Child(behavior_path, "enter_bar"),
              absl::StrCat("must be a zero-based bar of the section, 0 to ", section.bars() - 1,
                           "; got ", behavior.enter_bar()));
    }
    CheckLength(behavior.style(), 0, kMaxLabelBytes, Child(behavior_path, "style"), out);
    CheckLength(behavior.pattern(), 0, kMaxLabelBytes, Child(behavior_path, "pattern"), out);
    if (behavior.has_density()) {
      CheckRange(behavior.density(), 0.0, 1.0, Child(behavior_path, "density"), out);
    }
    CheckIntRange(behavior.priority(), 0, kMaxTrackPriority, Child(behavior_path, "priority"), out);
  }
}

}  // namespace

FieldViolations ValidateSectionState(const v1::SectionState& state, absl::string_view path) {
  FieldViolations out;
  if (state.has_energy()) CheckRange(state.energy(), 0.0, 1.0, Child(path, "energy"), out);
  if (!state.last_chord().empty())
    CheckChordSymbol(state.last_chord(), Child(path, "last_chord"), out);
  if (!v1::Register_IsValid(state.melodic_register())) {
    out.Add(Child(path, "melodic_register"),
            absl::StrCat("unknown Register ", state.melodic_register()));
  }
  return out;
}

FieldViolations ValidateSection(const v1::SectionSpec& section, const RmsIndex& index,
                                absl::string_view path) {
  FieldViolations out;
  CheckLength(section.section_id(), 1, kMaxIdBytes, Child(path, "section_id"), out);
  if (!v1::SectionType_IsValid(section.section_type())) {
    out.Add(Child(path, "section_type"),
            absl::StrCat("unknown SectionType ", section.section_type()));
  }
  const bool bars_ok = CheckIntRange(section.bars(), kMinBarsPerSection, kMaxBarsPerSection,
                                     Child(path, "bars"), out);
  if (section.has_tempo_bpm()) CheckTempo(section.tempo_bpm(), Child(path, "tempo_bpm"), out);
  if (section.has_key()) CheckKey(section.key(), Child(path, "key"), out);

  absl::optional<double> beats_per_bar = index.beats_per_bar;
  if (section.has_time_signature()) {
    beats_per_bar = CheckTimeSignature(section.time_signature(), Child(path, "time_signature"), out)
                        ? absl::optional<double>(BeatsPerBar(section.time_signature()))
                        : absl::nullopt;
  }
  absl::optional<double> section_beats;
  if (beats_per_bar.has_value() && bars_ok) section_beats = *beats_per_bar * section.bars();

  if (section.has_emotion_vector()) {
    out.Append(ValidateEmotionVector(section.emotion_vector(), Child(path, "emotion_vector")));
  } else {
    out.Add(Child(path, "emotion_vector"), "is required");
  }
  CheckChords(section, beats_per_bar, bars_ok, path, out);
  CheckMotifUsages(section, index, section_beats, path, out);
  out.Append(ValidateSectionState(section.entry_state(), Child(path, "entry_state")));
  out.Append(ValidateSectionState(section.exit_state(), Child(path, "exit_state")));
  CheckTrackBehaviors(section, index, bars_ok, path, out);
  return out;
}

}  // namespace stori::server::validate
