#include "engine/score/attribute_control_accuracy.h"

#include <cassert>

namespace stori::score {

int AttributeBin(const tokens::AttributeBins& bins, Attribute which) {
  switch (which) {
    case Attribute::kDensity:
      return bins.density;
    case Attribute::kRegister:
      return bins.register_bin;
    case Attribute::kVelocityLevel:
      return bins.velocity_level;
    case Attribute::kSyncopation:
      return bins.syncopation;
    case Attribute::kPolyphony:
      return bins.polyphony;
    case Attribute::kNoteLength:
      return bins.note_length;
    case Attribute::kEmptyBeats:
      return bins.empty_beats;
  }
  return 0;
}

const char* AttributeName(Attribute which) {
  switch (which) {
    case Attribute::kDensity:
      return "density";
    case Attribute::kRegister:
      return "register";
    case Attribute::kVelocityLevel:
      return "velocity_level";
    case Attribute::kSyncopation:
      return "syncopation";
    case Attribute::kPolyphony:
      return "polyphony";
    case Attribute::kNoteLength:
      return "note_length";
    case Attribute::kEmptyBeats:
      return "empty_beats";
  }
  return "unknown";
}

double AttributeControlAccuracy(const std::vector<tokens::AttributeBins>& requested,
                                const std::vector<tokens::AttributeBins>& measured,
                                Attribute which) {
  assert(requested.size() == measured.size());
  if (requested.empty()) return 0.0;
  int hits = 0;
  for (std::size_t i = 0; i < requested.size() && i < measured.size(); ++i) {
    hits += AttributeBin(requested[i], which) == AttributeBin(measured[i], which);
  }
  return static_cast<double>(hits) / requested.size();
}

}  // namespace stori::score
