#include "server/validate/rms_rules.h"

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "engine/music/gm_program.h"
#include "server/validate/field_checks.h"
#include "server/validate/limits.h"
#include "server/validate/motif_rules.h"
#include "server/validate/music_rules.h"
#include "server/validate/section_rules.h"

namespace stori::server::validate {
namespace {

// Adds "<path>: "<id>" is already used by <path>[<first>]" for a repeated id.
void CheckUnique(absl::string_view id, int index, absl::string_view list_path,
                 absl::string_view field, absl::flat_hash_map<std::string, int>& first_index,
                 FieldViolations& out) {
  if (id.empty()) return;  // reported as missing by the element's own rules
  const auto [it, inserted] = first_index.emplace(std::string(id), index);
  if (!inserted) {
    out.Add(Child(Indexed(list_path, index), field),
            absl::StrCat("\"", id, "\" is already used by ", Indexed(list_path, it->second)));
  }
}

}  // namespace

FieldViolations ValidateTrack(const v1::Track& track, absl::string_view path) {
  FieldViolations out;
  CheckLength(track.track_id(), 1, kMaxIdBytes, Child(path, "track_id"), out);
  CheckLength(track.name(), 0, kMaxNameBytes, Child(path, "name"), out);
  if (track.role() == v1::TRACK_ROLE_UNSPECIFIED || !v1::TrackRole_IsValid(track.role())) {
    out.Add(Child(path, "role"),
            absl::StrCat("must be a TrackRole (DRUMS .. OTHER); got ", track.role()));
  }
  switch (track.instrument_choice_case()) {
    case v1::Track::kInstrument:
      if (CheckLength(track.instrument(), 1, kMaxLabelBytes, Child(path, "instrument"), out) &&
          !music::GmProgramFromName(track.instrument()).ok()) {
        out.Add(Child(path, "instrument"),
                absl::StrCat("must be a General MIDI program name such as \"Acoustic Grand "
                             "Piano\" or \"Electric Bass (finger)\"; got \"",
                             track.instrument(), "\""));
      }
      break;
    case v1::Track::kProgram:
      CheckIntRange(track.program(), 0, 127, Child(path, "program"), out);
      break;
    case v1::Track::INSTRUMENT_CHOICE_NOT_SET:
      break;
  }
  if (!v1::Register_IsValid(track.register_())) {
    out.Add(Child(path, "register"), absl::StrCat("unknown Register ", track.register_()));
  }
  return out;
}

FieldViolations ValidateRms(const v1::RichMusicalSpecification& rms, absl::string_view path) {
  FieldViolations out;
  if (rms.has_title()) CheckLength(rms.title(), 0, kMaxNameBytes, Child(path, "title"), out);
  CheckTempo(rms.tempo_bpm(), Child(path, "tempo_bpm"), out);
  CheckKey(rms.key(), Child(path, "key"), out);
  RmsIndex index;
  if (rms.has_time_signature()) {
    index.beats_per_bar =
        CheckTimeSignature(rms.time_signature(), Child(path, "time_signature"), out)
            ? absl::optional<double>(BeatsPerBar(rms.time_signature()))
            : absl::nullopt;
  }
  CheckLength(rms.genre(), 0, kMaxLabelBytes, Child(path, "genre"), out);

  // Tracks.
  const std::string tracks_path = Child(path, "tracks");
  if (rms.tracks_size() == 0) {
    out.Add(tracks_path, "must have at least 1 track; got none");
  } else if (CheckMaxCount(rms.tracks_size(), kMaxTracks, tracks_path, out)) {
    int non_drum_tracks = 0;
    for (const v1::Track& track : rms.tracks()) {
      if (track.role() != v1::TRACK_ROLE_DRUMS) ++non_drum_tracks;
    }
    if (non_drum_tracks > kMaxNonDrumTracks) {
      out.Add(tracks_path,
              absl::StrCat("must have at most ", kMaxNonDrumTracks,
                           " tracks that are not drums (one MIDI channel each, index 9 is "
                           "drums); got ",
                           non_drum_tracks));
    }
  }
  absl::flat_hash_map<std::string, int> first_track;
  for (int i = 0; i < rms.tracks_size() && i < kMaxTracks; ++i) {
    out.Append(ValidateTrack(rms.tracks(i), Indexed(tracks_path, i)));
    CheckUnique(rms.tracks(i).track_id(), i, tracks_path, "track_id", first_track, out);
    index.track_ids.insert(rms.tracks(i).track_id());
  }

  // Motifs.
  const std::string motifs_path = Child(path, "motifs");
  CheckMaxCount(rms.motifs_size(), kMaxMotifs, motifs_path, out);
  absl::flat_hash_map<std::string, int> first_motif;
  for (int i = 0; i < rms.motifs_size() && i < kMaxMotifs; ++i) {
    out.Append(ValidateMotif(rms.motifs(i), Indexed(motifs_path, i)));
    CheckUnique(rms.motifs(i).motif_id(), i, motifs_path, "motif_id", first_motif, out);
    index.motifs.emplace(rms.motifs(i).motif_id(), &rms.motifs(i));
  }

  // Sections.
  const std::string sections_path = Child(path, "sections");
  if (rms.sections_size() == 0) {
    out.Add(sections_path, "must have at least 1 section; got none");
  }
  CheckMaxCount(rms.sections_size(), kMaxSectionsPerSong, sections_path, out);
  absl::flat_hash_map<std::string, int> first_section;
  for (int i = 0; i < rms.sections_size() && i < kMaxSectionsPerSong; ++i) {
    out.Append(ValidateSection(rms.sections(i), index, Indexed(sections_path, i)));
    CheckUnique(rms.sections(i).section_id(), i, sections_path, "section_id", first_section, out);
  }
  return out;
}

}  // namespace stori::server::validate
