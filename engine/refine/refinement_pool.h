// RefinementPool: the refinement worker pool (README.md, "How a section is made", step 5: "a
// refinement worker pool rescoring and regenerating runs beside the sequential generator"): a fixed
// number of threads and a bounded queue, each job one section's weakest-dimension refinement
// (dimension_refinement.h). Shared by every request of a process; a song's sections are refined
// here while its next section is generated (engine/song/song_pipeline.h).
#ifndef STORI_ENGINE_REFINE_REFINEMENT_POOL_H_
#define STORI_ENGINE_REFINE_REFINEMENT_POOL_H_

#include <cstddef>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/common/run_context.h"
#include "engine/common/task_pool.h"
#include "engine/generate/section_generator.h"
#include "engine/section/section_request.h"
#include "engine/section/section_result.h"
#include "engine/refine/dimension_refinement.h"

namespace stori::refine {

// One section to refine. `ctx` is lent: it (and its stop token) must stay alive until `done`
// has run.
struct RefinementJob {
  SectionRequest request;
  SectionResult generated;
  RefinementOptions options;
  const RunContext* ctx = nullptr;
  // Receives RefineWeakestDimensions' result (or error) on a pool thread.
  absl::AnyInvocable<void(absl::StatusOr<SectionResult>) &&> done;
};

// Refines `job` with `generator` on the calling thread and runs its `done` there.
// Thread safety: thread-safe (the generator is).
void RunRefinementJob(const generate::SectionGenerator& generator, RefinementJob job);

// Thread safety: thread-safe. The destructor runs every queued job (each checks its stop token)
// and joins; destroy it after the requests using it have ended.
class RefinementPool {
 public:
  // `generator` must outlive the pool. num_threads >= 1; max_queued >= 0 jobs waiting.
  RefinementPool(const generate::SectionGenerator& generator, int num_threads,
                 std::size_t max_queued);

  // Queues `*job`; on success `*job` is moved from and its `done` will run exactly once.
  // Errors: kResourceExhausted when max_queued jobs are waiting, kUnavailable during
  //   destruction; `*job` is then left as it was (the caller may refine it inline with
  //   RunRefinementJob).
  absl::Status TrySubmit(RefinementJob* job);

  const generate::SectionGenerator& generator() const { return generator_; }
  int num_threads() const { return tasks_.num_threads(); }

 private:
  const generate::SectionGenerator& generator_;
  TaskPool tasks_;
};

}  // namespace stori::refine

#endif  // STORI_ENGINE_REFINE_REFINEMENT_POOL_H_
