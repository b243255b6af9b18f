// Grid notes -> output tracks and the section's Standard MIDI File.
#ifndef STORI_ENGINE_GENERATE_TRACK_ASSEMBLY_H_
#define STORI_ENGINE_GENERATE_TRACK_ASSEMBLY_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/generate/section_request.h"
#include "engine/music/song.h"
#include "engine/tokens/grid_note.h"

namespace stori::generate {

// Ticks per grid step at `ppq` (480 / 12 = 40).
int TicksPerStep(int ppq);

// The notes of one track in ticks at `ppq`: durations cut at `section_steps` (the section's
// end), notes starting at or after it dropped, duplicates of (start, pitch) merged, sorted.
// Name, role, program and channel come from `spec`.
music::Track AssembleTrack(const TrackSpec& spec, std::vector<tokens::GridNote> notes,
                           int section_steps, int ppq);

// A type-1 SMF of the section: tempo, meter and key at tick 0 in the conductor track, then one
// track per entry of `tracks`. Errors: midi::WriteSmf's.
absl::StatusOr<std::vector<std::uint8_t>> SectionSmf(const std::vector<music::Track>& tracks,
                                                     double tempo_bpm,
                                                     const music::TimeSignature& meter,
                                                     const std::string& key, int ppq);

}  // namespace stori::generate

#endif  // STORI_ENGINE_GENERATE_TRACK_ASSEMBLY_H_
