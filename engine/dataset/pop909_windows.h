// POP909 (Wang et al., ISMIR 2020; MIT licence) -> token windows. Per song folder NNN/:
//   NNN.mid          tracks MELODY (-> melody), BRIDGE (unused), PIANO (-> bass + harmony)
//   beat_midi.txt    beat times in seconds; 3rd column 1 marks a downbeat (bar start)
//   chord_midi.txt   start, end (seconds), Harte label
//   key_audio.txt    start, end (seconds), key label ("Gb:maj")
// Notes go ticks -> seconds (tempo map) -> beats (beat annotations) -> the token grid. Bars are
// the annotated downbeats; a window is `bars` consecutive bars of equal length (3 or 4 beats).
// Bass is the lowest PIANO voice (window_builder.h SplitBass); harmony the rest of PIANO.
// Chords: at each bar, the chord sounding on beat 0 and every change at a later beat.
#ifndef STORI_ENGINE_DATASET_POP909_WINDOWS_H_
#define STORI_ENGINE_DATASET_POP909_WINDOWS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/dataset/window_builder.h"
#include "engine/tokens/remi_window.h"

namespace stori::dataset {

// Windows of one song folder, in song order, each with tracks bass, harmony, melody.
// Windows whose bars are not all 3 or all 4 beats, and windows without any note, are skipped.
// Errors: kNotFound for a missing file; kInvalidArgument naming file and line for a malformed
// annotation; ReadSmf's errors.
// Thread safety: pure function (reads files).
absl::StatusOr<std::vector<tokens::RemiWindow>> Pop909Windows(const std::string& song_dir,
                                                              const WindowOptions& options);

}  // namespace stori::dataset

#endif  // STORI_ENGINE_DATASET_POP909_WINDOWS_H_
