// Attribute control accuracy: the share of generated tracks or sections whose
// measured attribute bin equals the requested bin, the figure MuseCoco (Lu et al., "MuseCoco:
// Generating Symbolic Music from Text", 2023) reports per attribute. Bins are those of
// engine/tokens/track_attributes.h (AttributeBinsOf(MeasureTrack(notes, bars, steps_per_bar))).
#ifndef STORI_ENGINE_SCORE_ATTRIBUTE_CONTROL_ACCURACY_H_
#define STORI_ENGINE_SCORE_ATTRIBUTE_CONTROL_ACCURACY_H_

#include <vector>

#include "engine/tokens/track_attributes.h"

namespace stori::score {

// The controlled attributes, one per field of tokens::AttributeBins.
enum class Attribute {
  kDensity,
  kRegister,
  kVelocityLevel,
  kSyncopation,
  kPolyphony,
  kNoteLength,
  kEmptyBeats,
};

inline constexpr int kNumAttributes = 7;

// The bin of `which` in `bins`. Thread safety: pure function.
int AttributeBin(const tokens::AttributeBins& bins, Attribute which);

// Lower-case name: "density", "register", "velocity_level", "syncopation", "polyphony",
// "note_length", "empty_beats". Thread safety: pure function.
const char* AttributeName(Attribute which);

// Returns #{i : requested[i].which == measured[i].which} / n in 0..1, pairing entries by index;
// n = requested.size(), which must equal measured.size() (asserted; a caller's invariant).
// Returns 0 for empty input. Thread safety: pure function.
double AttributeControlAccuracy(const std::vector<tokens::AttributeBins>& requested,
                                const std::vector<tokens::AttributeBins>& measured,
                                Attribute which);

}  // namespace stori::score

#endif  // STORI_ENGINE_SCORE_ATTRIBUTE_CONTROL_ACCURACY_H_
