// NeuralSectionEngine: the production SectionEngine (server/section_engine.h). Adapts
// engine::generate::SectionGenerator over a shared, loaded and warmed model::ModelRunner to the
// service: each section goes through the generator (DESIGN.md §3 steps 1-3) and comes back as a
// v1::SectionResult built by server/convert/to_proto.h. Used by stori-server and by the offline
// stori-cli, so both produce the same notes for the same request and seed.
//
// Each generated section is refined (engine/refine/dimension_refinement.h:
// passes by quality preset); GenerateSong runs through engine/song/song_pipeline.h, refining
// section N in the refinement worker pool while section N+1 is generated.
#ifndef STORI_SERVER_NEURAL_SECTION_ENGINE_H_
#define STORI_SERVER_NEURAL_SECTION_ENGINE_H_

#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/generate/section_generator.h"
#include "engine/model/model_runner.h"
#include "engine/refine/refinement_pool.h"
#include "server/metrics.h"
#include "server/section_engine.h"

namespace stori::server {

// Thread safety: thread-safe (SectionGenerator::Generate and ModelRunner are), so the service
// may call it from all its executor threads at once.
class NeuralSectionEngine final : public SectionEngine {
 public:
  // `runner` must be loaded (and should be warmed) and must outlive the engine.
  // `metrics` (may be null) records each section's model work; it must outlive this.
  // `refinement_threads` (>= 0): threads of the refinement worker pool GenerateSong refines in;
  // 0: songs refine each section on the calling thread. `refinement_queue`: jobs waiting in
  // the pool beyond which a song refines on its own thread.
  explicit NeuralSectionEngine(const model::ModelRunner& runner,
                               ServiceMetrics* metrics = nullptr, int refinement_threads = 1,
                               int refinement_queue = 16);

  // Generates the section, refines it on the calling thread (passes by quality preset) and
  // converts it. Logs event=section_done.
  // Errors: as generate::SectionGenerator::Generate (kInvalidArgument for what the model cannot
  //   represent, kCancelled / kDeadlineExceeded when ctx's stop token trips, kResourceExhausted,
  //   kInternal for a model failure).
  absl::StatusOr<v1::SectionResult> GenerateSection(const SectionRequest& request,
                                                    const RunContext& ctx) override;

  // Regenerates the prior result for the changed emotion (engine/refine/section_refiner.h) and
  // adds the musical diff. Errors: as refine::RefineSection.
  absl::StatusOr<v1::RefineSectionResponse> RefineSection(
      const RefinementRequest& request, const RunContext& ctx) override;

  // Generates sections[0..n) in order (song::GenerateSong: section N refined in the pool while
  // N+1 is generated); before each one sends progress {section_index, total, sections_done,
  // GENERATING}, hands each section to `sink` in order when final, and ends with progress
  // {sections_done = total, DONE}. Stops at the first error: the stop token (kCancelled /
  // kDeadlineExceeded), a generation or refinement error, or the sink refusing a section.
  absl::Status GenerateSong(const std::vector<SectionRequest>& sections,
                            const RunContext& ctx, SongSink& sink) override;

 private:
  // Adds one generated section's model work to the metrics, if any.
  void RecordSection(const SectionRequest& request,
                     const SectionResult& result) const;
  // Records, logs (event=section_done) and converts a final section.
  // `ms`: the section's own wall time.
  v1::SectionResult Finish(const SectionRequest& request,
                           const SectionResult& result, const RunContext& ctx,
                           double ms) const;

  const model::ModelRunner& runner_;
  generate::SectionGenerator generator_;
  ServiceMetrics* const metrics_;
  std::unique_ptr<refine::RefinementPool> pool_;  // null: no pool
};

}  // namespace stori::server

#endif  // STORI_SERVER_NEURAL_SECTION_ENGINE_H_
