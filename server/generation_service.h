// GenerationService: the gRPC callback-API adapter of stori.generation.v1.GenerationService
// (no request work on gRPC's callback threads). Every RPC takes one path (Dispatch in the .cc):
//   1. on gRPC's thread: UNAVAILABLE when draining; admission's count gate (server/admission.h);
//   2. on the service's own prepare executor (kPrepareThreads): reading the request as sent,
//      validation of every field (INVALID_ARGUMENT + google.rpc.BadRequest), its seed and
//      conversion to engine structs (server/prepare/prepare_request.h), and the work estimate
//      (server/work_estimate.h);
//   3. admission's wait gate: RESOURCE_EXHAUSTED + google.rpc.RetryInfo at once when the call
//      could not start within the queue-wait limit or its deadline;
//   4. on a thread of `executor` (the generation slots, FIFO): the SectionEngine, the one
//      conversion of its result to the wire (server/convert/to_proto.h), and Finish; then, if
//      it was the last call in flight, free heap goes back to the OS (server/memory_release.h).
// The reactor's OnCancel and the call's deadline trip the request's StopToken, which the engine
// checks.
// Without an attached engine every RPC answers UNIMPLEMENTED after validation.
// Logs one line per request start and end (event=request_start / request_end) with rpc,
// composition_id and trace_id.
#ifndef STORI_SERVER_GENERATION_SERVICE_H_
#define STORI_SERVER_GENERATION_SERVICE_H_

#include <atomic>

#include "server/admission.h"
#include "server/memory_release.h"
#include "server/metrics.h"
#include "engine/common/task_pool.h"
#include "server/section_engine.h"
#include "stori/generation/v1/service.grpc.pb.h"

namespace stori::server {

namespace v1 = ::stori::generation::v1;

// Thread safety: thread-safe. `executor` and `admission` must outlive the grpc::Server this is
// registered with (shut the server down first); so must an attached engine.
class GenerationService final : public v1::GenerationService::CallbackService {
 public:
  // `executor` runs the engine: its thread count should equal admission.options().slots.
  // `metrics` (may be null) records each call's end (server/metrics.h); it must outlive this.
  GenerationService(TaskPool& executor, Admission& admission,
                    SectionEngine* engine = nullptr, ServiceMetrics* metrics = nullptr);

  // Makes `engine` serve requests admitted from now on (nullptr detaches: UNIMPLEMENTED again).
  // Pair with Readiness::SetServing once the engine is loaded and warmed.
  void AttachEngine(SectionEngine* engine) { engine_.store(engine, std::memory_order_release); }

  // From now on every new call is answered UNAVAILABLE at once ("shutting down"), so that a
  // client's retry policy sends it to another replica; calls already admitted go on. Pair with
  // Readiness::SetNotServing (main's SIGTERM handling).
  void StartDrain() { draining_.store(true, std::memory_order_release); }
  bool draining() const { return draining_.load(std::memory_order_acquire); }

  grpc::ServerUnaryReactor* GenerateSection(grpc::CallbackServerContext* context,
                                            const v1::GenerateSectionRequest* request,
                                            v1::GenerateSectionResponse* response) override;
  grpc::ServerUnaryReactor* RefineSection(grpc::CallbackServerContext* context,
                                          const v1::RefineSectionRequest* request,
                                          v1::RefineSectionResponse* response) override;
  grpc::ServerWriteReactor<v1::GenerateSongResponse>* GenerateSong(
      grpc::CallbackServerContext* context, const v1::GenerateSongRequest* request) override;

 private:
  SectionEngine* engine() const { return engine_.load(std::memory_order_acquire); }

  // Threads that read, validate and convert requests: short work (a 4 MiB message at most).
  static constexpr int kPrepareThreads = 2;

  TaskPool& executor_;
  Admission& admission_;
  ServiceMetrics* const metrics_;
  std::atomic<SectionEngine*> engine_;
  std::atomic<bool> draining_{false};
  // Returns freed heap to the OS each time the last call in flight ends (memory_release.h).
  IdleMemoryRelease memory_release_;
  // Declared last: joined first on destruction (its tasks hand work to `executor_`).
  TaskPool prepare_executor_;
};

}  // namespace stori::server

#endif  // STORI_SERVER_GENERATION_SERVICE_H_
