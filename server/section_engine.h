// SectionEngine: the seam where the neural engine plugs into the gRPC service. The service
// validates and converts each request (server/validate/, server/convert/from_proto.h), then
// hands the engine plain structs (engine/section/section_request.h) and a RunContext, and gets
// back result messages built by server/convert/to_proto.h. While no engine is attached the
// service answers UNIMPLEMENTED after validation; it never invents music.
//
// The production implementation adapts engine::SectionGenerator (STYLE.md §1 seam 5) and lives
// beside main(); tests use fakes.
#ifndef STORI_SERVER_SECTION_ENGINE_H_
#define STORI_SERVER_SECTION_ENGINE_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/common/run_context.h"
#include "engine/section/section_request.h"
#include "stori/generation/v1/result.pb.h"
#include "stori/generation/v1/service.pb.h"

namespace stori::server {

namespace v1 = ::stori::generation::v1;

// Receives a song's output as the engine produces it (the GenerateSong stream).
// Thread safety: thread-safe; the engine may call from any thread, but must not call after its
// GenerateSong has returned.
class SongSink {
 public:
  virtual ~SongSink() = default;
  // Queues a progress message for the client.
  virtual void OnProgress(const v1::GenerationProgress& progress) = 0;
  // Queues a finished section; sections must arrive in song order.
  // Errors: kCancelled when the client has gone or the stream broke; the engine should stop.
  virtual absl::Status OnSection(v1::SectionResult section) = 0;
};

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
  // model info, seed_used (= request.seed).
  virtual absl::StatusOr<v1::SectionResult> GenerateSection(const SectionRequest& request,
                                                            const RunContext& ctx) = 0;

  // Returns the refined section and the emotion vector it was generated for.
  virtual absl::StatusOr<v1::RefineSectionResponse> RefineSection(
      const RefinementRequest& request, const RunContext& ctx) = 0;

  // Generates sections[0..n) in order and passes each to `sink` when final (progress in
  // between). Returns OK once every section went to the sink.
  virtual absl::Status GenerateSong(const std::vector<SectionRequest>& sections,
                                    const RunContext& ctx, SongSink& sink) = 0;
};

}  // namespace stori::server

#endif  // STORI_SERVER_SECTION_ENGINE_H_
