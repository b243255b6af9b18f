#include "server/neural_section_engine.h"

#include <cstddef>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/convert/to_proto.h"
#include "spdlog/spdlog.h"

namespace stori::server {
namespace {

std::size_t NoteCount(const generate::SectionResult& result) {
  std::size_t notes = 0;
  for (const generate::TrackResult& t : result.tracks) notes += t.track.notes.size();
  return notes;
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

NeuralSectionEngine::NeuralSectionEngine(const model::ModelRunner& runner)
    : runner_(runner), generator_(runner) {}

absl::StatusOr<v1::SectionResult> NeuralSectionEngine::GenerateSection(
    const generate::SectionRequest& request, const RunContext& ctx) {
  const absl::Time start = absl::Now();
  absl::StatusOr<generate::SectionResult> result = generator_.Generate(request, ctx);
  if (!result.ok()) return result.status();
  v1::SectionResult out = convert::SectionResultToProto(*result, &request);
  const double ms = absl::ToDoubleMilliseconds(absl::Now() - start);
  spdlog::info(
      "event=section_done composition_id={} trace_id={} section={} section_id={} bars={} "
      "notes={} candidates={} tokens_decoded={} model={} device={} ms={:.1f}",
      ctx.composition_id, ctx.trace_id, request.section_index, request.section.section_id,
      request.section.bars, NoteCount(*result), request.num_candidates,
      result->timings.tokens_decoded, runner_.model_id(), runner_.device_name(), ms);
  return out;
}

absl::StatusOr<v1::RefineSectionResponse> NeuralSectionEngine::RefineSection(
    const generate::RefinementRequest& request, const RunContext& ctx) {
  return absl::UnimplementedError(
      "RefineSection is not implemented yet (refinement of a prior result is a later issue); "
      "regenerate the section with GenerateSection and a changed emotion_vector instead");
}

absl::Status NeuralSectionEngine::GenerateSong(
    const std::vector<generate::SectionRequest>& sections, const RunContext& ctx, SongSink& sink) {
  const int total = static_cast<int>(sections.size());
  for (int i = 0; i < total; ++i) {
    if (absl::Status stop = ctx.CheckStop(); !stop.ok()) return stop;
    sink.OnProgress(Progress(i, total, i, v1::SONG_STAGE_GENERATING));
    absl::StatusOr<v1::SectionResult> section = GenerateSection(sections[i], ctx);
    if (!section.ok()) {
      return absl::Status(section.status().code(),
                          absl::StrCat("section ", i, " (", sections[i].section.section_id,
                                       "): ", section.status().message()));
    }
    if (absl::Status sent = sink.OnSection(*std::move(section)); !sent.ok()) return sent;
  }
  sink.OnProgress(Progress(total > 0 ? total - 1 : 0, total, total, v1::SONG_STAGE_DONE));
  return absl::OkStatus();
}

}  // namespace stori::server
