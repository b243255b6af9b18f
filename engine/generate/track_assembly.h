// Grid notes -> output tracks and the section's Standard MIDI File.
#ifndef STORI_ENGINE_GENERATE_TRACK_ASSEMBLY_H_
#define STORI_ENGINE_GENERATE_TRACK_ASSEMBLY_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/section/section_request.h"
#include "engine/music/song.h"
#include "engine/tokens/grid_note.h"

namespace stori::generate {

// Ticks per grid step at `ppq` (480 / 12 = 40).
int TicksPerStep(int ppq);

// The notes of one track in ticks at `ppq`: durations cut at `section_steps` (the section's
// end), notes starting at or after it dropped, duplicates of (start, pitch) merged, sorted.
// Name, role, program and channel come from `spec`.
// `swing` 0..1 delays every note on an off-beat 8th (half a beat after a beat) by
// swing * ppq / 6 ticks, keeping its end (a note shorter than the delay keeps its length, cut at
// the section's end): 1 is full triplet swing (the off-beat lands on the
// third triplet, 2/3 of the beat), 0.5 halfway (GenerationConstraints.swing_amount).
music::Track AssembleTrack(const TrackSpec& spec, std::vector<tokens::GridNote> notes,
                           int section_steps, int ppq, double swing = 0.0);

// Makes `notes` a monophonic line, as POP909's bass and melody tracks are (notes per onset 1.000
// and 1.001, engine/targets/CALIBRATION.md): sorted by start step, of notes sharing a start step
// only the highest is kept (`keep_highest`, a melody) or the lowest (a bass), and each note ends
// no later than the next one starts. Thread safety: pure function of its input.
void TrimToMonophonicLine(bool keep_highest, std::vector<tokens::GridNote>* notes);

// Measured swing of `notes` (ticks at `ppq`), the inverse of AssembleTrack's: over the notes
// whose onset lies from an off-beat 8th up to a triplet after it ([ppq/2, ppq/2 + ppq/6] past a
// beat), the mean delay past the off-beat in units of ppq / 6 (0 straight, 1 full triplet
// swing); 0 when there is no such note. Thread safety: pure function.
double MeasuredSwing(const std::vector<music::Note>& notes, int ppq);

// A type-1 SMF of the section: tempo, meter and key at tick 0 in the conductor track, then one
// track per entry of `tracks`. Errors: midi::WriteSmf's.
absl::StatusOr<std::vector<std::uint8_t>> SectionSmf(const std::vector<music::Track>& tracks,
                                                     double tempo_bpm,
                                                     const music::TimeSignature& meter,
                                                     const std::string& key, int ppq);

}  // namespace stori::generate

#endif  // STORI_ENGINE_GENERATE_TRACK_ASSEMBLY_H_
