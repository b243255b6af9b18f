#include "engine/refine/refinement_pool.h"

#include <memory>
#include <utility>

namespace stori::refine {

RefinementPool::RefinementPool(const generate::SectionGenerator& generator, int num_threads,
                               std::size_t max_queued)
    : generator_(generator), tasks_(num_threads, max_queued) {}

absl::Status RefinementPool::TrySubmit(RefinementJob* job) {
  auto shared = std::make_shared<RefinementJob>(std::move(*job));
  absl::Status queued =
      tasks_.Submit([this, shared] { RunRefinementJob(generator_, std::move(*shared)); });
  // A refused task has been destroyed, leaving `shared` the only owner: hand the job back.
  if (!queued.ok()) *job = std::move(*shared);
  return queued;
}

void RunRefinementJob(const generate::SectionGenerator& generator, RefinementJob job) {
  static const RunContext kNoContext;
  const RunContext& ctx = job.ctx != nullptr ? *job.ctx : kNoContext;
  absl::StatusOr<SectionResult> refined = RefineWeakestDimensions(
      generator, job.request, std::move(job.generated), job.options, ctx);
  std::move(job.done)(std::move(refined));
}

}  // namespace stori::refine
