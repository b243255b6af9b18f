#include "server/neural_section_engine.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>

#include "absl/functional/any_invocable.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/refine/dimension_refinement.h"
#include "engine/refine/section_refiner.h"
#include "engine/song/song_pipeline.h"
#include "spdlog/spdlog.h"

namespace stori::server {
namespace {

std::size_t NoteCount(const SectionResult& result) {
  std::size_t notes = 0;
  for (const TrackResult& t : result.tracks) notes += t.track.notes.size();
  return notes;
}

const char* PresetName(QualityPreset preset) {
  switch (preset) {
    case QualityPreset::kFast:
      return "fast";
    case QualityPreset::kBalanced:
      return "balanced";
    case QualityPreset::kQuality:
      return "quality";
  }
  return "balanced";
}

// Logs each delivered section, then passes it on to the caller's observer.
class LoggingObserver final : public song::SongObserver {
 public:
  LoggingObserver(song::SongObserver& inner,
                  absl::AnyInvocable<void(int, const SectionResult&)> log)
      : inner_(inner), log_(std::move(log)) {}
  void OnGenerating(int index, int total, int delivered) override {
    inner_.OnGenerating(index, total, delivered);
  }
  absl::Status OnSection(int index, SectionResult result) override {
    log_(index, result);
    return inner_.OnSection(index, std::move(result));
  }

 private:
  song::SongObserver& inner_;
  absl::AnyInvocable<void(int, const SectionResult&)> log_;
};

}  // namespace

NeuralSectionEngine::NeuralSectionEngine(const model::ModelRunner& runner, int refinement_threads,
                                         int refinement_queue)
    : runner_(runner), generator_(runner) {
  if (refinement_threads > 0) {
    pool_ = std::make_unique<refine::RefinementPool>(
        generator_, refinement_threads, static_cast<std::size_t>(std::max(0, refinement_queue)));
  }
}

void NeuralSectionEngine::LogSectionDone(const SectionRequest& request,
                                         const SectionResult& result, const RunContext& ctx,
                                         double ms) const {
  int kept = 0;
  for (const RefinementPass& pass : result.refinement) kept += pass.kept ? 1 : 0;
  spdlog::info(
      "event=section_done composition_id={} trace_id={} intent_hash={} seed={} preset={} "
      "genre=\"{}\" section={} section_id={} bars={} notes={} candidates={} tokens_decoded={} "
      "model={} device={} decode_ms={:.1f} refinement_passes={} refinement_kept={} "
      "refinement_ms={:.1f} ms={:.1f}",
      ctx.composition_id, ctx.trace_id, ctx.intent_hash, request.seed,
      PresetName(request.quality_preset), request.genre, request.section_index,
      request.section.section_id, request.section.bars, NoteCount(result),
      request.num_candidates, result.timings.tokens_decoded, runner_.model_id(),
      runner_.device_name(), result.timings.decode_ms, result.refinement.size(), kept,
      result.timings.refinement_ms, ms);
}

absl::StatusOr<SectionResult> NeuralSectionEngine::GenerateSection(const SectionRequest& request,
                                                                   const RunContext& ctx) {
  const absl::Time start = absl::Now();
  absl::StatusOr<SectionResult> refined = refine::GenerateRefined(generator_, request, ctx);
  if (!refined.ok()) return refined.status();
  LogSectionDone(request, *refined, ctx, absl::ToDoubleMilliseconds(absl::Now() - start));
  return refined;
}

absl::StatusOr<RefinedSection> NeuralSectionEngine::RefineSection(
    const RefinementRequest& request, const RunContext& ctx) {
  const absl::Time start = absl::Now();
  absl::StatusOr<RefinedSection> refined = refine::RefineSection(generator_, request, ctx);
  if (!refined.ok()) return refined.status();
  std::string regenerated;
  for (int i : refined->regenerated_tracks) {
    absl::StrAppend(&regenerated, regenerated.empty() ? "" : ",",
                    refined->request.tracks[i].track_id);
  }
  spdlog::info(
      "event=section_refined composition_id={} trace_id={} intent_hash={} section={} "
      "section_id={} regenerated_tracks={} attempts={} moved_as_asked={} notes={} ms={:.1f}",
      ctx.composition_id, ctx.trace_id, ctx.intent_hash, request.request.section_index,
      request.request.section.section_id, regenerated, refined->attempts,
      refined->unmet.empty(), NoteCount(refined->result),
      absl::ToDoubleMilliseconds(absl::Now() - start));
  return refined;
}

absl::Status NeuralSectionEngine::GenerateSong(const std::vector<SectionRequest>& sections,
                                               const RunContext& ctx,
                                               song::SongObserver& observer) {
  LoggingObserver logging(observer, [&](int index, const SectionResult& result) {
    // A song's section was generated and refined on different threads: its own work is the
    // generation's and the refinement's wall time.
    LogSectionDone(sections[index], result, ctx,
                   result.timings.total_ms + result.timings.refinement_ms);
  });
  return song::GenerateSong(generator_, pool_.get(), sections, ctx, logging);
}

}  // namespace stori::server
