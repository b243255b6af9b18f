// NeuralSectionEngine: the production SectionEngine (server/section_engine.h). Adapts
// generate::SectionGenerator over a shared, loaded and warmed model::ModelRunner: each section
// is generated (README "How a section is made", steps 1-4) and refined
// (engine/refine/dimension_refinement.h: passes by quality preset); GenerateSong runs through
// engine/song/song_pipeline.h, refining section N in the refinement worker pool while section
// N+1 is generated. Used by stori-server and by the offline stori-cli, so both produce the same
// notes for the same request and seed. Links the engine only (no gRPC, no protobuf).
#ifndef STORI_SERVER_NEURAL_SECTION_ENGINE_H_
#define STORI_SERVER_NEURAL_SECTION_ENGINE_H_

#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/generate/section_generator.h"
#include "engine/model/model_runner.h"
#include "engine/refine/refinement_pool.h"
#include "server/section_engine.h"

namespace stori::server {

// Thread safety: thread-safe (SectionGenerator::Generate and ModelRunner are), so the service
// may call it from all its executor threads at once.
class NeuralSectionEngine final : public SectionEngine {
 public:
  // `runner` must be loaded (and should be warmed) and must outlive the engine.
  // `refinement_threads` (>= 0): threads of the refinement worker pool GenerateSong refines in;
  // 0: songs refine each section on the calling thread. `refinement_queue`: jobs waiting in
  // the pool beyond which a song refines on its own thread.
  explicit NeuralSectionEngine(const model::ModelRunner& runner, int refinement_threads = 1,
                               int refinement_queue = 16);

  // Generates the section and refines it on the calling thread (passes by quality preset).
  // Logs event=section_done.
  // Errors: as generate::SectionGenerator::Generate (kInvalidArgument for what the model cannot
  //   represent, kCancelled / kDeadlineExceeded when ctx's stop token trips, kResourceExhausted,
  //   kInternal for a model failure).
  absl::StatusOr<SectionResult> GenerateSection(const SectionRequest& request,
                                                const RunContext& ctx) override;

  // Regenerates the prior result for the changed emotion (engine/refine/section_refiner.h).
  // Logs event=section_refined. Errors: as refine::RefineSection.
  absl::StatusOr<RefinedSection> RefineSection(const RefinementRequest& request,
                                               const RunContext& ctx) override;

  // Generates sections[0..n) in order (song::GenerateSong: section N refined in the pool while
  // N+1 is generated) and hands each to `observer` in order when final, logging
  // event=section_done for each. Stops at the first error: the stop token (kCancelled /
  // kDeadlineExceeded), a generation or refinement error, or the observer refusing a section.
  absl::Status GenerateSong(const std::vector<SectionRequest>& sections, const RunContext& ctx,
                            song::SongObserver& observer) override;

 private:
  // Logs event=section_done for a final section; `ms`: the section's own wall time.
  void LogSectionDone(const SectionRequest& request, const SectionResult& result,
                      const RunContext& ctx, double ms) const;

  const model::ModelRunner& runner_;
  generate::SectionGenerator generator_;
  std::unique_ptr<refine::RefinementPool> pool_;  // null: no pool
};

}  // namespace stori::server

#endif  // STORI_SERVER_NEURAL_SECTION_ENGINE_H_
