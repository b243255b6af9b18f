// Reads a request from JSON as the Stori backend writes it (README.md, "What the service
// accepts"), on top of protobuf's JSON mapping (https://protobuf.dev/programming-guides/proto3/
// #json). The rules, all driven by the message descriptors:
// - Field names in snake_case or camelCase (any case, "_" ignored), plus per-message aliases
//   (`tempo` and `bpm` for `tempo_bpm`, `chord` for a ChordEvent's `symbol`, `name` for a
//   section's `section_id`, `type` for its `section_type`, `generation_constraints` for
//   `constraints`, ...: the tables in request_json.cc).
// - Enum values by full name ("SECTION_TYPE_PRE_CHORUS") or short name in any case and spelling
//   ("pre-chorus", "balanced", "quarter", "rhythmic_expand"), plus aliases ("build" for BUILDUP,
//   "8th" for EIGHTH, track roles through music::TrackRoleFromAlias: "pads", "keys", "arp").
//   An unknown track role, section type or register is dropped with a warning (the server then
//   resolves it); an unknown quality preset, rhythm value, transformation or dimension is an
//   error.
// - TrackBehavior `density` and `priority` as words ("sparse", "medium", "full"; "hook",
//   "motif_statement", ...: the tables in request_json.cc); an unknown word is dropped with a
//   warning.
// - A time signature as "3/4" or [3, 4]; track_behaviors as an object keyed by track id.
// - The flat request's fields at the top level ({"genre", "tempo", "instruments", "bars", ...})
//   are read as `flat`; an RMS at the top level (it has "sections" or "tracks") as `rms`;
//   composition_id, trace_id and intent_hash at the top level as `metadata`.
// - Unknown fields are ignored with a warning naming them (the roadmap RMS's `rms_version` and
//   `global_emotion` with a warning that the service does not use them); JSON null is absent.
// - 64-bit integers (seed) above 2^53 must come as JSON strings (as protobuf's mapping writes
//   them), since a JSON number that large has lost digits before it arrives.
#ifndef STORI_SERVER_READ_REQUEST_JSON_H_
#define STORI_SERVER_READ_REQUEST_JSON_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "server/read/request_warning.h"

namespace stori::server::read {

// Replaces `*out` with the request that `json` describes (`out` is a GenerateSectionRequest,
// RefineSectionRequest, GenerateSongRequest, or any message, read by the rules above) and
// appends a warning for each name mapped to a default or field ignored.
// Errors: kInvalidArgument naming the proto field path and the value when `json` is not a JSON
//   object, a strict enum name is unknown, or a value has the wrong JSON type for its field.
// Thread safety: pure function.
absl::Status ReadRequestJson(absl::string_view json, google::protobuf::Message* out,
                             RequestWarnings* warnings);

}  // namespace stori::server::read

#endif  // STORI_SERVER_READ_REQUEST_JSON_H_
