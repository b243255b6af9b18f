// NeuralSectionEngine: the production SectionEngine (server/section_engine.h). Adapts
// engine::generate::SectionGenerator over a shared, loaded and warmed model::ModelRunner to the
// service: each section goes through the generator (DESIGN.md §3 steps 1-3) and comes back as a
// v1::SectionResult built by server/convert/to_proto.h. Used by stori-server and by the offline
// stori-cli, so both produce the same notes for the same request and seed.
//
// Not yet: refinement (DESIGN.md §3 step 4, RefineSection answers UNIMPLEMENTED), transition
// checks (step 5, transition.checked = false) and humanization (step 6).
#ifndef STORI_SERVER_NEURAL_SECTION_ENGINE_H_
#define STORI_SERVER_NEURAL_SECTION_ENGINE_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/generate/section_generator.h"
#include "engine/model/model_runner.h"
#include "server/metrics.h"
#include "server/section_engine.h"

namespace stori::server {

// Thread safety: thread-safe (SectionGenerator::Generate and ModelRunner are), so the service
// may call it from all its executor threads at once.
class NeuralSectionEngine final : public SectionEngine {
 public:
  // `runner` must be loaded (and should be warmed) and must outlive the engine.
  // `metrics` (may be null) records each section's model work; it must outlive this.
  explicit NeuralSectionEngine(const model::ModelRunner& runner,
                               ServiceMetrics* metrics = nullptr);

  // Generates the section and converts it. Logs event=section_done.
  // Errors: as generate::SectionGenerator::Generate (kInvalidArgument for what the model cannot
  //   represent, kCancelled / kDeadlineExceeded when ctx's stop token trips, kResourceExhausted,
  //   kInternal for a model failure).
  absl::StatusOr<v1::SectionResult> GenerateSection(const generate::SectionRequest& request,
                                                    const RunContext& ctx) override;

  // Errors: always kUnimplemented (refinement of a prior result is a later issue; the engine
  //   never invents music it cannot back).
  absl::StatusOr<v1::RefineSectionResponse> RefineSection(
      const generate::RefinementRequest& request, const RunContext& ctx) override;

  // Generates sections[0..n) in order; before each one sends progress {section_index, total,
  // sections_done, GENERATING}, hands each finished section to `sink`, and ends with progress
  // {sections_done = total, DONE}. Stops at the first error: the stop token (kCancelled /
  // kDeadlineExceeded), a generation error, or the sink refusing a section (its status).
  absl::Status GenerateSong(const std::vector<generate::SectionRequest>& sections,
                            const RunContext& ctx, SongSink& sink) override;

 private:
  // Adds one generated section's model work to the metrics, if any.
  void RecordSection(const generate::SectionRequest& request,
                     const generate::SectionResult& result) const;

  const model::ModelRunner& runner_;
  generate::SectionGenerator generator_;
  ServiceMetrics* const metrics_;
};

}  // namespace stori::server

#endif  // STORI_SERVER_NEURAL_SECTION_ENGINE_H_
