// engine -> proto: the pieces of a SectionResult the engine's plain types map to directly.
// Times go out twice: ticks at `ppq` as stored, and beats = ticks / ppq from the start of the
// section (what Maestro reads).
#ifndef STORI_SERVER_CONVERT_TO_PROTO_H_
#define STORI_SERVER_CONVERT_TO_PROTO_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "engine/section/section_request.h"
#include "engine/section/section_result.h"
#include "engine/music/track.h"
#include "stori/generation/v1/emotion.pb.h"
#include "stori/generation/v1/music.pb.h"
#include "stori/generation/v1/result.pb.h"
#include "stori/generation/v1/service.pb.h"

namespace stori::server::convert {
namespace v1 = ::stori::generation::v1;

// Thread safety: pure functions.

// `track` (ticks at `ppq` > 0) as a TrackOutput for the RMS track `track_id`; notes sorted by
// start tick then pitch, events by tick.
v1::TrackOutput TrackOutputFromTrack(const music::Track& track, absl::string_view track_id,
                                     int ppq);

// The whole engine result as the wire's SectionResult:
//   tracks      TrackOutputFromTrack per TrackResult (track_id, name, role, GM program, channel;
//               notes in ticks at result.ppq and in beats from the section start)
//   midi_file   the engine's SMF type 1 bytes; scores: the five dimensions (0..1)
//   attributes  per track, name / target / measured / target_bin / measured_bin (bins of
//               tokens/track_attributes.h): "notes_per_bar" (density bin), "register_center"
//               (MIDI pitch; pitched tracks only), "velocity_mean" (target = (floor + ceiling) / 2,
//               velocity-level bin), "syncopation", "polyphony", "note_length_beats" (pitched
//               only), "empty_beat_rate" (target rest_density, EmptyBeats bin); unbinned
//               targets with bin -1: "register_spread" (pitched), "velocity_floor",
//               "velocity_ceiling" (measured: min / max velocity), "leap_rate" (pitched:
//               score::LeapRate, the scorer's measure), "swing"; all measured in the engine
//               (TrackResult)
//   timings     targets, drums/bass/harmony/melody (decode split by role), scoring, refinement,
//               humanize, total (generation plus refinement), in ms
//   model, seed_used, warnings (message; field_path "rms." + the engine's RMS-relative path,
//               or "" when it gives none), candidates_generated (the most candidates any track
//               decoded), transition (checked for every section that has a next one; violations
//               with kind, message, measured, limit and repaired), refinement_passes and
//               refinement (the weakest-dimension passes), refinement_stop, intent_trace (when
//               the engine recorded one), emotion_vector (request's section emotion, if given).
v1::SectionResult SectionResultToProto(const SectionResult& result,
                                       const SectionRequest* request = nullptr);

// RefineSection's answer (service.proto RefineSectionResponse): result = refined.result
// (SectionResultToProto, refinement_passes = the regenerations tried), applied_emotion_vector =
// the emotion it was generated for, prior_emotion_vector = `prior_emotion` (the section's before
// the change), regenerated_track_ids in request order, attribute_changes against `prior` (the
// caller's prior result, AddAttributeChanges).
v1::RefineSectionResponse RefineSectionResponseToProto(const RefinedSection& refined,
                                                       const EmotionVector& prior_emotion,
                                                       const v1::SectionResult& prior);

// Adds to `response` (service.proto RefineSectionResponse) one AttributeChange per attribute of
// response->result() whose target or measured value differs from the same (track_id, name) in
// prior.attributes (has_before false where prior has none).
// Thread safety: thread-compatible.
void AddAttributeChanges(const v1::SectionResult& prior, v1::RefineSectionResponse* response);

v1::TrackRole TrackRoleToProto(music::TrackRole role);
v1::EmotionVector EmotionVectorToProto(const EmotionVector& ev);

}  // namespace stori::server::convert

#endif  // STORI_SERVER_CONVERT_TO_PROTO_H_
