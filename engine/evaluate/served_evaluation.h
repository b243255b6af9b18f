// The as-served evaluation (issue 15 point 1): what a caller gets for real songs' chords, key,
// tempo and meter with no real control values. Each selected window (served_sections.h) becomes
// the request of served_request.h, generated per configuration (EmotionVector x quality preset)
// by refine::GenerateRefined, the server's GenerateSection path (server/neural_section_engine.cc:
// default SectionGeneratorOptions over the shared runner, then the weakest-dimension refinement
// passes of the preset: FAST 0, BALANCED 2); the served tracks
// (served_window.h) and the real window's tracks go through served_metrics.h, and each measure
// is averaged per role over the sections on both sides.
#ifndef STORI_ENGINE_EVALUATE_SERVED_EVALUATION_H_
#define STORI_ENGINE_EVALUATE_SERVED_EVALUATION_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/common/run_context.h"
#include "engine/evaluate/served_report.h"
#include "engine/evaluate/served_request.h"
#include "engine/evaluate/served_sections.h"
#include "engine/generate/section_generator.h"
#include "engine/section/section_request.h"
#include "engine/model/model_runner.h"

namespace stori::evaluate {

struct ServedConfiguration {
  NamedEmotion emotion;
  QualityPreset preset = QualityPreset::kBalanced;
};

struct ServedEvaluationOptions {
  // In report order; e.g. neutral and Stori's default EmotionVector x FAST and BALANCED.
  std::vector<ServedConfiguration> configurations;
  // Section i (selection order) is requested with seed Rng::Derive(seed, i, 0) in every
  // configuration, so the configurations differ only in what they set.
  std::uint64_t seed = 1;
  int log_every_sections = 10;  // spdlog info progress line every N sections; 0: none
  // The generator's options: the server's defaults, unless an ablation changes one (the report
  // names a context_bars other than the default).
  generate::SectionGeneratorOptions generator_options;
};

// Evaluates `runner` on selection.sections. Means skip sections where a measure is undefined
// (the counts say how many remain); kick_bass_agreement_shuffled pairs section i's bass with
// the drums of section (i + 1) mod n on each side (none when n == 1). A report is a pure
// function of (model, selection, options) apart from its timings.
// Errors: ServedSectionRequest's and SectionGenerator::Generate's, prefixed with the section's
//   source ("pop909/010#3").
// Thread safety: thread-compatible; the runner is shared.
absl::StatusOr<ServedReport> EvaluateServed(const model::ModelRunner& runner,
                                            const ServedSelection& selection,
                                            const ServedEvaluationOptions& options,
                                            const RunContext& ctx);

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_SERVED_EVALUATION_H_
