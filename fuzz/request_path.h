// The request path the fuzz targets drive (fuzz/README.md): what the server
// does with a GenerateSection or GenerateSong call before the model runs.
// server/generation_service.cc's order: server/read/read_request.h ReadRequest,
// then server/validate/request_rules.h (the rest only when it finds no
// violation), then server/convert/from_proto.h, then the planning step of
// engine/generate/section_generator.cc: the default progression when a section
// has no chords, the key, meter, tempo and genre token values,
// targets::ComputeTargets, the decoding plan, motif rendering into the motif
// track, and per window the bar chords, the sampler's constraints and the
// prompt tokens. No model, no gRPC.
//
// Each function aborts (FUZZ_CHECK) when a documented promise of the code under
// test is broken, so that the fuzzer reports it as a crash; rejected input is
// not a finding.
#ifndef STORI_FUZZ_REQUEST_PATH_H_
#define STORI_FUZZ_REQUEST_PATH_H_

#include <cstdint>

#include "engine/section/section_request.h"
#include "stori/generation/v1/service.pb.h"

namespace stori::fuzz {

namespace v1 = ::stori::generation::v1;

// Seed used when the request carries none (the server draws one; any value
// serves here).
inline constexpr std::uint64_t kFallbackSeed = 0x5EEDu;

// The generator's steps before the model (engine/generate/section_generator.cc,
// up to its first ModelRunner call) on `request`, which SectionRequestFromProto
// returned. Returns false where the generator would return an error before the
// model (a meter off its grid, a motif it cannot render), true when the
// planning step ran to the end.
bool PlanSection(const SectionRequest &request);

// GenerateSection: read, validate, convert and plan, as
// GenerationService::GenerateSection.
void ServeGenerateSection(const v1::GenerateSectionRequest &request);

// GenerateSong: read, validate, convert and plan every section, as
// GenerationService::GenerateSong and NeuralSectionEngine::GenerateSong.
void ServeGenerateSong(const v1::GenerateSongRequest &request);

// RefineSection: read, validate and convert (RefinementRequestFromProto), then
// plan the section.
void ServeRefineSection(const v1::RefineSectionRequest &request);

}  // namespace stori::fuzz

#endif  // STORI_FUZZ_REQUEST_PATH_H_
