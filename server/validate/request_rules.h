// Entry points of validation: one function per RPC request, each returning every violation of
// the request in one pass, with paths from the request root
// ("rms.sections[2].emotion_vector.tension", "constraints.velocity_floor", "section_index").
// The server calls exactly one of these before any work and answers INVALID_ARGUMENT with a
// google.rpc.BadRequest when the result is non-empty (server/status_mapping.h).
#ifndef STORI_SERVER_VALIDATE_REQUEST_RULES_H_
#define STORI_SERVER_VALIDATE_REQUEST_RULES_H_

#include "absl/strings/string_view.h"
#include "server/validate/field_violations.h"
#include "stori/generation/v1/result.pb.h"
#include "stori/generation/v1/service.pb.h"

namespace stori::server::validate {
namespace v1 = ::stori::generation::v1;

// Thread safety of all functions here: pure functions, safe to call concurrently.

// metadata (ids <= 128 bytes), exactly one of rms / flat, section_index inside rms.sections
// (0 with flat), quality_preset, constraints. The whole RMS is checked, not just the section
// asked for, so a song's sections are judged the same way in every RPC.
FieldViolations ValidateGenerateSectionRequest(const v1::GenerateSectionRequest& request);

// metadata, exactly one of rms / flat, section_index (0 with flat), prior_result (required; see
// ValidatePriorResult; its tracks name tracks of the RMS, or of the flat request as RmsFromFlat
// expands it), emotion_delta ranges, refinement_command <= 256 bytes, at least one of
// emotion_delta and refinement_command, target_dimensions known, target_track_ids naming tracks
// of the spec,
// quality_preset, constraints.
FieldViolations ValidateRefineSectionRequest(const v1::RefineSectionRequest& request);

// metadata, rms (required), quality_preset, constraints.
FieldViolations ValidateGenerateSongRequest(const v1::GenerateSongRequest& request);

// Maestro's flat fields (at `path`, e.g. "flat"): genre <= 64 bytes, tempo, instruments 1..16
// entries of 1..64 bytes (any text: server/convert/flat_instruments.h resolves it), bars 1..64,
// key (required here: server/read/request_defaults.h fills an absent one first), meter,
// emotion_vector (likewise).
FieldViolations ValidateFlatSectionSpec(const v1::FlatSectionSpec& flat, absl::string_view path);

// A result sent back for refinement (at `path`, e.g. "prior_result"): section_index equal to
// `section_index`, ppq 1..9600, tracks naming tracks of `rms` with channel 0..15, program
// 0..127, at most 16,384 notes each of pitch 0..127, velocity 1..127, start_tick >= 0,
// duration_ticks > 0. Beat fields are not read (ticks are authoritative).
FieldViolations ValidatePriorResult(const v1::SectionResult& result,
                                    const v1::RichMusicalSpecification& rms,
                                    std::uint32_t section_index, absl::string_view path);

}  // namespace stori::server::validate

#endif  // STORI_SERVER_VALIDATE_REQUEST_RULES_H_
