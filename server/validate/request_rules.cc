#include "server/validate/request_rules.h"

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "engine/refine/refinement_command.h"
#include "server/convert/from_proto.h"
#include "server/validate/constraints_rules.h"
#include "server/validate/emotion_vector_rules.h"
#include "server/validate/field_checks.h"
#include "server/validate/limits.h"
#include "server/validate/music_rules.h"
#include "server/validate/rms_rules.h"

namespace stori::server::validate {
namespace {

void CheckMetadata(const v1::RequestMetadata& metadata, FieldViolations& out) {
  CheckLength(metadata.composition_id(), 0, kMaxMetadataBytes, "metadata.composition_id", out);
  CheckLength(metadata.trace_id(), 0, kMaxMetadataBytes, "metadata.trace_id", out);
  CheckLength(metadata.intent_hash(), 0, kMaxMetadataBytes, "metadata.intent_hash", out);
}

void CheckQualityPreset(int preset, FieldViolations& out) {
  if (!v1::QualityPreset_IsValid(preset)) {
    out.Add("quality_preset", absl::StrCat("unknown QualityPreset ", preset));
  }
}

void CheckSectionIndex(std::uint32_t section_index, const v1::RichMusicalSpecification& rms,
                       absl::string_view path, FieldViolations& out) {
  if (rms.sections_size() > 0 && section_index >= static_cast<std::uint32_t>(rms.sections_size())) {
    out.Add(path, absl::StrCat("must be < ", rms.sections_size(), " (size of rms.sections); got ",
                               section_index));
  }
}

// A flat spec at "flat" and its section_index, which must be 0.
void CheckFlatSpec(const v1::FlatSectionSpec& flat, std::uint32_t section_index,
                   FieldViolations& out);

// Shared tail of every request: quality preset and constraints.
template <typename Request>
void CheckCommon(const Request& request, FieldViolations& out) {
  CheckMetadata(request.metadata(), out);
  CheckQualityPreset(request.quality_preset(), out);
  if (request.has_constraints())
    out.Append(ValidateConstraints(request.constraints(), "constraints"));
}

}  // namespace

FieldViolations ValidateFlatSectionSpec(const v1::FlatSectionSpec& flat, absl::string_view path) {
  FieldViolations out;
  CheckLength(flat.genre(), 0, kMaxLabelBytes, Child(path, "genre"), out);
  CheckTempo(flat.tempo_bpm(), Child(path, "tempo_bpm"), out);
  const std::string instruments_path = Child(path, "instruments");
  if (flat.instruments_size() == 0) {
    out.Add(instruments_path, "must have at least 1 instrument; got none");
  } else if (CheckMaxCount(flat.instruments_size(), kMaxTracks, instruments_path, out)) {
    // Any text is served (server/convert/flat_instruments.h resolves it, or warns).
    for (int i = 0; i < flat.instruments_size(); ++i) {
      CheckLength(flat.instruments(i), 1, kMaxLabelBytes, Indexed(instruments_path, i), out);
    }
  }
  CheckIntRange(flat.bars(), kMinBarsPerSection, kMaxBarsPerSection, Child(path, "bars"), out);
  CheckKey(flat.key(), Child(path, "key"), out);
  if (flat.has_time_signature()) {
    CheckTimeSignature(flat.time_signature(), Child(path, "time_signature"), out);
  }
  if (flat.has_emotion_vector()) {
    out.Append(ValidateEmotionVector(flat.emotion_vector(), Child(path, "emotion_vector")));
  } else {
    out.Add(Child(path, "emotion_vector"), "is required");
  }
  return out;
}

namespace {

void CheckFlatSpec(const v1::FlatSectionSpec& flat, std::uint32_t section_index,
                   FieldViolations& out) {
  out.Append(ValidateFlatSectionSpec(flat, "flat"));
  if (section_index != 0) {
    out.Add("section_index", absl::StrCat("must be 0 with a flat request; got ", section_index));
  }
}

}  // namespace

FieldViolations ValidateGenerateSectionRequest(const v1::GenerateSectionRequest& request) {
  FieldViolations out;
  switch (request.spec_case()) {
    case v1::GenerateSectionRequest::kRms:
      out.Append(ValidateRms(request.rms(), "rms"));
      CheckSectionIndex(request.section_index(), request.rms(), "section_index", out);
      break;
    case v1::GenerateSectionRequest::kFlat:
      CheckFlatSpec(request.flat(), request.section_index(), out);
      break;
    case v1::GenerateSectionRequest::SPEC_NOT_SET:
      out.Add("rms", "one of rms or flat is required");
      break;
  }
  CheckCommon(request, out);
  return out;
}

FieldViolations ValidatePriorResult(const v1::SectionResult& result,
                                    const v1::RichMusicalSpecification& rms,
                                    std::uint32_t section_index, absl::string_view path) {
  FieldViolations out;
  if (result.section_index() != section_index) {
    out.Add(Child(path, "section_index"),
            absl::StrCat("must equal the request's section_index (", section_index, "); got ",
                         result.section_index()));
  }
  CheckIntRange(result.ppq(), 1, kMaxPpq, Child(path, "ppq"), out);
  absl::flat_hash_set<std::string> track_ids;
  for (const v1::Track& track : rms.tracks()) track_ids.insert(track.track_id());
  const std::string tracks_path = Child(path, "tracks");
  if (!CheckMaxCount(result.tracks_size(), kMaxTracks, tracks_path, out)) return out;
  for (int t = 0; t < result.tracks_size(); ++t) {
    const v1::TrackOutput& track = result.tracks(t);
    const std::string track_path = Indexed(tracks_path, t);
    if (!track_ids.contains(track.track_id())) {
      out.Add(Child(track_path, "track_id"),
              absl::StrCat("must name a track of the spec; got \"",
                           track.track_id().substr(0, kMaxIdBytes), "\""));
    }
    CheckIntRange(track.channel(), 0, 15, Child(track_path, "channel"), out);
    CheckIntRange(track.program(), 0, 127, Child(track_path, "program"), out);
    const std::string notes_path = Child(track_path, "notes");
    if (!CheckMaxCount(track.notes_size(), kMaxNotesPerTrack, notes_path, out)) continue;
    for (int n = 0; n < track.notes_size(); ++n) {
      const v1::Note& note = track.notes(n);
      const std::string note_path = Indexed(notes_path, n);
      CheckIntRange(note.pitch(), 0, 127, Child(note_path, "pitch"), out);
      CheckIntRange(note.velocity(), 1, 127, Child(note_path, "velocity"), out);
      if (note.start_tick() < 0) {
        out.Add(Child(note_path, "start_tick"),
                absl::StrCat("must be >= 0; got ", note.start_tick()));
      }
      if (note.duration_ticks() <= 0) {
        out.Add(Child(note_path, "duration_ticks"),
                absl::StrCat("must be > 0; got ", note.duration_ticks()));
      }
    }
  }
  return out;
}

FieldViolations ValidateRefineSectionRequest(const v1::RefineSectionRequest& request) {
  FieldViolations out;
  // The tracks prior_result and target_track_ids must name: the RMS's, or the flat request's
  // (expanded as GenerateSection expands it).
  v1::RichMusicalSpecification spec;
  switch (request.spec_case()) {
    case v1::RefineSectionRequest::kRms:
      out.Append(ValidateRms(request.rms(), "rms"));
      CheckSectionIndex(request.section_index(), request.rms(), "section_index", out);
      spec = request.rms();
      break;
    case v1::RefineSectionRequest::kFlat:
      CheckFlatSpec(request.flat(), request.section_index(), out);
      spec = convert::RmsFromFlat(request.flat());
      break;
    case v1::RefineSectionRequest::SPEC_NOT_SET:
      out.Add("rms", "one of rms or flat is required");
      break;
  }
  if (request.has_prior_result()) {
    out.Append(ValidatePriorResult(request.prior_result(), spec, request.section_index(),
                                   "prior_result"));
  } else {
    out.Add("prior_result", "is required");
  }
  if (request.has_emotion_delta()) {
    out.Append(ValidateEmotionDelta(request.emotion_delta(), "emotion_delta"));
  }
  if (CheckLength(request.refinement_command(), 0, kMaxCommandBytes, "refinement_command", out) &&
      !request.refinement_command().empty()) {
    if (absl::Status known = refine::CommandDelta(request.refinement_command()).status();
        !known.ok()) {
      out.Add("refinement_command", known.message());
    }
  }
  if (!request.has_emotion_delta() && request.refinement_command().empty()) {
    out.Add("refinement_command", "one of emotion_delta or refinement_command is required");
  }
  for (int i = 0; i < request.target_dimensions_size(); ++i) {
    const int dimension = request.target_dimensions(i);
    if (dimension == v1::DIMENSION_UNSPECIFIED || !v1::Dimension_IsValid(dimension)) {
      out.Add(Indexed("target_dimensions", i),
              absl::StrCat("must be a Dimension (RHYTHM .. DENSITY); got ", dimension));
    }
  }
  absl::flat_hash_set<std::string> track_ids;
  for (const v1::Track& track : spec.tracks()) track_ids.insert(track.track_id());
  for (int i = 0; i < request.target_track_ids_size(); ++i) {
    if (!track_ids.contains(request.target_track_ids(i))) {
      out.Add(Indexed("target_track_ids", i),
              absl::StrCat("must name a track of the spec; got \"",
                           request.target_track_ids(i).substr(0, kMaxIdBytes), "\""));
    }
  }
  CheckCommon(request, out);
  return out;
}

FieldViolations ValidateGenerateSongRequest(const v1::GenerateSongRequest& request) {
  FieldViolations out;
  if (request.has_rms()) {
    out.Append(ValidateRms(request.rms(), "rms"));
  } else {
    out.Add("rms", "is required");
  }
  CheckCommon(request, out);
  return out;
}

}  // namespace stori::server::validate
