// Groove MIDI Dataset (Gillick et al., ICML 2019; CC BY 4.0) -> drum token windows.
// info.csv gives per performance: style ("funk/groove1" -> genre "funk"), bpm, time_signature
// ("4-4"), midi_filename and the dataset's own train/validation/test split, which we keep.
// Performances are recorded to a click at the file's tempo, so beats = ticks / ppq. Drum keys
// are mapped to GM with music::CanonicalGmDrum (the paper's mapping); unmapped keys are dropped.
#ifndef STORI_ENGINE_DATASET_GROOVE_WINDOWS_H_
#define STORI_ENGINE_DATASET_GROOVE_WINDOWS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/dataset/window_builder.h"
#include "engine/tokens/remi_window.h"

namespace stori::dataset {

struct GrooveEntry {
  std::string midi_path;  // absolute
  std::string style;      // "funk/groove1"
  double bpm = 120;
  int numerator = 4;
  int denominator = 4;
  std::string split;      // "train", "validation" or "test"
};

// Rows of <groove_dir>/info.csv. Errors: kNotFound; kInvalidArgument naming the line.
absl::StatusOr<std::vector<GrooveEntry>> ReadGrooveInfo(const std::string& groove_dir);

// Windows of one performance: `options.bars` bars each; the last window may be shorter (down to
// one bar) so fills are kept. Empty windows are skipped. Meters outside the vocabulary's table
// give no windows. Errors: ReadSmf's.
absl::StatusOr<std::vector<tokens::RemiWindow>> GrooveWindows(const GrooveEntry& entry,
                                                              const WindowOptions& options);

}  // namespace stori::dataset

#endif  // STORI_ENGINE_DATASET_GROOVE_WINDOWS_H_
