#include "engine/dataset/drum_pairing.h"

#include <algorithm>
#include <cstdlib>
#include <utility>

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

std::vector<int> KickSlots(const TrackSegment& drums) {
  return Slots(drums, [](const tokens::GridNote& n) { return n.pitch == 35 || n.pitch == 36; });
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

const TrackSegment* FindRole(const RemiWindow& w, TokenRole role) {
  for (const TrackSegment& t : w.tracks) {
    if (t.role == role) return &t;
  }
  return nullptr;
}

}  // namespace

std::uint64_t SongPairingSeed(std::uint64_t dataset_seed, int song_number) {
  return sampling::Rng::Derive(dataset_seed, static_cast<std::uint64_t>(song_number), 1);
}

double KickBassAgreement(const TrackSegment& drums, const TrackSegment& bass) {
  return Jaccard(KickSlots(drums), BassSlots(bass));
}

DrumPairingStats PairDrums(const std::vector<RemiWindow>& drum_pool,
                           const DrumPairingOptions& options, std::vector<RemiWindow>* pitched) {
  DrumPairingStats stats;
  std::vector<std::vector<int>> pool_kicks(drum_pool.size());
  for (std::size_t p = 0; p < drum_pool.size(); ++p) {
    if (const TrackSegment* d = FindRole(drum_pool[p], TokenRole::kDrums)) {
      pool_kicks[p] = KickSlots(*d);
    }
  }
  const int candidates = std::max(1, options.candidates);
  for (std::size_t i = 0; i < pitched->size(); ++i) {
    RemiWindow& w = (*pitched)[i];
    if (FindRole(w, TokenRole::kDrums) != nullptr) continue;
    sampling::Rng rng(sampling::Rng::Derive(options.seed, i, 0));
    if (rng.NextDouble() >= options.share) {
      ++stats.left_without;
      continue;
    }
    const TrackSegment* bass = FindRole(w, TokenRole::kBass);
    const std::vector<int> bass_slots = bass != nullptr ? BassSlots(*bass) : std::vector<int>{};
    // (agreement, random tie-break, pool index) of the eligible windows; a tempo bin at most one
    // away when any such window exists, else any tempo.
    std::vector<std::pair<std::pair<double, std::uint64_t>, std::size_t>> near, any;
    for (std::size_t p = 0; p < drum_pool.size(); ++p) {
      const RemiWindow& d = drum_pool[p];
      if (d.meter != w.meter || d.bars != w.bars || d.steps_per_bar != w.steps_per_bar ||
          FindRole(d, TokenRole::kDrums) == nullptr) {
        continue;
      }
      auto entry = std::make_pair(std::make_pair(Jaccard(pool_kicks[p], bass_slots), rng.NextU64()), p);
      any.push_back(entry);
      if (std::abs(d.tempo_bin - w.tempo_bin) <= 1) near.push_back(entry);
    }
    std::vector<std::pair<std::pair<double, std::uint64_t>, std::size_t>>& pool =
        near.empty() ? any : near;
    if (pool.empty()) {
      ++stats.no_candidate;
      continue;
    }
    const std::size_t top = std::min<std::size_t>(candidates, pool.size());
    std::partial_sort(pool.begin(), pool.begin() + top, pool.end(),
                      [](const auto& a, const auto& b) { return a.first > b.first; });
    const auto& chosen = pool[rng.NextBelow(top)];
    const RemiWindow& d = drum_pool[chosen.second];
    w.tracks.insert(w.tracks.begin(), *FindRole(d, TokenRole::kDrums));
    w.genre = d.genre;
    ++stats.paired;
    stats.agreement_sum += chosen.first.first;
  }
  return stats;
}

}  // namespace stori::dataset
