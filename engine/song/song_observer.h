// SongObserver: how a song's sections reach whoever asked for the song (the service's
// GenerateSong stream, stori-cli), as song::GenerateSong (song_pipeline.h) produces them.
// Header-only, so that the service's SectionEngine seam (server/section_engine.h) can name it
// without linking the generator.
#ifndef STORI_ENGINE_SONG_SONG_OBSERVER_H_
#define STORI_ENGINE_SONG_SONG_OBSERVER_H_

#include "absl/status/status.h"
#include "engine/section/section_result.h"

namespace stori::song {

// Receives a song as it is produced.
// Thread safety: OnGenerating is called from the generating thread; OnSection from the
// generating thread or a pool thread, in song order and never two at once. Neither is called
// after GenerateSong has returned.
class SongObserver {
 public:
  virtual ~SongObserver() = default;
  // Section `index` of `total` starts generating; `delivered` sections have gone to OnSection.
  virtual void OnGenerating(int index, int total, int delivered) = 0;
  // Section `index` is final (generated and refined). An error stops the song: no later section
  // is delivered and GenerateSong returns it.
  virtual absl::Status OnSection(int index, SectionResult result) = 0;
};

}  // namespace stori::song

#endif  // STORI_ENGINE_SONG_SONG_OBSERVER_H_
