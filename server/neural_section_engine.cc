#include "server/neural_section_engine.h"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "absl/functional/any_invocable.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/refine/dimension_refinement.h"
#include "engine/refine/section_refiner.h"
#include "engine/song/song_pipeline.h"
#include "engine/common/status_macros.h"
#include "server/convert/to_proto.h"
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

v1::GenerationProgress Progress(int index, int total, int done, v1::SongStage stage) {
  v1::GenerationProgress p;
  p.set_section_index(static_cast<std::uint32_t>(index));
  p.set_sections_total(static_cast<std::uint32_t>(total));
  p.set_sections_done(static_cast<std::uint32_t>(done));
  p.set_stage(stage);
  return p;
}

}  // namespace

NeuralSectionEngine::NeuralSectionEngine(const model::ModelRunner& runner,
                                         ServiceMetrics* metrics, int refinement_threads,
                                         int refinement_queue)
    : runner_(runner), generator_(runner), metrics_(metrics) {
  if (refinement_threads > 0) {
    pool_ = std::make_unique<refine::RefinementPool>(
        generator_, refinement_threads, static_cast<std::size_t>(std::max(0, refinement_queue)));
  }
}

void NeuralSectionEngine::RecordSection(const SectionRequest& request,
                                        const SectionResult& result) const {
  if (metrics_ == nullptr) return;
  int candidates = 0;
  for (const TrackResult& t : result.tracks) candidates += t.candidates;
  metrics_->SectionGenerated(result.timings.decode_ms / 1000.0, result.timings.model_steps,
                             result.timings.tokens_decoded, candidates);
}

v1::SectionResult NeuralSectionEngine::Finish(const SectionRequest& request,
                                              const SectionResult& result,
                                              const RunContext& ctx, double ms) const {
  RecordSection(request, result);
  int kept = 0;
  for (const RefinementPass& pass : result.refinement) kept += pass.kept ? 1 : 0;
  v1::SectionResult out = convert::SectionResultToProto(result, &request);
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
  return out;
}

absl::StatusOr<v1::SectionResult> NeuralSectionEngine::GenerateSection(
    const SectionRequest& request, const RunContext& ctx) {
  const absl::Time start = absl::Now();
  absl::StatusOr<SectionResult> result = generator_.Generate(request, ctx);
  if (!result.ok()) return result.status();
  absl::StatusOr<SectionResult> refined = refine::RefineWeakestDimensions(
      generator_, request, *std::move(result), refine::RefinementOptionsFor(request.quality_preset),
      ctx);
  if (!refined.ok()) return refined.status();
  return Finish(request, *refined, ctx, absl::ToDoubleMilliseconds(absl::Now() - start));
}

absl::StatusOr<v1::RefineSectionResponse> NeuralSectionEngine::RefineSection(
    const RefinementRequest& request, const RunContext& ctx) {
  const absl::Time start = absl::Now();
  absl::StatusOr<refine::RefinedSection> refined = refine::RefineSection(generator_, request, ctx);
  if (metrics_ != nullptr) metrics_->RefinementFinished(refined.ok() ? "refined" : "failed");
  if (!refined.ok()) return refined.status();
  RecordSection(refined->request, refined->result);
  v1::RefineSectionResponse out;
  *out.mutable_result() = convert::SectionResultToProto(refined->result, &refined->request);
  out.mutable_result()->set_refinement_passes(static_cast<std::uint32_t>(refined->attempts));
  *out.mutable_applied_emotion_vector() = out.result().emotion_vector();
  *out.mutable_prior_emotion_vector() =
      convert::EmotionVectorToProto(request.request.section.emotion);
  for (int i : refined->regenerated_tracks) {
    out.add_regenerated_track_ids(refined->request.tracks[i].track_id);
  }
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
  return out;
}

namespace {

// song::SongObserver over the service's SongSink: progress and sections in proto form.
class SinkObserver final : public song::SongObserver {
 public:
  using FinishFn = absl::AnyInvocable<v1::SectionResult(int, const SectionResult&)>;
  SinkObserver(SongSink& sink, FinishFn finish) : sink_(sink), finish_(std::move(finish)) {}

  void OnGenerating(int index, int total, int delivered) override {
    sink_.OnProgress(Progress(index, total, delivered, v1::SONG_STAGE_GENERATING));
  }
  absl::Status OnSection(int index, SectionResult result) override {
    return sink_.OnSection(finish_(index, result));
  }

 private:
  SongSink& sink_;
  FinishFn finish_;
};

}  // namespace

absl::Status NeuralSectionEngine::GenerateSong(
    const std::vector<SectionRequest>& sections, const RunContext& ctx, SongSink& sink) {
  const int total = static_cast<int>(sections.size());
  SinkObserver observer(sink, [&](int index, const SectionResult& result) {
    // A song's section was generated and refined on different threads: its own work is the
    // generation's and the refinement's wall time.
    return Finish(sections[index], result, ctx,
                  result.timings.total_ms + result.timings.refinement_ms);
  });
  STORI_RETURN_IF_ERROR(song::GenerateSong(generator_, pool_.get(), sections, ctx, observer));
  sink.OnProgress(Progress(total > 0 ? total - 1 : 0, total, total, v1::SONG_STAGE_DONE));
  return absl::OkStatus();
}

}  // namespace stori::server
