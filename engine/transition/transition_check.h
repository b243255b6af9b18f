// The join between a generated section and the next one: energy jump,
// harmonic connection, melodic register distance and the drums' state at the boundary, each
// reported as a violation with what was measured and what was allowed. The checks only report;
// engine/transition/boundary_repair.h repairs a register jump and drums that should stop by
// rewriting the boundary bar (octave shift, hits removed) and marks the violation repaired.
#ifndef STORI_ENGINE_TRANSITION_TRANSITION_CHECK_H_
#define STORI_ENGINE_TRANSITION_TRANSITION_CHECK_H_

#include <string>
#include <vector>

#include "absl/types/optional.h"
#include "engine/section/section_request.h"
#include "engine/music/track.h"

namespace stori::transition {

// Energy may jump by at most 0.3 ...
inline constexpr double kMaxEnergyJump = 0.3;
// ... and the melodic register move by at most an octave.
inline constexpr double kMaxRegisterJumpSemitones = 12.0;

enum class ViolationKind { kEnergyJump, kChordLeading, kRegisterJump, kDrumState };

struct Violation {
  ViolationKind kind = ViolationKind::kEnergyJump;
  std::string message;  // what was measured and allowed, e.g. "energy 0.20 -> 0.70 (...)"
  double measured = 0;  // energy units, semitones; 0 for chord leading and drum state
  double limit = 0;
  // True when the boundary bar was repaired (boundary_repair.h) and the check passes on the
  // repaired notes; `message` then also says what was done. Still reported: the section as
  // first generated violated it.
  bool repaired = false;
};

struct Report {
  bool checked = false;  // false for the last section of a song
  std::vector<Violation> violations;
};

// What the check reads of the generated section.
struct GeneratedSection {
  // Notes of the melody-role tracks and drum tracks, ticks at `ppq` from the section start.
  std::vector<music::Note> melody_notes;
  std::vector<music::Note> drum_notes;
  int ppq = 480;
  double beats = 0;  // section length in beats
  // Melody register centre the next section is generated for (its target), nullopt when the
  // next section has no melody.
  absl::optional<double> next_melody_register;
};

// The next section's melody register the check compares with: the centre of
// next.entry_state.melodic_register when set, else `next_target_register` (the melody's target
// register in the next section, GeneratedSection::next_melody_register).
// Thread safety: pure function.
absl::optional<double> NextMelodyRegister(absl::optional<double> next_target_register,
                                          const SectionSpec& next);

// Checks `current` (as generated: `generated`) against `next` (as requested):
// - energy: exit energy (exit_state.energy, else the emotion's) to the next entry energy
//   (entry_state.energy, else its emotion's) may change by at most kMaxEnergyJump, unless the
//   next section is a break, intro, outro or drop (meant to jump);
// - harmony: the last chord of `current` (its exit_state.last_chord, else its last chord event)
//   leads to the first chord of `next` when they share a pitch class or their roots move by a
//   fourth, a fifth or a step (1-2 semitones); no-chord marks are not checked;
// - register: the mean pitch of the melody's last bar to the next section's melody register
//   (next entry_state.melodic_register's centre, else the target) moves at most an octave;
// - drums: where exit_state.drum_active says, the drums play (or not) in the last bar.
// Thread safety: pure function.
Report CheckTransition(const SectionSpec& current, const GeneratedSection& generated,
                       const SectionSpec& next);

}  // namespace stori::transition

#endif  // STORI_ENGINE_TRANSITION_TRANSITION_CHECK_H_
