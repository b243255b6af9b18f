// proto -> engine: fills engine/section/section_request.h from validated v1 requests. Resolves
// what the engine should not look up: a section's tempo/key/meter overrides, motif ids to
// indexes, one TrackBehavior per track, GM program names to numbers and role defaults
// (music::GmProgramFromName, music::DefaultProgramForRole), MIDI channels by role
// (music::AssignChannels: drums 9, bass 0, harmony/keys 1, others from 2), the quality preset's
// candidate count (1/3/10), and Maestro's flat fields to a one-section RMS.
#ifndef STORI_SERVER_CONVERT_FROM_PROTO_H_
#define STORI_SERVER_CONVERT_FROM_PROTO_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/section/section_request.h"
#include "engine/music/track.h"
#include "stori/generation/v1/result.pb.h"
#include "stori/generation/v1/service.pb.h"

namespace stori::server::convert {
namespace v1 = ::stori::generation::v1;

// All functions expect input that passed server/validate/request_rules.h. They do not crash on
// other input: a reference they cannot resolve (unknown motif or track id, section index out of
// range, unknown GM name) is kInvalidArgument naming the field path or value; more than 15
// tracks that are not drums is kResourceExhausted (music::AssignChannels).
// Thread safety: pure functions.

// The one-section RMS a flat request stands for: tracks named after the instruments ("drums",
// "bass", a repeated name gets "_2", "_3"), one section "flat" of flat.bars bars with the flat
// emotion vector and no chords or motifs (the engine chooses them).
v1::RichMusicalSpecification RmsFromFlat(const v1::FlatSectionSpec& flat);

// Section `section_index` of `rms` with the song context. `seed` is the caller's or the
// server-drawn seed.
absl::StatusOr<SectionRequest> SectionRequestFromRms(
    const v1::RichMusicalSpecification& rms, int section_index, std::uint64_t seed,
    v1::QualityPreset preset, const v1::GenerationConstraints& constraints,
    bool include_intent_trace);

// GenerateSection: from the RMS, or from the flat fields via RmsFromFlat.
absl::StatusOr<SectionRequest> SectionRequestFromProto(
    const v1::GenerateSectionRequest& request, std::uint64_t seed);

// GenerateSong: one SectionRequest per section, in order, all with the same `seed` (the engine
// derives per-section streams from (seed, section_index)).
absl::StatusOr<std::vector<SectionRequest>> SongRequestsFromProto(
    const v1::GenerateSongRequest& request, std::uint64_t seed);

// RefineSection: the section request plus the delta, command, targets and the prior tracks.
absl::StatusOr<RefinementRequest> RefinementRequestFromProto(
    const v1::RefineSectionRequest& request, std::uint64_t seed);

// A result track back in ticks: notes, CC, pitch bend, aftertouch, program and channel, with the
// role of the matching RMS track. Beat fields are ignored (ticks are authoritative).
music::Track TrackFromProto(const v1::TrackOutput& track);

// Proto enum -> engine enum (UNSPECIFIED and unknown values -> kOther / nullopt / defaults as
// documented in section_request.h).
music::TrackRole TrackRoleFromProto(v1::TrackRole role);
EmotionVector EmotionVectorFromProto(const v1::EmotionVector& ev);
GenerationConstraints ConstraintsFromProto(const v1::GenerationConstraints& c);
QualityPreset QualityPresetFromProto(v1::QualityPreset preset);

}  // namespace stori::server::convert

#endif  // STORI_SERVER_CONVERT_FROM_PROTO_H_
