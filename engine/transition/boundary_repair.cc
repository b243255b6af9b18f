#include "engine/transition/boundary_repair.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"

namespace stori::transition {
namespace {

bool Has(const Report& report, ViolationKind kind) {
  return std::any_of(report.violations.begin(), report.violations.end(),
                     [kind](const Violation& v) { return v.kind == kind; });
}

}  // namespace

absl::optional<int> RegisterRepairSemitones(const std::vector<int>& last_bar_pitches,
                                            double next_register, int min_pitch, int max_pitch) {
  if (last_bar_pitches.empty()) return absl::nullopt;
  double sum = 0.0;
  int lo = 127, hi = 0;
  for (int p : last_bar_pitches) {
    sum += p;
    lo = std::min(lo, p);
    hi = std::max(hi, p);
  }
  const double mean = sum / static_cast<double>(last_bar_pitches.size());
  for (int octaves = 1; octaves <= 4; ++octaves) {
    for (int sign : {+1, -1}) {
      const int shift = sign * 12 * octaves;
      if (std::abs(mean + shift - next_register) > kMaxRegisterJumpSemitones) continue;
      if (lo + shift < min_pitch || hi + shift > max_pitch) continue;
      return shift;
    }
  }
  return absl::nullopt;
}

std::vector<BoundaryRepair> RepairBoundaryBar(const Report& report,
                                              const SectionSpec& current,
                                              absl::optional<double> next_register, int bars,
                                              int steps_per_bar,
                                              std::vector<RepairableTrack>& tracks) {
  std::vector<BoundaryRepair> repairs;
  const int last_bar = (bars - 1) * steps_per_bar;
  if (Has(report, ViolationKind::kRegisterJump) && next_register.has_value()) {
    std::vector<int> pitches;
    int min_pitch = 0, max_pitch = 127;
    std::vector<int> melody;
    bool locked_melody = false;
    for (int i = 0; i < static_cast<int>(tracks.size()); ++i) {
      if (tracks[i].role != music::TrackRole::kMelody || tracks[i].notes == nullptr) continue;
      locked_melody |= tracks[i].locked;
      melody.push_back(i);
      min_pitch = std::max(min_pitch, tracks[i].min_pitch);
      max_pitch = std::min(max_pitch, tracks[i].max_pitch);
      for (const tokens::GridNote& n : *tracks[i].notes) {
        if (n.start_step >= last_bar) pitches.push_back(n.pitch);
      }
    }
    const absl::optional<int> shift =
        locked_melody ? absl::nullopt
                      : RegisterRepairSemitones(pitches, *next_register, min_pitch, max_pitch);
    if (shift.has_value()) {
      for (int i : melody) {
        for (tokens::GridNote& n : *tracks[i].notes) {
          if (n.start_step >= last_bar) n.pitch += *shift;
        }
      }
      repairs.push_back({ViolationKind::kRegisterJump,
                         absl::StrFormat("melody's last bar moved %s %d octave(s)",
                                         *shift > 0 ? "up" : "down", std::abs(*shift) / 12),
                         melody});
    }
  }
  if (Has(report, ViolationKind::kDrumState) && current.exit_state.drum_active.has_value() &&
      !*current.exit_state.drum_active) {
    BoundaryRepair repair{ViolationKind::kDrumState, "drum hits of the last bar removed", {}};
    bool locked_drums = false;
    for (const RepairableTrack& t : tracks) {
      locked_drums |= t.role == music::TrackRole::kDrums && t.locked;
    }
    for (int i = 0; !locked_drums && i < static_cast<int>(tracks.size()); ++i) {
      if (tracks[i].role != music::TrackRole::kDrums || tracks[i].notes == nullptr) continue;
      auto& notes = *tracks[i].notes;
      auto in_last_bar = [&](const tokens::GridNote& n) { return n.start_step >= last_bar; };
      notes.erase(std::remove_if(notes.begin(), notes.end(), in_last_bar), notes.end());
      repair.tracks.push_back(i);
    }
    if (!repair.tracks.empty()) repairs.push_back(std::move(repair));
  }
  return repairs;
}

}  // namespace stori::transition
