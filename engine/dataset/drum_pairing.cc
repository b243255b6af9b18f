#include "engine/dataset/drum_pairing.h"

#include <algorithm>
#include <cstdlib>
#include <functional>

#include "engine/music/gm_percussion.h"
#include "engine/sampling/rng.h"
#include "engine/tokens/vocabulary.h"

namespace stori::dataset {
namespace {

using tokens::RemiWindow;
using tokens::TokenRole;
using tokens::TrackSegment;

constexpr int kStepsPerSixteenth = tokens::kStepsPerBeat / 4;

// Sorted, distinct 16th slots of the onsets of `t` that pass `keep`.
template <typename Keep>
std::vector<int> Slots(const TrackSegment& t, Keep keep) {
  std::vector<int> slots;
  for (const tokens::GridNote& n : t.notes) {
    if (keep(n)) slots.push_back(n.start_step / kStepsPerSixteenth);
  }
  std::sort(slots.begin(), slots.end());
  slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
  return slots;
}

std::vector<int> BassSlots(const TrackSegment& bass) {
  return Slots(bass, [](const tokens::GridNote&) { return true; });
}

double Jaccard(const std::vector<int>& a, const std::vector<int>& b) {
  std::size_t i = 0, j = 0, both = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      ++both;
      ++i;
      ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  const std::size_t either = a.size() + b.size() - both;
  return either == 0 ? 0.0 : static_cast<double>(both) / either;
}

// A drum window of the pool that window `w` may take its drums from, scored for the draw.
struct Candidate {
  double agreement = 0;     // KickBassAgreement with w's bass
  std::uint64_t tie = 0;    // random tie-break, so equal agreements are drawn fairly
  std::size_t index = 0;    // into the pool
  bool operator>(const Candidate& o) const {
    return agreement != o.agreement ? agreement > o.agreement : tie > o.tie;
  }
};

}  // namespace

std::uint64_t SongPairingSeed(std::uint64_t dataset_seed, int song_number) {
  return sampling::Rng::Derive(dataset_seed, static_cast<std::uint64_t>(song_number), 1);
}

std::vector<int> KickSlots(const TrackSegment& drums) {
  return Slots(drums, [](const tokens::GridNote& n) {
    return music::IsGmKick(n.pitch);
  });
}

double KickBassAgreement(const TrackSegment& drums, const TrackSegment& bass) {
  return Jaccard(KickSlots(drums), BassSlots(bass));
}

DrumPairingStats PairDrums(const std::vector<RemiWindow>& drum_pool,
                           const DrumPairingOptions& options, std::vector<RemiWindow>* pitched) {
  DrumPairingStats stats;
  std::vector<const TrackSegment*> pool_drums(drum_pool.size());
  std::vector<std::vector<int>> pool_kicks(drum_pool.size());
  for (std::size_t p = 0; p < drum_pool.size(); ++p) {
    pool_drums[p] = tokens::FindTrack(drum_pool[p], TokenRole::kDrums);
    if (pool_drums[p] != nullptr) pool_kicks[p] = KickSlots(*pool_drums[p]);
  }
  const int candidates = std::max(1, options.candidates);
  for (std::size_t i = 0; i < pitched->size(); ++i) {
    RemiWindow& w = (*pitched)[i];
    if (tokens::FindTrack(w, TokenRole::kDrums) != nullptr) continue;
    sampling::Rng rng(sampling::Rng::Derive(options.seed, i, 0));
    if (rng.NextDouble() >= options.share) {
      ++stats.left_without;
      continue;
    }
    const TrackSegment* bass = tokens::FindTrack(w, TokenRole::kBass);
    const std::vector<int> bass_slots = bass != nullptr ? BassSlots(*bass) : std::vector<int>{};
    // The eligible drum windows: a tempo bin at most one away when any such window exists,
    // else any tempo.
    std::vector<Candidate> near, any;
    for (std::size_t p = 0; p < drum_pool.size(); ++p) {
      const RemiWindow& d = drum_pool[p];
      if (pool_drums[p] == nullptr || d.meter != w.meter || d.bars != w.bars ||
          d.steps_per_bar != w.steps_per_bar) {
        continue;
      }
      const Candidate c{Jaccard(pool_kicks[p], bass_slots), rng.NextU64(), p};
      any.push_back(c);
      if (std::abs(d.tempo_bin - w.tempo_bin) <= 1) near.push_back(c);
    }
    std::vector<Candidate>& pool = near.empty() ? any : near;
    if (pool.empty()) {
      ++stats.no_candidate;
      continue;
    }
    const std::size_t top = std::min<std::size_t>(candidates, pool.size());
    std::partial_sort(pool.begin(), pool.begin() + top, pool.end(), std::greater<Candidate>());
    const Candidate& chosen = pool[rng.NextBelow(top)];
    w.tracks.insert(w.tracks.begin(), *pool_drums[chosen.index]);
    w.genre = drum_pool[chosen.index].genre;
    ++stats.paired;
    stats.agreement_sum += chosen.agreement;
  }
  return stats;
}

}  // namespace stori::dataset
