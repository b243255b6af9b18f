// Drum context for POP909's pitched windows, which hold no drums: each window is given a drum
// track cut from a Groove performance, so the model learns bass, harmony and melody conditioned
// on a drum part that is already in the sequence (vocabulary.h grammar, version 3).
//
// No data set here pairs real drum parts with these songs, so the pairing is synthetic: among
// the Groove windows with the window's meter, bar count and a tempo bin at most one away, the
// one whose kick drum (GM 35, 36) onsets best agree with the bass onsets is taken (drawn among
// the best `candidates` for variety). Bass locking to the kick drum is the arranging convention
// the model can learn from such pairs; the rest of the drum part is independent of the song.
// The window's Genre becomes the Groove performance's style, so the drum part stays steerable
// by genre; the pitched tracks' training data (POP909) is all Chinese pop whatever that label.
#ifndef STORI_ENGINE_DATASET_DRUM_PAIRING_H_
#define STORI_ENGINE_DATASET_DRUM_PAIRING_H_

#include <cstdint>
#include <vector>

#include "engine/tokens/remi_window.h"

namespace stori::dataset {

struct DrumPairingOptions {
  // Share 0..1 of pitched windows given a drum track; the rest keep no drums so that the model
  // also learns pitched tracks without a drum part (a song without drums).
  double share = 0.75;
  // The drum window is drawn uniformly among this many best-agreeing candidates (>= 1).
  int candidates = 8;
  std::uint64_t seed = 1;
};

struct DrumPairingStats {
  int paired = 0;
  int left_without = 0;       // by the share draw
  int no_candidate = 0;       // no Groove window of the same meter and bar count
  double agreement_sum = 0;   // of KickBassAgreement over the paired windows
};

// Sorted, distinct 16th-note slots (window step / 3) holding a kick drum onset (GM 35 or 36) in
// `drums`; a triplet onset counts in the slot it starts in. Thread safety: pure function.
std::vector<int> KickSlots(const tokens::TrackSegment& drums);

// Jaccard index 0..1 of the 16th-note slots holding a kick drum onset (GM 35 or 36) in `drums`
// and those holding a bass onset (the kBass track) in `pitched`: |K ∩ B| / |K ∪ B|; a triplet
// onset counts in the slot it starts in. 0 when both are empty. Thread safety: pure function.
double KickBassAgreement(const tokens::TrackSegment& drums, const tokens::TrackSegment& bass);

// The DrumPairingOptions::seed of POP909 song `song_number` in a data set prepared with
// `dataset_seed` (manifest.json "seed"), so evaluation pairs the test songs as preparation did.
std::uint64_t SongPairingSeed(std::uint64_t dataset_seed, int song_number);

// Puts a drum track (the drums of a window of `drum_pool`, whose windows each hold one kDrums
// track) first in the windows of `pitched` chosen by the share draw, and sets their genre to
// that drum window's genre. Window i's draws come from Rng::Derive(seed, i, ·), so the result
// is a pure function of the inputs. Windows that already hold drums are left as they are.
// Thread safety: pure function of its arguments; mutates *pitched only.
DrumPairingStats PairDrums(const std::vector<tokens::RemiWindow>& drum_pool,
                           const DrumPairingOptions& options,
                           std::vector<tokens::RemiWindow>* pitched);

}  // namespace stori::dataset

#endif  // STORI_ENGINE_DATASET_DRUM_PAIRING_H_
