// SectionGenerator: one section of an RMS -> multi-track notes from the neural model
// (README "How a section is made", steps 1-4): emotion -> targets (engine/targets), then drums -> bass -> harmony
// -> melody in one sequence (decoding_plan.h), each track decoded under the REMI
// grammar constraints with its attribute control tokens set from the targets, motifs forced
// into the melody, `num_candidates` candidates per track kept by score::TrackScore; finally the
// measured attributes, the five dimension scores and a type-1 SMF.
//
// Sections longer than the model's training windows (4 bars) are decoded window by window;
// each window is a fresh sequence conditioned on the same controls and that window's chords.
#ifndef STORI_ENGINE_GENERATE_SECTION_GENERATOR_H_
#define STORI_ENGINE_GENERATE_SECTION_GENERATOR_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "engine/music/track.h"
#include "engine/common/run_context.h"
#include "engine/section/section_request.h"
#include "engine/section/section_result.h"
#include "engine/model/model_runner.h"
#include "engine/targets/control_response.h"
#include "engine/tokens/vocabulary.h"

namespace stori::generate {

struct SectionGeneratorOptions {
  int bars_per_window = 4;      // the training window length (manifest.json bars_per_window)
  int max_tokens_per_bar = 140; // per track; harmony in POP909 peaks near 120
  // Target -> control-token correction (engine/targets/control_response.h); a fitting program
  // passes its trial gains here.
  targets::ControlResponse control_response = targets::FittedControlResponse();
};

class SectionGenerator {
 public:
  // `runner` must outlive the generator.
  explicit SectionGenerator(const model::ModelRunner& runner,
                            SectionGeneratorOptions options = SectionGeneratorOptions());

  // Generates `request.section`. Same request and seed -> same notes on the same build
  // (every random draw comes from Rng::Derive(seed, section, window, track, candidate)).
  // Errors: kInvalidArgument for what the model cannot represent (a bar longer than 8 beats,
  //   a bar not a whole number of 1/12 beats) or a motif that cannot be rendered;
  //   kCancelled / kDeadlineExceeded when ctx's stop token trips (checked every few decoding
  //   steps); kResourceExhausted past the model's positions; kInternal for a model failure.
  // Thread safety: thread-safe; concurrent calls share the runner.
  absl::StatusOr<SectionResult> Generate(const SectionRequest& request,
                                         const RunContext& ctx) const;

  // As Generate, with some tracks kept note for note (RefineSection's untouched tracks):
  // `locked_tracks` is empty or holds one entry per request.tracks entry; a set entry (notes in
  // ticks at music::kDefaultPpq from the section start) is not decoded. Its notes come back
  // exactly as given (cut to the section), and the tracks decoded after it in the sequence hear
  // them, quantized to the token grid, as if the model had written them.
  // Errors: Generate's; kInvalidArgument when locked_tracks has another size.
  absl::StatusOr<SectionResult> Generate(
      const SectionRequest& request, const RunContext& ctx,
      const std::vector<absl::optional<music::Track>>& locked_tracks) const;

  const tokens::Vocabulary& vocabulary() const { return vocab_; }

 private:
  const model::ModelRunner& runner_;
  SectionGeneratorOptions options_;
  tokens::Vocabulary vocab_;
};

}  // namespace stori::generate

#endif  // STORI_ENGINE_GENERATE_SECTION_GENERATOR_H_
