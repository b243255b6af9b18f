// SectionEngine: the seam where the neural engine plugs into the gRPC service. The service
// reads, validates and converts each request (server/prepare/prepare_request.h), hands the
// engine plain structs (engine/section/section_request.h) and a RunContext, and gets back the
// engine's own results (engine/section/section_result.h), which it converts to the wire once
// (server/convert/to_proto.h). Nothing here names a proto or gRPC type, so the offline stori-cli
// runs the same engine without either. While no engine is attached the service answers
// UNIMPLEMENTED after validation; it never invents music.
//
// The production implementation is NeuralSectionEngine (server/neural_section_engine.h); tests
// use fakes.
#ifndef STORI_SERVER_SECTION_ENGINE_H_
#define STORI_SERVER_SECTION_ENGINE_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/common/run_context.h"
#include "engine/section/section_request.h"
#include "engine/section/section_result.h"
#include "engine/song/song_observer.h"

namespace stori::server {

// Thread safety: implementations must be thread-safe; the service calls them concurrently from
// its generation threads (a TaskPool), one call per request.
// Each call checks ctx.CheckStop() between steps and returns kCancelled / kDeadlineExceeded when
// it trips. Other errors: kInvalidArgument for input the validator let through but the engine
// cannot serve (named precisely), kResourceExhausted for engine-side bounds, kFailedPrecondition
// when the model is not loaded, kInternal for broken invariants or LibTorch failures.
class SectionEngine {
 public:
  virtual ~SectionEngine() = default;

  // Returns the finished section: tracks, SMF, scores, attributes, transition report, timings,
  // refinement passes, model id, seed_used (= request.seed).
  virtual absl::StatusOr<SectionResult> GenerateSection(const SectionRequest& request,
                                                        const RunContext& ctx) = 0;

  // Returns the section regenerated for the changed emotion, with what was regenerated.
  virtual absl::StatusOr<RefinedSection> RefineSection(const RefinementRequest& request,
                                                       const RunContext& ctx) = 0;

  // Generates sections[0..n) in order and passes each to `observer` when final (OnGenerating
  // before each one starts). Returns OK once every section went to the observer; the first
  // error otherwise (the observer's among them).
  virtual absl::Status GenerateSong(const std::vector<SectionRequest>& sections,
                                    const RunContext& ctx, song::SongObserver& observer) = 0;
};

}  // namespace stori::server

#endif  // STORI_SERVER_SECTION_ENGINE_H_
