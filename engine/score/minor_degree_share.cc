#include "engine/score/minor_degree_share.h"

namespace stori::score {
namespace {

template <typename NoteT>
double Share(const std::vector<NoteT>& notes, const music::Key& key) {
  if (notes.empty()) return 0.0;
  int minor = 0;
  for (const NoteT& n : notes) {
    const int degree = ((n.pitch - key.tonic_pc) % 12 + 12) % 12;
    minor += degree == 3 || degree == 8 || degree == 10;
  }
  return static_cast<double>(minor) / static_cast<double>(notes.size());
}

}  // namespace

double MinorDegreeShare(const std::vector<tokens::GridNote>& notes, const music::Key& key) {
  return Share(notes, key);
}

double MinorDegreeShare(const std::vector<music::Note>& notes, const music::Key& key) {
  return Share(notes, key);
}

}  // namespace stori::score
