#include "engine/transition/transition_check.h"

#include <cmath>

#include "absl/strings/str_format.h"
#include "engine/music/chord_symbol.h"

namespace stori::transition {
namespace {

bool MeantToJump(const absl::optional<SectionType>& type) {
  return type == SectionType::kBreak || type == SectionType::kIntro ||
         type == SectionType::kOutro || type == SectionType::kDrop;
}

// The chord sounding at the end of `section`, or "" when none is stated.
std::string ExitChord(const SectionSpec& section) {
  if (!section.exit_state.last_chord.empty()) return section.exit_state.last_chord;
  return section.chords.empty() ? "" : section.chords.back().symbol;
}

std::string EntryChord(const SectionSpec& section) {
  return section.chords.empty() ? "" : section.chords.front().symbol;
}

bool Leads(const music::ChordSymbol& from, const music::ChordSymbol& to) {
  for (int pc : from.pitch_classes) {
    for (int other : to.pitch_classes) {
      if (pc == other) return true;
    }
  }
  const int motion = ((to.root_pc - from.root_pc) % 12 + 12) % 12;
  return motion == 5 || motion == 7 || motion == 1 || motion == 2 || motion == 10 ||
         motion == 11;
}

}  // namespace

absl::optional<double> NextMelodyRegister(absl::optional<double> next_target_register,
                                          const SectionSpec& next) {
  if (next.entry_state.melodic_register.has_value()) {
    return RegisterCenterPitch(*next.entry_state.melodic_register);
  }
  return next_target_register;
}

Report CheckTransition(const SectionSpec& current, const GeneratedSection& generated,
                       const SectionSpec& next) {
  Report report;
  report.checked = true;

  const double exit_energy = current.exit_state.energy.value_or(current.emotion.energy);
  const double entry_energy = next.entry_state.energy.value_or(next.emotion.energy);
  const double jump = std::abs(entry_energy - exit_energy);
  if (jump > kMaxEnergyJump + 1e-6 && !MeantToJump(next.section_type)) {
    report.violations.push_back(
        {ViolationKind::kEnergyJump,
         absl::StrFormat("energy %.2f -> %.2f (jump %.2f > %.2f) into section %s, which is not a "
                         "break, intro, outro or drop",
                         exit_energy, entry_energy, jump, kMaxEnergyJump, next.section_id),
         jump, kMaxEnergyJump});
  }

  const std::string from = ExitChord(current), to = EntryChord(next);
  if (!from.empty() && !to.empty() && !music::IsNoChord(from) && !music::IsNoChord(to)) {
    const auto a = music::ParseChordSymbol(from);
    const auto b = music::ParseChordSymbol(to);
    if (a.ok() && b.ok() && !Leads(*a, *b)) {
      report.violations.push_back(
          {ViolationKind::kChordLeading,
           absl::StrFormat("exit chord %s does not lead to %s (no common tone; roots %d "
                           "semitones apart, not a fourth, fifth or step)",
                           from, to, ((b->root_pc - a->root_pc) % 12 + 12) % 12),
           0, 0});
    }
  }

  const absl::optional<double> next_register = NextMelodyRegister(generated.next_melody_register, next);
  const double last_bar_start =
      (generated.beats - current.time_signature.beats_per_bar()) * generated.ppq;
  double sum = 0;
  int count = 0;
  for (const music::Note& n : generated.melody_notes) {
    if (n.start_tick >= last_bar_start) {
      sum += n.pitch;
      ++count;
    }
  }
  if (count > 0 && next_register.has_value()) {
    const double exit_register = sum / count;
    const double distance = std::abs(*next_register - exit_register);
    if (distance > kMaxRegisterJumpSemitones) {
      report.violations.push_back(
          {ViolationKind::kRegisterJump,
           absl::StrFormat("melody leaves at MIDI %.1f and the next section sits at %.0f (%.1f "
                           "semitones > %.0f)",
                           exit_register, *next_register, distance, kMaxRegisterJumpSemitones),
           distance, kMaxRegisterJumpSemitones});
    }
  }

  if (current.exit_state.drum_active.has_value()) {
    bool drums_in_last_bar = false;
    for (const music::Note& n : generated.drum_notes) {
      drums_in_last_bar |= n.start_tick >= last_bar_start;
    }
    if (drums_in_last_bar != *current.exit_state.drum_active) {
      report.violations.push_back(
          {ViolationKind::kDrumState,
           absl::StrFormat("exit_state.drum_active is %s but the drums %s in the last bar",
                           *current.exit_state.drum_active ? "true" : "false",
                           drums_in_last_bar ? "play" : "are silent"),
           0, 0});
    }
  }
  return report;
}

}  // namespace stori::transition
