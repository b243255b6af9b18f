#include "engine/tokens/remi_encoder.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "engine/tokens/quantization.h"

namespace stori::tokens {
namespace {

absl::Status CheckNote(const RemiWindow& w, const TrackSegment& t, std::size_t track_index,
                       std::size_t note_index) {
  const GridNote& n = t.notes[note_index];
  auto fail = [&](absl::string_view what) {
    return absl::InvalidArgumentError(absl::StrCat("tracks[", track_index, "].notes[",
                                                   note_index, "]: ", what));
  };
  if (n.start_step < 0 || n.start_step >= w.bars * w.steps_per_bar) {
    return fail(absl::StrCat("start_step ", n.start_step, " outside the window of ",
                             w.bars * w.steps_per_bar, " steps"));
  }
  if (!IsOnsetGridStep(n.start_step)) {
    return fail(absl::StrCat("start_step ", n.start_step, " is not on the onset grid"));
  }
  if (VelocityBinCentre(VelocityBin(n.velocity)) != n.velocity) {
    return fail(absl::StrCat("velocity ", n.velocity, " is not a bin centre"));
  }
  if (t.role == TokenRole::kDrums) {
    if (n.pitch < kFirstDrumKey || n.pitch > kLastDrumKey) {
      return fail(absl::StrCat("drum key ", n.pitch, " outside ", kFirstDrumKey, "..",
                               kLastDrumKey));
    }
    if (n.duration_steps != kDrumDurationSteps) return fail("drum duration is not a 16th");
    return absl::OkStatus();
  }
  if (n.pitch < 0 || n.pitch > 127) return fail(absl::StrCat("pitch ", n.pitch, " outside 0..127"));
  if (std::find(kDurationSteps.begin(), kDurationSteps.end(), n.duration_steps) ==
      kDurationSteps.end()) {
    return fail(absl::StrCat("duration_steps ", n.duration_steps, " is not a token duration"));
  }
  return absl::OkStatus();
}

}  // namespace

void AppendHeader(const Vocabulary& vocab, const RemiWindow& w, std::vector<TokenId>* out) {
  out->push_back(vocab.Id(TokenKind::kBos));
  out->push_back(vocab.Id(TokenKind::kGenre, w.genre));
  out->push_back(vocab.Id(TokenKind::kSection, w.section));
  out->push_back(vocab.Id(TokenKind::kKey, w.key));
  out->push_back(vocab.Id(TokenKind::kMeter, w.meter));
  out->push_back(vocab.Id(TokenKind::kTempo, w.tempo_bin));
}

void AppendTrackStart(const Vocabulary& vocab, TokenRole role, const AttributeBins& b,
                      std::vector<TokenId>* out) {
  const bool pitched = role != TokenRole::kDrums;
  out->push_back(vocab.Id(TokenKind::kTrack, static_cast<int>(role)));
  out->push_back(vocab.Id(TokenKind::kDensity, b.density));
  if (pitched) out->push_back(vocab.Id(TokenKind::kRegister, b.register_bin));
  out->push_back(vocab.Id(TokenKind::kVelocityLevel, b.velocity_level));
  out->push_back(vocab.Id(TokenKind::kSyncopation, b.syncopation));
  out->push_back(vocab.Id(TokenKind::kPolyphony, b.polyphony));
  if (pitched) out->push_back(vocab.Id(TokenKind::kNoteLength, b.note_length));
  out->push_back(vocab.Id(TokenKind::kEmptyBeats, b.empty_beats));
}

void AppendBarHeader(const Vocabulary& vocab, const std::vector<BarChord>& chords,
                     std::vector<TokenId>* out) {
  out->push_back(vocab.Id(TokenKind::kBar));
  for (const BarChord& c : chords) {
    out->push_back(vocab.Id(TokenKind::kChordBeat, c.beat));
    out->push_back(vocab.Id(TokenKind::kChord, c.chord));
  }
}

int ChordAtPosition(const std::vector<BarChord>& chords, int position) {
  int chord = -1;
  for (const BarChord& c : chords) {
    if (c.beat * kStepsPerBeat <= position) chord = c.chord;
  }
  return chord;
}

int InlineChordAt(const std::vector<BarChord>& chords, int position, int* last_written) {
  const int chord = ChordAtPosition(chords, position);
  if (chord < 0 || chord == *last_written) return -1;
  *last_written = chord;
  return chord;
}

void AppendTrackBody(const Vocabulary& vocab, TokenRole role, std::vector<GridNote> notes,
                     const std::vector<std::vector<BarChord>>& chords, int bars,
                     int steps_per_bar, std::vector<TokenId>* out) {
  static const std::vector<BarChord> kNoChords;
  const bool drums = role == TokenRole::kDrums;
  std::sort(notes.begin(), notes.end());
  std::size_t next = 0;
  for (int bar = 0; bar < bars; ++bar) {
    const bool has_chords = !drums && static_cast<int>(chords.size()) > bar;
    const std::vector<BarChord>& bar_chords = has_chords ? chords[bar] : kNoChords;
    AppendBarHeader(vocab, bar_chords, out);
    const int bar_end = (bar + 1) * steps_per_bar;
    int last_position = -1;
    int last_chord = -1;
    for (; next < notes.size() && notes[next].start_step < bar_end; ++next) {
      const GridNote& n = notes[next];
      const int position = n.start_step - bar * steps_per_bar;
      if (position != last_position) {
        out->push_back(vocab.Id(TokenKind::kPosition, position));
        last_position = position;
        if (const int chord = InlineChordAt(bar_chords, position, &last_chord); chord >= 0) {
          out->push_back(vocab.Id(TokenKind::kChord, chord));
        }
      }
      if (drums) {
        out->push_back(vocab.Id(TokenKind::kDrum, n.pitch - kFirstDrumKey));
        out->push_back(vocab.Id(TokenKind::kVelocity, VelocityBin(n.velocity)));
      } else {
        out->push_back(vocab.Id(TokenKind::kPitch, n.pitch));
        out->push_back(vocab.Id(TokenKind::kVelocity, VelocityBin(n.velocity)));
        const auto it = std::find(kDurationSteps.begin(), kDurationSteps.end(), n.duration_steps);
        out->push_back(
            vocab.Id(TokenKind::kDuration, static_cast<int>(it - kDurationSteps.begin())));
      }
    }
  }
}

absl::StatusOr<std::vector<TokenId>> EncodeWindow(const Vocabulary& vocab, const RemiWindow& w) {
  if (w.bars < 1 || w.steps_per_bar < 1 || w.steps_per_bar > kMaxStepsPerBar) {
    return absl::InvalidArgumentError(absl::StrCat("window of ", w.bars, " bars of ",
                                                   w.steps_per_bar, " steps is not encodable"));
  }
  if (!w.chords.empty() && static_cast<int>(w.chords.size()) != w.bars) {
    return absl::InvalidArgumentError(
        absl::StrCat("chords has ", w.chords.size(), " bars; expected ", w.bars));
  }
  const int beats_per_bar = w.steps_per_bar / kStepsPerBeat;
  for (std::size_t b = 0; b < w.chords.size(); ++b) {
    for (const BarChord& c : w.chords[b]) {
      if (c.beat < 0 || c.beat >= std::max(beats_per_bar, 1) || c.beat >= kMaxBeatsPerBar) {
        return absl::InvalidArgumentError(
            absl::StrCat("chord at bar ", b, " beat ", c.beat, " is outside the bar"));
      }
    }
  }
  std::vector<TokenId> out;
  AppendHeader(vocab, w, &out);
  for (std::size_t ti = 0; ti < w.tracks.size(); ++ti) {
    const TrackSegment& t = w.tracks[ti];
    const bool drums = t.role == TokenRole::kDrums;
    for (std::size_t ni = 0; ni < t.notes.size(); ++ni) {
      if (auto s = CheckNote(w, t, ti, ni); !s.ok()) return s;
    }
    AppendTrackStart(vocab, t.role, t.bins, &out);
    AppendTrackBody(vocab, t.role, t.notes, w.chords, w.bars, w.steps_per_bar, &out);
    out.push_back(vocab.Id(TokenKind::kTrackEnd));
  }
  out.push_back(vocab.Id(TokenKind::kEos));
  return out;
}

}  // namespace stori::tokens
