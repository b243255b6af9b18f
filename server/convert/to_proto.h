// engine -> proto: the pieces of a SectionResult the engine's plain types map to directly
// (STYLE.md §1 seam 6). Times go out twice: ticks at `ppq` as stored, and beats = ticks / ppq
// from the start of the section (what Maestro reads, DESIGN.md §1).
#ifndef STORI_SERVER_CONVERT_TO_PROTO_H_
#define STORI_SERVER_CONVERT_TO_PROTO_H_

#include "absl/strings/string_view.h"
#include "engine/generate/section_request.h"
#include "engine/music/track.h"
#include "stori/generation/v1/emotion.pb.h"
#include "stori/generation/v1/music.pb.h"

namespace stori::server::convert {
namespace v1 = ::stori::generation::v1;

// Thread safety: pure functions.

// `track` (ticks at `ppq` > 0) as a TrackOutput for the RMS track `track_id`; notes sorted by
// start tick then pitch, events by tick.
v1::TrackOutput TrackOutputFromTrack(const music::Track& track, absl::string_view track_id,
                                     int ppq);

v1::TrackRole TrackRoleToProto(music::TrackRole role);
v1::EmotionVector EmotionVectorToProto(const generate::EmotionVector& ev);

}  // namespace stori::server::convert

#endif  // STORI_SERVER_CONVERT_TO_PROTO_H_
