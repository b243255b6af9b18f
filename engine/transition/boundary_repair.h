// Repairs of a section's boundary bar (README.md, "How a section is made", step 6: the transition
// to the next section): the violations the notes of the last bar can fix are fixed there, in place,
// and the check is run again; the others belong to the request itself and are only reported.
//   - register jump: the melody's notes starting in the last bar move by whole octaves towards
//     the next section's melody register (pitch classes, and so the harmony, are kept), by the
//     fewest octaves that bring their mean within kMaxRegisterJumpSemitones, when every moved
//     pitch stays inside the track's range;
//   - drum state, exit_state.drum_active false: the drum notes starting in the last bar are
//     removed (the drums stop before the next section). Drums that should play but are silent
//     would need new notes: reported, not repaired.
//   - energy jumps and chord leading come from the request's EmotionVectors and chords, which
//     the engine does not rewrite: reported, not repaired.
// Tracks the caller locked (RefineSection's untouched tracks) are never changed.
#ifndef STORI_ENGINE_TRANSITION_BOUNDARY_REPAIR_H_
#define STORI_ENGINE_TRANSITION_BOUNDARY_REPAIR_H_

#include <string>
#include <vector>

#include "absl/types/optional.h"
#include "engine/music/track.h"
#include "engine/tokens/grid_note.h"
#include "engine/transition/transition_check.h"

namespace stori::transition {

// One track of the section as the repair sees it. `notes` (steps from the section start) is
// changed in place when the track is repaired.
struct RepairableTrack {
  music::TrackRole role = music::TrackRole::kOther;
  std::vector<tokens::GridNote>* notes = nullptr;
  bool locked = false;  // never changed
  int min_pitch = 0;    // range a moved pitch must stay in, inclusive
  int max_pitch = 127;
};

// What a repair did.
struct BoundaryRepair {
  ViolationKind kind = ViolationKind::kRegisterJump;
  std::string description;   // e.g. "melody's last bar moved down 1 octave"
  std::vector<int> tracks;   // indexes into the tracks given to RepairBoundaryBar
};

// The semitones (a multiple of 12, non-zero) to move `last_bar_pitches` by so that their mean
// comes within kMaxRegisterJumpSemitones of `next_register`: the fewest octaves that do, with
// every moved pitch in [min_pitch, max_pitch]; nullopt when no shift of up to 4 octaves does or
// there are no pitches. Thread safety: pure function.
absl::optional<int> RegisterRepairSemitones(const std::vector<int>& last_bar_pitches,
                                            double next_register, int min_pitch, int max_pitch);

// Applies the repairs above for the violations in `report` to `tracks` (the section's last bar
// starts at step (bars - 1) * steps_per_bar); `next_register` is the next section's melody
// register (transition::NextMelodyRegister). Returns what was changed (nothing when no
// violation is repairable). The caller re-runs CheckTransition on the changed notes.
// Thread safety: thread-compatible in `tracks`' notes.
std::vector<BoundaryRepair> RepairBoundaryBar(const Report& report,
                                              const SectionSpec& current,
                                              absl::optional<double> next_register, int bars,
                                              int steps_per_bar,
                                              std::vector<RepairableTrack>& tracks);

}  // namespace stori::transition

#endif  // STORI_ENGINE_TRANSITION_BOUNDARY_REPAIR_H_
