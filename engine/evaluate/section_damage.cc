#include "engine/evaluate/section_damage.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <vector>

#include "engine/music/key.h"
#include "engine/sampling/rng.h"
#include "engine/score/chord_timeline.h"
#include "engine/tokens/quantization.h"

namespace stori::evaluate {
namespace {

using tokens::GridNote;
using tokens::TokenRole;

int CellsPerBar(int steps_per_bar) { return std::max(1, steps_per_bar / kSixteenthSteps); }

int SectionSteps(const tokens::RemiWindow& w) { return w.bars * w.steps_per_bar; }

// The pitch of class `pc` nearest to `pitch` (ties: the lower), inside 0..127.
int NearestPitchOfClass(int pitch, int pc) {
  const int below = pitch - ((pitch - pc) % 12 + 12) % 12;  // <= pitch, class pc
  const int above = below + 12;
  int best = (pitch - below <= above - pitch) ? below : above;
  if (best < 0) best += 12;
  if (best > 127) best -= 12;
  return best;
}

}  // namespace

const char* DamageName(Damage damage) {
  switch (damage) {
    case Damage::kShuffledOnsets:
      return "shuffled_onsets";
    case Damage::kOffChordPitches:
      return "off_chord_pitches";
    case Damage::kFlattenedVelocities:
      return "flattened_velocities";
    case Damage::kDoubledDensity:
      return "doubled_density";
    case Damage::kMotifRemoved:
      return "motif_removed";
  }
  return "unknown";
}

score::Dimension DamagedDimension(Damage damage) {
  switch (damage) {
    case Damage::kShuffledOnsets:
      return score::Dimension::kRhythm;
    case Damage::kOffChordPitches:
      return score::Dimension::kHarmony;
    case Damage::kFlattenedVelocities:
      return score::Dimension::kExpression;
    case Damage::kDoubledDensity:
      return score::Dimension::kDensity;
    case Damage::kMotifRemoved:
      return score::Dimension::kMelody;
  }
  return score::Dimension::kRhythm;
}

tokens::RemiWindow ShuffleOnsets(const tokens::RemiWindow& window, std::uint64_t seed) {
  tokens::RemiWindow out = window;
  sampling::Rng rng(seed);
  const int spb = std::max(1, window.steps_per_bar);
  const int cells = CellsPerBar(spb);
  for (tokens::TrackSegment& track : out.tracks) {
    for (GridNote& n : track.notes) {
      const int bar = n.start_step / spb;
      n.start_step = bar * spb + kSixteenthSteps * static_cast<int>(rng.NextBelow(cells));
    }
    std::sort(track.notes.begin(), track.notes.end());
  }
  return out;
}

tokens::RemiWindow OffChordPitches(const tokens::RemiWindow& window, std::uint64_t seed) {
  tokens::RemiWindow out = window;
  sampling::Rng rng(seed);
  const score::ChordTimeline chords =
      score::ChordTimelineFromBarChords(window.chords, window.steps_per_bar);
  for (tokens::TrackSegment& track : out.tracks) {
    if (track.role != TokenRole::kBass && track.role != TokenRole::kHarmony) continue;
    for (GridNote& n : track.notes) {
      const score::ChordSpan* chord = score::ChordAt(chords, n.start_step);
      if (chord == nullptr || chord->pitch_classes.empty()) continue;
      std::vector<int> others;
      for (int pc = 0; pc < 12; ++pc) {
        if (std::find(chord->pitch_classes.begin(), chord->pitch_classes.end(), pc) ==
            chord->pitch_classes.end()) {
          others.push_back(pc);
        }
      }
      if (others.empty()) continue;
      n.pitch = NearestPitchOfClass(n.pitch, others[rng.NextBelow(others.size())]);
    }
    std::sort(track.notes.begin(), track.notes.end());
  }
  return out;
}

tokens::RemiWindow FlattenVelocities(const tokens::RemiWindow& window) {
  tokens::RemiWindow out = window;
  for (tokens::TrackSegment& track : out.tracks) {
    if (track.notes.empty()) continue;
    double sum = 0;
    for (const GridNote& n : track.notes) sum += n.velocity;
    const int mean = static_cast<int>(std::lround(sum / track.notes.size()));
    const int flat = tokens::VelocityBinCentre(tokens::VelocityBin(mean));
    for (GridNote& n : track.notes) n.velocity = flat;
  }
  return out;
}

tokens::RemiWindow DoubleDensity(const tokens::RemiWindow& window) {
  tokens::RemiWindow out = window;
  const int end = SectionSteps(window);
  for (tokens::TrackSegment& track : out.tracks) {
    std::vector<GridNote> doubled;
    doubled.reserve(2 * track.notes.size());
    for (const GridNote& n : track.notes) {
      GridNote first = n, second = n;
      if (n.duration_steps >= 2 * kSixteenthSteps) {
        const int h = kSixteenthSteps * (n.duration_steps / (2 * kSixteenthSteps));
        first.duration_steps = h;
        second.start_step = n.start_step + h;
        second.duration_steps = n.duration_steps - h;
      } else if (n.start_step + kSixteenthSteps < end) {
        second.start_step = n.start_step + kSixteenthSteps;
      }
      doubled.push_back(first);
      doubled.push_back(second);
    }
    std::sort(doubled.begin(), doubled.end());
    track.notes = std::move(doubled);
  }
  return out;
}

tokens::RemiWindow RemoveMotif(const tokens::RemiWindow& window, std::uint64_t seed) {
  tokens::RemiWindow out = window;
  tokens::TrackSegment* melody = nullptr;
  for (tokens::TrackSegment& t : out.tracks) {
    if (t.role == TokenRole::kMelody) {
      melody = &t;
      break;
    }
  }
  if (melody == nullptr || melody->notes.empty()) return out;
  const int spb = std::max(1, window.steps_per_bar);
  const int cells = CellsPerBar(spb);
  music::Key key;
  if (window.key != tokens::kNoKeyValue) key = music::Key{window.key / 2, window.key % 2 == 1};
  const std::vector<int> scale = music::ScalePitchClasses(key);
  int low = 127, high = 0;
  for (const GridNote& n : melody->notes) {
    low = std::min(low, n.pitch);
    high = std::max(high, n.pitch);
  }
  std::vector<int> in_key;
  for (int p = low; p <= high; ++p) {
    if (std::find(scale.begin(), scale.end(), p % 12) != scale.end()) in_key.push_back(p);
  }
  if (in_key.empty()) in_key.push_back(low);  // a range inside one chromatic step: keep it

  // Onsets (start step -> velocity of the first note there) per bar.
  std::map<int, std::map<int, int>> onsets_per_bar;
  for (const GridNote& n : melody->notes) {
    onsets_per_bar[n.start_step / spb].emplace(n.start_step, n.velocity);
  }
  const int first_bar = onsets_per_bar.begin()->first;
  sampling::Rng rng(seed);
  std::vector<GridNote> rewritten;
  for (const GridNote& n : melody->notes) {
    if (n.start_step / spb == first_bar) rewritten.push_back(n);
  }
  for (const auto& [bar, onsets] : onsets_per_bar) {
    if (bar == first_bar) continue;
    const int count = std::min(static_cast<int>(onsets.size()), cells);
    std::vector<int> all_cells(cells);
    for (int c = 0; c < cells; ++c) all_cells[c] = c;
    for (int i = 0; i < count; ++i) {  // partial Fisher-Yates: `count` distinct cells
      const int j = i + static_cast<int>(rng.NextBelow(cells - i));
      std::swap(all_cells[i], all_cells[j]);
    }
    std::vector<int> chosen(all_cells.begin(), all_cells.begin() + count);
    std::sort(chosen.begin(), chosen.end());
    auto velocity = onsets.begin();
    for (int i = 0; i < count; ++i, ++velocity) {
      GridNote g;
      g.start_step = bar * spb + kSixteenthSteps * chosen[i];
      const int next =
          i + 1 < count ? bar * spb + kSixteenthSteps * chosen[i + 1] : (bar + 1) * spb;
      g.duration_steps = std::max(1, next - g.start_step);
      g.pitch = in_key[rng.NextBelow(in_key.size())];
      g.velocity = velocity->second;
      rewritten.push_back(g);
    }
  }
  std::sort(rewritten.begin(), rewritten.end());
  melody->notes = std::move(rewritten);
  return out;
}

tokens::RemiWindow ApplyDamage(Damage damage, const tokens::RemiWindow& window,
                               std::uint64_t seed) {
  switch (damage) {
    case Damage::kShuffledOnsets:
      return ShuffleOnsets(window, seed);
    case Damage::kOffChordPitches:
      return OffChordPitches(window, seed);
    case Damage::kFlattenedVelocities:
      return FlattenVelocities(window);
    case Damage::kDoubledDensity:
      return DoubleDensity(window);
    case Damage::kMotifRemoved:
      return RemoveMotif(window, seed);
  }
  return window;
}

}  // namespace stori::evaluate
