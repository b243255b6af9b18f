#include "engine/dataset/harte_chord.h"

#include "engine/common/status_macros.h"
#include "engine/music/chord_symbol.h"
#include "engine/tokens/chord_token.h"

namespace stori::dataset {

absl::StatusOr<int> HarteChordTokenValue(absl::string_view label) {
  if (label.empty() || label == "X" || music::IsNoChord(label)) {
    return tokens::NoChordTokenValue();
  }
  STORI_ASSIGN_OR_RETURN(music::ChordSymbol chord, music::ParseChordSymbol(label));
  return tokens::ChordTokenValue(chord);
}

}  // namespace stori::dataset
