#include "server/read/request_defaults.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/music/gm_program.h"
#include "engine/music/instrument_names.h"
#include "server/convert/flat_instruments.h"
#include "server/convert/from_proto.h"

namespace stori::server::read {
namespace {

std::string Indexed(const std::string& path, absl::string_view field, int index) {
  return absl::StrCat(path, ".", field, "[", index, "]");
}

std::string DefaultKey(double valence) { return valence >= 0.0 ? "C" : "Am"; }

std::string DefaultEmotionText() {
  const v1::EmotionVector e = StoriDefaultEmotion();
  return absl::StrFormat("energy %.1f, valence %.1f, tension %.1f, intimacy %.1f, motion %.1f",
                         e.energy(), e.valence(), e.tension(), e.intimacy(), e.motion());
}

void ResolveTrack(v1::Track* track, const std::string& path, RequestWarnings* warnings) {
  absl::optional<music::ResolvedInstrument> instrument;
  if (track->instrument_choice_case() == v1::Track::kInstrument) {
    instrument = music::ResolveInstrumentName(track->instrument());
  }
  if (track->role() == v1::TRACK_ROLE_UNSPECIFIED) {
    absl::optional<music::TrackRole> role = music::TrackRoleFromAlias(track->track_id());
    if (!role.has_value()) role = music::TrackRoleFromAlias(track->name());
    if (!role.has_value() && instrument.has_value()) role = instrument->usual_role;
    if (!role.has_value() && track->instrument_choice_case() == v1::Track::kProgram &&
        track->program() < music::kNumGmPrograms) {
      role = music::UsualRoleOfProgram(static_cast<int>(track->program()));
    }
    if (role.has_value()) {
      track->set_role(convert::ToProtoRole(*role));
    } else {
      track->set_role(v1::TRACK_ROLE_OTHER);
      warnings->push_back({-1, path + ".role",
                           absl::StrCat("no role given and none found in track_id \"",
                                        track->track_id(), "\", name or instrument; played as "
                                        "OTHER (generated like harmony)")});
    }
  }
  if (track->instrument_choice_case() != v1::Track::kInstrument) return;
  const bool drums = track->role() == v1::TRACK_ROLE_DRUMS;
  const std::string name = track->instrument();
  const int default_program = music::DefaultProgramForRole(convert::TrackRoleFromProto(track->role()));
  if (!instrument.has_value()) {
    warnings->push_back(
        {-1, path + ".instrument",
         absl::StrCat("\"", name, "\" is not a GM program, family or kit name; the ",
                      music::TrackRoleName(convert::TrackRoleFromProto(track->role())), " default (GM ",
                      default_program, " ", music::GmProgramName(default_program),
                      ") plays instead")});
    track->set_program(static_cast<std::uint32_t>(default_program));
    return;
  }
  if (instrument->is_drum_kit != drums) {
    warnings->push_back(
        {-1, path + ".instrument",
         drums ? absl::StrCat("\"", name, "\" is a melodic instrument on a drum track (GM "
                              "percussion on channel index 9); the standard kit plays instead")
               : absl::StrCat("\"", name, "\" is a drum kit on a ",
                              music::TrackRoleName(convert::TrackRoleFromProto(track->role())),
                              " track; its default (GM ", default_program, " ",
                              music::GmProgramName(default_program), ") plays instead")});
    track->set_program(static_cast<std::uint32_t>(default_program));
    return;
  }
  if (instrument->match == music::InstrumentMatch::kDrumKitUnknownVariant) {
    warnings->push_back({-1, path + ".instrument",
                         absl::StrCat("\"", name, "\": unknown kit variant; the standard kit "
                                      "plays instead")});
  }
  track->set_program(static_cast<std::uint32_t>(instrument->program));
}

void DefaultFactors(v1::SectionSpec* section) {
  for (v1::MotifUsage& usage : *section->mutable_motif_usage()) {
    if (usage.params().has_factor()) continue;
    if (usage.transformation() == v1::TRANSFORMATION_RHYTHMIC_EXPAND) {
      usage.mutable_params()->set_factor(kDefaultExpandFactor);
    } else if (usage.transformation() == v1::TRANSFORMATION_RHYTHMIC_COMPRESS) {
      usage.mutable_params()->set_factor(kDefaultCompressFactor);
    }
  }
}

}  // namespace

v1::EmotionVector StoriDefaultEmotion() {
  v1::EmotionVector e;
  e.set_energy(0.5f);
  e.set_valence(0.0f);
  e.set_tension(0.3f);
  e.set_intimacy(0.5f);
  e.set_motion(0.5f);
  return e;
}

void ApplyDefaults(v1::RichMusicalSpecification* rms, const std::string& path,
                   RequestWarnings* warnings) {
  for (int i = 0; i < rms->tracks_size(); ++i) {
    ResolveTrack(rms->mutable_tracks(i), Indexed(path, "tracks", i), warnings);
  }
  double valence_sum = 0.0;
  for (int i = 0; i < rms->sections_size(); ++i) {
    v1::SectionSpec* section = rms->mutable_sections(i);
    if (!section->has_emotion_vector()) {
      *section->mutable_emotion_vector() = StoriDefaultEmotion();
      warnings->push_back({i, Indexed(path, "sections", i) + ".emotion_vector",
                           absl::StrCat("absent; Stori's default (", DefaultEmotionText(),
                                        ") used")});
    }
    valence_sum += section->emotion_vector().valence();
    DefaultFactors(section);
  }
  if (rms->key().empty()) {
    const double mean = rms->sections_size() > 0 ? valence_sum / rms->sections_size() : 0.0;
    rms->set_key(DefaultKey(mean));
    warnings->push_back({-1, path + ".key",
                         absl::StrFormat("absent; \"%s\" used (C major when the sections' mean "
                                         "valence %.2f is >= 0, else A minor)",
                                         rms->key(), mean)});
  }
}

void ApplyDefaults(v1::FlatSectionSpec* flat, const std::string& path,
                   RequestWarnings* warnings) {
  if (!flat->has_emotion_vector()) {
    *flat->mutable_emotion_vector() = StoriDefaultEmotion();
    warnings->push_back({-1, path + ".emotion_vector",
                         absl::StrCat("absent; Stori's default (", DefaultEmotionText(),
                                      ") used")});
  }
  if (flat->key().empty()) {
    const double valence = flat->emotion_vector().valence();
    flat->set_key(DefaultKey(valence));
    warnings->push_back({-1, path + ".key",
                         absl::StrFormat("absent; \"%s\" used (C major when valence %.2f is >= "
                                         "0, else A minor)",
                                         flat->key(), valence)});
  }
  for (int i = 0; i < flat->instruments_size(); ++i) {
    const std::string& name = flat->instruments(i);
    if (!convert::ResolveFlatInstrument(name).resolved) {
      warnings->push_back(
          {-1, Indexed(path, "instruments", i),
           absl::StrCat("\"", name, "\" names no role or instrument; played as OTHER (generated "
                        "like harmony) with GM 0 Acoustic Grand Piano")});
    }
  }
}

}  // namespace stori::server::read
