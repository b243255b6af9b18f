// A song, section by section (README.md, "How a section is made"): the sections are generated one
// after another on the calling thread, and each generated section is refined
// (engine/refine/dimension_refinement.h) in the refinement worker pool while the next one is
// generated; each section is delivered, in song order, as soon as it is final. Sections are hard
// generation boundaries: section N+1 is generated from its own request, not from section N's notes,
// so it need not wait for N's refinement.
#ifndef STORI_ENGINE_SONG_SONG_PIPELINE_H_
#define STORI_ENGINE_SONG_SONG_PIPELINE_H_

#include <vector>

#include "absl/status/status.h"
#include "engine/common/run_context.h"
#include "engine/generate/section_generator.h"
#include "engine/section/section_request.h"
#include "engine/section/section_result.h"
#include "engine/refine/refinement_pool.h"
#include "engine/song/song_observer.h"

namespace stori::song {

// Generates `sections` in order and delivers each through `observer` when final. Each section's
// refinement options come from its quality preset (refine::RefinementOptionsFor). The first
// section is refined on the calling thread, so that it arrives as soon as one GenerateSection
// would; with a `pool`, every later one is refined there beside the generation of the next
// section (when its queue is full, on the calling thread); without one (nullptr), on the
// calling thread. Returns once
// every section was delivered, or at the first error after every refinement it started has
// ended.
// Errors: the first error: ctx's stop token (kCancelled / kDeadlineExceeded), a generation or
//   refinement error (prefixed "section i (id): "), or the observer's.
// Thread safety: thread-safe; `generator`, `pool`, `ctx` and `observer` must outlive the call.
absl::Status GenerateSong(const generate::SectionGenerator& generator,
                          refine::RefinementPool* pool,
                          const std::vector<SectionRequest>& sections,
                          const RunContext& ctx, SongObserver& observer);

}  // namespace stori::song

#endif  // STORI_ENGINE_SONG_SONG_PIPELINE_H_
