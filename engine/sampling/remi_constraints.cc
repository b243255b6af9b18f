#include "engine/sampling/remi_constraints.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "engine/tokens/chord_token.h"
#include "engine/tokens/quantization.h"
#include "engine/tokens/remi_encoder.h"
#include "engine/tokens/track_attributes.h"

namespace stori::sampling {

using tokens::TokenId;
using tokens::TokenKind;

void BoundEmptyBeats(int empty_beats_bin, TrackConstraintsConfig* config) {
  config->min_empty_beats = -1;
  config->max_empty_beats = -1;
  const auto range = tokens::EmptyBeatCountRange(
      empty_beats_bin, tokens::BeatsInWindow(config->bars, config->steps_per_bar));
  if (!range.has_value()) return;
  config->min_empty_beats = range->first;
  config->max_empty_beats = range->second;
}

TrackConstraints::TrackConstraints(const tokens::Vocabulary& vocab, TrackConstraintsConfig config)
    : vocab_(vocab), config_(std::move(config)) {
  std::sort(config_.forced_notes.begin(), config_.forced_notes.end());
  const int given_steps = config_.given_bars * config_.steps_per_bar;
  for (const tokens::GridNote& n : config_.forced_notes) {
    if (n.start_step < given_steps) continue;  // context: locks nothing
    const int end = n.start_step + std::max(n.duration_steps, 1);
    if (!locked_.empty() && n.start_step <= locked_.back().second) {
      locked_.back().second = std::max(locked_.back().second, end);
    } else {
      locked_.emplace_back(n.start_step, end);
    }
  }
  pending_.push_back(vocab_.Id(TokenKind::kBar));
  occupied_.assign(tokens::BeatsInWindow(config_.bars, config_.steps_per_bar), false);
  for (const tokens::GridNote& n : config_.forced_notes) Occupy(n.start_step, n.duration_steps);
  if (config_.root_at_chord_changes && config_.role != tokens::TokenRole::kDrums) {
    int sounding = -1;
    for (int bar = 0; bar < std::min(config_.bars, static_cast<int>(config_.chords.size()));
         ++bar) {
      for (const tokens::BarChord& c : config_.chords[bar]) {
        const int step = bar * config_.steps_per_bar + c.beat * tokens::kStepsPerBeat;
        const bool change = c.chord != sounding;
        sounding = c.chord;
        const int root = tokens::ChordTokenRoot(c.chord);
        if (!change || root < 0 || bar < std::max(config_.enter_bar, config_.given_bars)) {
          continue;
        }
        const int in_beat = step % tokens::kStepsPerBeat;
        if (!config_.onset_steps.empty() && !config_.onset_steps[in_beat]) continue;
        if (InLockedSpan(step)) continue;
        bool forced_there = false;
        for (const tokens::GridNote& n : config_.forced_notes) forced_there |= n.start_step == step;
        if (!forced_there) changes_.emplace_back(step, root);
      }
    }
  }
  if (config_.min_empty_beats >= 0) {
    // The minimum, paced: by the end of bar k, floor(min * (beats before the middle of bar k) /
    // beats + phase) beats must be able to stay silent, so that rests the model leaves out are
    // owed bar by bar (at the end of the bar that owes one) instead of all at the end of the
    // window.
    const int beats = static_cast<int>(occupied_.size());
    for (int bar = 1; bar < config_.bars; ++bar) {
      const int end = std::min(beats, (bar * config_.steps_per_bar + tokens::kStepsPerBeat - 1) /
                                          tokens::kStepsPerBeat);
      const double middle = (bar - 0.5) * config_.steps_per_bar / tokens::kStepsPerBeat;
      const int owed = std::min(
          config_.min_empty_beats,
          static_cast<int>(std::floor(config_.min_empty_beats * middle / beats +
                                      config_.empty_beat_phase)));
      if (owed > 0) paced_min_.emplace_back(end, owed);
    }
  }
  if (config_.max_empty_beats >= 0) {
    const int first_free_bar = std::max(config_.enter_bar, config_.given_bars);
    const int silent_before_entry = SilentBeats(
        0, std::min(first_free_bar * config_.steps_per_bar / tokens::kStepsPerBeat,
                    static_cast<int>(occupied_.size())));
    config_.max_empty_beats = std::max(config_.max_empty_beats, silent_before_entry);
  }
}

int TrackConstraints::SilentBeats(int from_beat, int to_beat) const {
  int silent = 0;
  for (int b = std::max(from_beat, 0); b < std::min(to_beat, static_cast<int>(occupied_.size()));
       ++b) {
    silent += !occupied_[b];
  }
  return silent;
}

tokens::BeatSpan TrackConstraints::SoundingBeats(int start_step, int duration_steps) const {
  return tokens::SoundingBeats(start_step, duration_steps, config_.bars * config_.steps_per_bar);
}

void TrackConstraints::Occupy(int start_step, int duration_steps) {
  const tokens::BeatSpan span = SoundingBeats(start_step, duration_steps);
  for (int beat = span.first; beat < span.end; ++beat) occupied_[beat] = true;
}

int TrackConstraints::PendingChangeStep() const {
  return next_change_ < changes_.size() ? changes_[next_change_].first : -1;
}

int TrackConstraints::CurrentStep() const {
  return bar_ * config_.steps_per_bar + std::max(last_position_, 0);
}

std::pair<std::vector<EchoPitch>::const_iterator, std::vector<EchoPitch>::const_iterator>
TrackConstraints::EchoPitchesHere() const {
  const int step = CurrentStep();
  const auto first =
      std::lower_bound(config_.echo_pitches.begin(), config_.echo_pitches.end(), step,
                       [](const EchoPitch& e, int s) { return e.step < s; });
  auto last = first;
  while (last != config_.echo_pitches.end() && last->step == step) ++last;
  return {first, last};
}

void TrackConstraints::MoveCursorTo(int beat) {
  beat = std::min(beat, static_cast<int>(occupied_.size()));
  if (beat <= cursor_beat_) return;
  final_empty_ += SilentBeats(cursor_beat_, beat);
  cursor_beat_ = beat;
}

bool TrackConstraints::InLockedSpan(int step) const {
  for (const auto& [start, end] : locked_) {
    if (step > start && step < end) return true;
  }
  return false;
}

int TrackConstraints::NextForcedPosition() const {
  if (next_forced_ >= config_.forced_notes.size()) return -1;
  const int step = config_.forced_notes[next_forced_].start_step;
  if (step >= (bar_ + 1) * config_.steps_per_bar) return -1;
  return step - bar_ * config_.steps_per_bar;
}

bool TrackConstraints::PositionAllowed(int position) const {
  if (position <= last_position_ || position >= config_.steps_per_bar) return false;
  const int forced = NextForcedPosition();
  if (forced >= 0 && position > forced) return false;
  if (position == forced) return true;
  if (bar_ < config_.enter_bar || bar_ < config_.given_bars) return false;
  const int step = bar_ * config_.steps_per_bar + position;
  if (!tokens::IsOnsetGridStep(step % tokens::kStepsPerBeat)) return false;
  if (!config_.onset_steps.empty() && !config_.onset_steps[position % tokens::kStepsPerBeat]) {
    return false;
  }
  const int change = PendingChangeStep();
  if (change >= 0 && step > change) return false;  // the chord change is owed an onset first
  return !InLockedSpan(step);
}

int TrackConstraints::ClosingTokensNeeded() const {
  int needed = 1;  // TrackEnd
  const bool pitched = config_.role != tokens::TokenRole::kDrums;
  for (int b = bar_ + 1; b < config_.bars; ++b) {
    needed += 1;
    if (pitched && b < static_cast<int>(config_.chords.size())) {
      needed += 2 * static_cast<int>(config_.chords[b].size());
    }
  }
  // Pitch Velocity Duration per forced note, a Position and an inline Chord at most.
  needed += 5 * static_cast<int>(config_.forced_notes.size() - next_forced_);
  return needed;
}

void TrackConstraints::AllowBarEnd(TokenMask* mask, bool out_of_budget) const {
  if (NextForcedPosition() >= 0) return;
  const int change = PendingChangeStep();
  if (!out_of_budget && change >= 0 && change < (bar_ + 1) * config_.steps_per_bar) return;
  if (bar_ < config_.bars - 1) {
    mask->Allow(vocab_.Id(TokenKind::kBar));
  } else {
    mask->Allow(vocab_.Id(TokenKind::kTrackEnd));
  }
}

TokenId TrackConstraints::ForcedNext() const {
  if (done_) return -1;
  if (!pending_.empty()) return pending_.front();
  // In a given bar the next token is known too: the next given note's Position, else Bar (the
  // model has no choice there, so the given bars go to the model as one forced span).
  if (bar_ >= 0 && bar_ < config_.given_bars &&
      (state_ == State::kBarHeader || state_ == State::kAfterDuration)) {
    const int forced = NextForcedPosition();
    if (forced >= 0) return vocab_.Id(TokenKind::kPosition, forced);
    return vocab_.Id(bar_ < config_.bars - 1 ? TokenKind::kBar : TokenKind::kTrackEnd);
  }
  return -1;
}

void TrackConstraints::NextMask(TokenMask* mask) const {
  GrammarMask(mask);
  if (!done_ && pending_.empty()) ApplyEmptyBeatBounds(mask);
}

bool TrackConstraints::EmptyBeatsAllow(TokenId id) const {
  const int min_empty = config_.min_empty_beats;
  const int max_empty = config_.max_empty_beats;
  const int beats = static_cast<int>(occupied_.size());
  // Empty beats there would be if the decoding moved past every beat before `beat` now.
  auto empty_if_cursor_at = [&](int beat) {
    return final_empty_ + SilentBeats(cursor_beat_, std::min(beat, beats));
  };
  // Most beats before `end` that can still end up silent, if the beats in [from, to) sound.
  auto could_stay_silent_by = [&](int end, int from, int to) {
    return final_empty_ + SilentBeats(cursor_beat_, end) - SilentBeats(from, std::min(to, end));
  };
  // The window's minimum, and its paced share by each bar's end (paced_min_).
  auto keeps_min_if_sounding = [&](int from, int to) {
    if (could_stay_silent_by(beats, from, to) < min_empty) return false;
    for (const auto& [end, owed] : paced_min_) {
      if (end > cursor_beat_ && could_stay_silent_by(end, from, to) < owed) return false;
    }
    return true;
  };
  const int value = vocab_.ValueOf(id);
  switch (vocab_.KindOf(id)) {
    case TokenKind::kPosition: {
      const int beat = (bar_ * config_.steps_per_bar + value) / tokens::kStepsPerBeat;
      if (max_empty >= 0 && empty_if_cursor_at(beat) > max_empty) return false;
      return min_empty < 0 || keeps_min_if_sounding(beat, beat + 1);
    }
    case TokenKind::kBar:
      return max_empty < 0 ||
             empty_if_cursor_at((bar_ + 1) * config_.steps_per_bar / tokens::kStepsPerBeat) <=
                 max_empty;
    case TokenKind::kTrackEnd:
      return max_empty < 0 || empty_if_cursor_at(beats) <= max_empty;
    case TokenKind::kDuration:
    case TokenKind::kDrum: {
      if (min_empty < 0) return true;
      const int steps = vocab_.KindOf(id) == TokenKind::kDuration ? tokens::kDurationSteps[value]
                                                                   : tokens::kDrumDurationSteps;
      const tokens::BeatSpan span = SoundingBeats(CurrentStep(), steps);
      return keeps_min_if_sounding(span.first, span.end);
    }
    default:
      return true;
  }
}

void TrackConstraints::ApplyEmptyBeatBounds(TokenMask* mask) const {
  if (config_.min_empty_beats < 0 && config_.max_empty_beats < 0) return;
  std::vector<TokenId> refused;
  int allowed = 0;
  for (TokenId id = 0; id < mask->size(); ++id) {
    if (!mask->allowed[id]) continue;
    ++allowed;
    if (!EmptyBeatsAllow(id)) refused.push_back(id);
  }
  if (static_cast<int>(refused.size()) == allowed) return;  // the bounds yield
  for (TokenId id : refused) mask->Disallow(id);
}

void TrackConstraints::GrammarMask(TokenMask* mask) const {
  mask->Reset(vocab_.size(), /*allow=*/false);
  if (done_) {
    mask->Allow(vocab_.Id(TokenKind::kPad));
    return;
  }
  if (!pending_.empty()) {
    mask->Allow(pending_.front());
    return;
  }
  const bool drums = config_.role == tokens::TokenRole::kDrums;
  const bool out_of_budget =
      static_cast<int>(accepted_.size()) + ClosingTokensNeeded() + 4 >= config_.token_budget;
  auto allow_notes = [&](int above) {
    if (drums) {
      // Phrase echo of a drum part: every key it struck at this step one phrase earlier.
      const auto [echo_first, echo_last] = EchoPitchesHere();
      for (int key = std::max(above + 1, tokens::kFirstDrumKey); key <= tokens::kLastDrumKey; ++key) {
        if (!config_.allowed_drum_keys.empty() &&
            std::find(config_.allowed_drum_keys.begin(), config_.allowed_drum_keys.end(), key) ==
                config_.allowed_drum_keys.end()) {
          continue;
        }
        const TokenId id = vocab_.Id(TokenKind::kDrum, key - tokens::kFirstDrumKey);
        mask->Allow(id);
        if (config_.echo_pitch_bias != 0 &&
            std::any_of(echo_first, echo_last,
                        [key](const EchoPitch& e) { return e.pitch == key; })) {
          mask->AddBias(id, config_.echo_pitch_bias);
        }
        if (config_.drum_key_bias != 0 &&
            std::find(config_.biased_drum_keys.begin(), config_.biased_drum_keys.end(), key) !=
                config_.biased_drum_keys.end()) {
          mask->AddBias(id, config_.drum_key_bias);
        }
      }
      return;
    }
    // Chord and scale tones at the current position get the tension-scaled bias; the phrase
    // echo reads the same chord.
    std::vector<int> chord_pcs;
    const bool harmonic_bias = config_.chord_tone_bias != 0 || config_.scale_tone_bias != 0;
    const bool in_chords = bar_ >= 0 && bar_ < static_cast<int>(config_.chords.size());
    if ((harmonic_bias || config_.echo_pitch_bias != 0) && in_chords) {
      chord_pcs = tokens::ChordTokenPitchClasses(
          tokens::ChordAtPosition(config_.chords[bar_], std::max(last_position_, 0)));
    }
    // A chord change owed the root: the first note there takes the root's pitch class, in the
    // octave nearest the previous note (the middle of the range before the first note), so the
    // line moves by step or leap, not by octave jumps.
    int root_pitch = -1;
    if (notes_at_position_ == 0 && change_root_ >= 0) {
      const int reference = last_note_pitch_ >= 0 ? last_note_pitch_
                                                  : (config_.min_pitch + config_.max_pitch) / 2;
      for (int p = std::max(above + 1, config_.min_pitch); p <= config_.max_pitch; ++p) {
        if (p % 12 != change_root_) continue;
        if (root_pitch < 0 || std::abs(p - reference) < std::abs(root_pitch - reference)) {
          root_pitch = p;
        }
      }
    }
    const bool root_only = root_pitch >= 0;
    const bool first_note = notes_at_position_ == 0;
    // The echoed pitches at this step that stand to the chord now as they stood then: for a
    // line, its one top-line note; for harmony, every note of the voicing.
    std::vector<EchoPitch>::const_iterator echo_first{}, echo_last{};
    if (config_.echo_pitch_bias != 0 && in_chords) {
      std::tie(echo_first, echo_last) = EchoPitchesHere();
    }
    for (int p = std::max(above + 1, config_.min_pitch); p <= config_.max_pitch; ++p) {
      if (root_only && p != root_pitch) continue;
      const TokenId id = vocab_.Id(TokenKind::kPitch, p);
      mask->Allow(id);
      const int pc = p % 12;
      const bool chord_tone = std::find(chord_pcs.begin(), chord_pcs.end(), pc) != chord_pcs.end();
      if (first_note && p == previous_onset_pitch_ && config_.repeated_pitch_bias != 0) {
        mask->AddBias(id, config_.repeated_pitch_bias);
      }
      if (std::any_of(echo_first, echo_last, [&](const EchoPitch& e) {
            return e.pitch == p && e.chord_tone == chord_tone;
          })) {
        mask->AddBias(id, config_.echo_pitch_bias);
      }
      if (first_note && previous_onset_pitch_ >= 0 && config_.leap_bias != 0) {
        const int interval = std::abs(p - previous_onset_pitch_);
        if (interval > 2) {
          mask->AddBias(id, config_.leap_bias / 2);
        } else if (interval > 0) {
          mask->AddBias(id, -config_.leap_bias / 2);
        }
      }
      if (config_.mode_colour_bias != 0 &&
          std::find(config_.mode_colour_pitch_classes.begin(),
                    config_.mode_colour_pitch_classes.end(),
                    pc) != config_.mode_colour_pitch_classes.end()) {
        mask->AddBias(id, config_.mode_colour_bias);
      }
      if (!harmonic_bias) continue;
      if (chord_tone) {
        mask->AddBias(id, config_.chord_tone_bias);
      } else if (std::find(config_.scale_pitch_classes.begin(), config_.scale_pitch_classes.end(),
                           pc) != config_.scale_pitch_classes.end()) {
        mask->AddBias(id, config_.scale_tone_bias);
      }
    }
  };
  switch (state_) {
    case State::kAfterPosition:
      allow_notes(-1);
      return;
    case State::kAfterNote:
      for (int v = config_.min_velocity_bin; v <= config_.max_velocity_bin; ++v) {
        mask->Allow(vocab_.Id(TokenKind::kVelocity, v));
      }
      return;
    case State::kAfterVelocity:
      if (!drums) {
        for (int d = 0; d < static_cast<int>(tokens::kDurationSteps.size()); ++d) {
          mask->Allow(vocab_.Id(TokenKind::kDuration, d));
        }
        return;
      }
      [[fallthrough]];
    case State::kBarHeader:
    case State::kAfterDuration: {
      AllowBarEnd(mask, out_of_budget);
      const int forced = NextForcedPosition();
      if (out_of_budget && forced < 0) return;
      for (int p = last_position_ + 1; p < config_.steps_per_bar; ++p) {
        if (!PositionAllowed(p)) continue;
        const TokenId id = vocab_.Id(TokenKind::kPosition, p);
        mask->Allow(id);
        if (config_.off_eighth_bias != 0 && p % (tokens::kStepsPerBeat / 2) != 0) {
          mask->AddBias(id, config_.off_eighth_bias);
        }
        if (config_.favored_onset_bias != 0 &&
            std::binary_search(config_.favored_onset_steps.begin(),
                               config_.favored_onset_steps.end(),
                               bar_ * config_.steps_per_bar + p)) {
          mask->AddBias(id, config_.favored_onset_bias);
        }
        // The echoes choose where the next onset falls among the Positions, not whether a
        // Position comes rather than another note here or the bar's end: a group bias
        // (TokenMask::group).
        if (config_.echo_onset_bias != 0 || config_.bar_echo_bias != 0) {
          float echo = 0.0f;
          if (config_.echo_onset_bias != 0 &&
              std::binary_search(config_.echo_onset_steps.begin(),
                                 config_.echo_onset_steps.end(),
                                 bar_ * config_.steps_per_bar + p)) {
            echo += config_.echo_onset_bias;
          }
          if (config_.bar_echo_bias != 0 && bar_ > 0 &&
              std::binary_search(onset_steps_.begin(), onset_steps_.end(),
                                 (bar_ - 1) * config_.steps_per_bar + p)) {
            echo += config_.bar_echo_bias;
          }
          mask->AddGroupBias(id, echo);
        }
      }
      const bool more_at_position = state_ != State::kBarHeader && !position_forced_ &&
                                    notes_at_position_ < config_.max_notes_per_position;
      if (more_at_position && !out_of_budget) allow_notes(last_pitch_);
      return;
    }
  }
}

absl::Status TrackConstraints::Accept(TokenId id) {
  if (done_) {
    return absl::FailedPreconditionError("track is complete (TrackEnd accepted)");
  }
  TokenMask mask;
  NextMask(&mask);
  if (id < 0 || id >= vocab_.size() || !mask.allowed[id]) {
    const std::string name = id >= 0 && id < vocab_.size() ? vocab_.Name(id) : "<out of range>";
    return absl::InvalidArgumentError(
        absl::StrCat("token ", id, " \"", name, "\" is not allowed at body index ",
                     accepted_.size(), " (bar ", bar_, ")"));
  }
  accepted_.push_back(id);
  if (!pending_.empty()) pending_.erase(pending_.begin());
  const int value = vocab_.ValueOf(id);
  switch (vocab_.KindOf(id)) {
    case TokenKind::kBar: {
      ++bar_;
      // Changes of the bar just closed without an onset are let go (see AllowBarEnd).
      while (next_change_ < changes_.size() &&
             changes_[next_change_].first < bar_ * config_.steps_per_bar) {
        ++next_change_;
      }
      MoveCursorTo(bar_ * config_.steps_per_bar / tokens::kStepsPerBeat);
      last_position_ = -1;
      inline_chord_ = -1;
      state_ = State::kBarHeader;
      if (config_.role != tokens::TokenRole::kDrums && bar_ < static_cast<int>(config_.chords.size())) {
        std::vector<TokenId> header;
        tokens::AppendBarHeader(vocab_, config_.chords[bar_], &header);
        pending_.insert(pending_.begin(), header.begin() + 1, header.end());
      }
      break;
    }
    case TokenKind::kPosition: {
      last_position_ = value;
      last_pitch_ = -1;
      previous_onset_pitch_ = last_note_pitch_;
      notes_at_position_ = 0;
      {
        const int step = bar_ * config_.steps_per_bar + value;
        change_root_ = -1;
        // Changes passed without an onset (the budget ran short, or a bound yielded) are let go.
        while (next_change_ < changes_.size() && changes_[next_change_].first < step) {
          ++next_change_;
        }
        if (next_change_ < changes_.size() && changes_[next_change_].first == step) {
          change_root_ = changes_[next_change_++].second;
        }
      }
      state_ = State::kAfterPosition;
      position_forced_ = false;
      if (config_.role != tokens::TokenRole::kDrums &&
          bar_ < static_cast<int>(config_.chords.size())) {
        const int chord = tokens::InlineChordAt(config_.chords[bar_], value, &inline_chord_);
        if (chord >= 0) pending_.push_back(vocab_.Id(TokenKind::kChord, chord));  // before forced notes
      }
      const int step = bar_ * config_.steps_per_bar + value;
      onset_steps_.push_back(step);
      MoveCursorTo(step / tokens::kStepsPerBeat);
      Occupy(step, 1);  // a note follows every Position
      while (next_forced_ < config_.forced_notes.size() &&
             config_.forced_notes[next_forced_].start_step == step) {
        const tokens::GridNote& n = config_.forced_notes[next_forced_++];
        position_forced_ = true;
        const bool drums = config_.role == tokens::TokenRole::kDrums;
        pending_.push_back(drums ? vocab_.Id(TokenKind::kDrum, n.pitch - tokens::kFirstDrumKey)
                                 : vocab_.Id(TokenKind::kPitch, n.pitch));
        pending_.push_back(vocab_.Id(TokenKind::kVelocity, tokens::VelocityBin(n.velocity)));
        if (!drums) {
          const auto it = std::find(tokens::kDurationSteps.begin(), tokens::kDurationSteps.end(),
                                    n.duration_steps);
          const int index = it == tokens::kDurationSteps.end()
                                ? tokens::QuantizeDurationIndex(
                                      static_cast<double>(n.duration_steps) / tokens::kStepsPerBeat)
                                : static_cast<int>(it - tokens::kDurationSteps.begin());
          pending_.push_back(vocab_.Id(TokenKind::kDuration, index));
        }
      }
      break;
    }
    case TokenKind::kPitch:
    case TokenKind::kDrum:
      if (vocab_.KindOf(id) == TokenKind::kDrum) Occupy(CurrentStep(), tokens::kDrumDurationSteps);
      last_pitch_ = vocab_.KindOf(id) == TokenKind::kDrum ? value + tokens::kFirstDrumKey : value;
      last_note_pitch_ = last_pitch_;
      ++notes_at_position_;
      state_ = State::kAfterNote;
      break;
    case TokenKind::kVelocity:
      state_ = config_.role == tokens::TokenRole::kDrums ? State::kAfterDuration
                                                          : State::kAfterVelocity;
      break;
    case TokenKind::kDuration:
      Occupy(CurrentStep(), tokens::kDurationSteps[value]);
      state_ = State::kAfterDuration;
      break;
    case TokenKind::kTrackEnd:
      MoveCursorTo(static_cast<int>(occupied_.size()));
      done_ = true;
      break;
    default:
      break;  // ChordBeat / Chord: forced (bar header, inline chord)
  }
  return absl::OkStatus();
}

}  // namespace stori::sampling
