// Teacher-forced generation of one real window for evaluation: the model gets the real window's
// header (genre, section, key, meter, tempo), each real track's attribute bins (measured from
// the real notes, so the requested bins are the real bins) and the real chords (forced bar
// headers), and decodes every track body itself with engine/generate/track_decoder.h. Tracks
// follow the service's layout (engine/generate/section_generator.cc): one sequence, drums, bass,
// harmony, melody as present, each conditioned on the tracks generated before it. No chord-tone
// or scale bias, no onset or velocity limits, one candidate: the measures see the model's own
// distribution (under temperature and top-p). With `empty_beat_bounds`, the service's one
// control constraint is added: each track leaves as many silent beats as its EmptyBeats bin.
#ifndef STORI_ENGINE_EVALUATE_WINDOW_GENERATOR_H_
#define STORI_ENGINE_EVALUATE_WINDOW_GENERATOR_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "engine/common/run_context.h"
#include "engine/model/model_runner.h"
#include "engine/sampling/sampler.h"
#include "engine/tokens/remi_window.h"
#include "engine/tokens/vocabulary.h"

namespace stori::evaluate {

struct WindowGenerationOptions {
  sampling::SamplerConfig sampler;  // temperature 1.0, top_p 0.95 by default
  int max_tokens_per_bar = 140;     // per track, as SectionGeneratorOptions
  // Keep each track's empty beats in its requested EmptyBeats bin, as the service decodes
  // (sampling::BoundEmptyBeats); false measures the model alone.
  bool empty_beat_bounds = false;
};

struct GeneratedWindow {
  // The real window's header and chords; one track per real track, same order and roles, with
  // the generated notes and `bins` = the requested (real) bins.
  tokens::RemiWindow window;
  int tokens_decoded = 0;
  int model_steps = 0;
};

// Generates every track of `real` (drums first, then bass, harmony, melody as present). Track
// of role r draws from seed Rng::Derive(seed, r, 0) (DecodeTrack's row 0 stream under it), so
// the result is a pure function of (model, real, options, seed).
// Errors: kInvalidArgument if `real` holds two tracks of one role; DecodeTrack's and
//   ModelRunner::Prefill's errors (kResourceExhausted past the model's positions, kInternal).
// Thread safety: thread-compatible; the runner is shared.
absl::StatusOr<GeneratedWindow> GenerateLikeWindow(const model::ModelRunner& runner,
                                                   const tokens::Vocabulary& vocab,
                                                   const tokens::RemiWindow& real,
                                                   const WindowGenerationOptions& options,
                                                   std::uint64_t seed, const RunContext& ctx);

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_WINDOW_GENERATOR_H_
