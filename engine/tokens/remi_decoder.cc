#include "engine/tokens/remi_decoder.h"

#include "absl/strings/str_cat.h"
#include "engine/tokens/quantization.h"
#include "engine/tokens/remi_encoder.h"

namespace stori::tokens {

int StepsPerBar(int meter_index) {
  const Meter& m = kMeters[meter_index];
  if (m.numerator == 0) return 0;
  return kStepsPerBeat * 4 * m.numerator / m.denominator;
}

namespace {

// A cursor over ids that reports grammar errors with the token index and name.
class Cursor {
 public:
  Cursor(const Vocabulary& vocab, absl::Span<const TokenId> ids) : vocab_(vocab), ids_(ids) {}
  bool done() const { return pos_ >= ids_.size(); }
  bool Peek(TokenKind kind) const { return !done() && vocab_.Is(ids_[pos_], kind); }
  // Consumes a token of `kind` and returns its value.
  absl::StatusOr<int> Take(TokenKind kind, absl::string_view expected) {
    if (!Peek(kind)) return Error(expected);
    return vocab_.ValueOf(ids_[pos_++]);
  }
  absl::Status Error(absl::string_view expected) const {
    if (done()) {
      return absl::InvalidArgumentError(absl::StrCat("token sequence ends at index ", pos_,
                                                     "; expected ", expected));
    }
    const TokenId id = ids_[pos_];
    const std::string name = id >= 0 && id < vocab_.size() ? vocab_.Name(id) : "<out of range>";
    return absl::InvalidArgumentError(absl::StrCat("token ", pos_, " (", id, " \"", name,
                                                   "\"): expected ", expected));
  }
  std::size_t pos() const { return pos_; }

 private:
  const Vocabulary& vocab_;
  absl::Span<const TokenId> ids_;
  std::size_t pos_ = 0;
};

#define STORI_TAKE(var, cursor, kind, expected)            \
  auto var##_or = (cursor).Take(kind, expected);            \
  if (!var##_or.ok()) return std::move(var##_or).status(); \
  const int var = *var##_or

absl::Status DecodeBars(const Vocabulary& vocab, Cursor& c, TokenRole role, int steps_per_bar,
                        std::vector<GridNote>* notes, std::vector<std::vector<BarChord>>* chords,
                        int* bars) {
  const bool drums = role == TokenRole::kDrums;
  int bar = -1;
  while (c.Peek(TokenKind::kBar)) {
    (void)c.Take(TokenKind::kBar, "Bar");
    ++bar;
    std::vector<BarChord> bar_chords;
    while (c.Peek(TokenKind::kChordBeat)) {
      STORI_TAKE(beat, c, TokenKind::kChordBeat, "ChordBeat");
      STORI_TAKE(chord, c, TokenKind::kChord, "Chord after ChordBeat");
      bar_chords.push_back({beat, chord});
    }
    int last_chord = -1;
    while (c.Peek(TokenKind::kPosition)) {
      STORI_TAKE(position, c, TokenKind::kPosition, "Position");
      if (steps_per_bar > 0 && position >= steps_per_bar) {
        return c.Error(absl::StrCat("a Position below ", steps_per_bar, " (bar length)"));
      }
      // The inline Chord is redundant with the bar header; it must agree with it.
      const int sounding = drums ? -1 : InlineChordAt(bar_chords, position, &last_chord);
      if (sounding >= 0) {
        STORI_TAKE(chord, c, TokenKind::kChord, "the Chord sounding at this Position");
        if (chord != sounding) {
          return absl::InvalidArgumentError(absl::StrCat(
              "token ", c.pos() - 1, ": inline Chord value ", chord,
              " differs from the bar header's chord ", sounding, " at position ", position));
        }
      }
      const TokenKind note_kind = drums ? TokenKind::kDrum : TokenKind::kPitch;
      if (!c.Peek(note_kind)) return c.Error(drums ? "Drum after Position" : "Pitch after Position");
      while (c.Peek(note_kind)) {
        STORI_TAKE(value, c, note_kind, "note");
        STORI_TAKE(velocity, c, TokenKind::kVelocity, "Velocity after the note");
        GridNote n;
        n.start_step = bar * steps_per_bar + position;
        n.pitch = drums ? value + kFirstDrumKey : value;
        n.velocity = VelocityBinCentre(velocity);
        if (drums) {
          n.duration_steps = kDrumDurationSteps;
        } else {
          STORI_TAKE(duration, c, TokenKind::kDuration, "Duration after Velocity");
          n.duration_steps = kDurationSteps[duration];
        }
        notes->push_back(n);
      }
    }
    if (chords != nullptr) chords->push_back(std::move(bar_chords));
  }
  *bars = bar + 1;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<GridNote>> DecodeTrackBody(const Vocabulary& vocab,
                                                      absl::Span<const TokenId> body,
                                                      TokenRole role, int steps_per_bar,
                                                      int* bars_seen) {
  Cursor c(vocab, body);
  std::vector<GridNote> notes;
  int bars = 0;
  if (auto s = DecodeBars(vocab, c, role, steps_per_bar, &notes, nullptr, &bars); !s.ok()) {
    return s;
  }
  if (!c.done()) return c.Error("Bar, Position or a note");
  if (bars_seen != nullptr) *bars_seen = bars;
  return notes;
}

absl::StatusOr<RemiWindow> DecodeWindow(const Vocabulary& vocab, absl::Span<const TokenId> ids,
                                        int steps_per_bar) {
  Cursor c(vocab, ids);
  RemiWindow w;
  STORI_TAKE(bos, c, TokenKind::kBos, "Bos");
  (void)bos;
  STORI_TAKE(genre, c, TokenKind::kGenre, "Genre");
  STORI_TAKE(section, c, TokenKind::kSection, "Section");
  STORI_TAKE(key, c, TokenKind::kKey, "Key");
  STORI_TAKE(meter, c, TokenKind::kMeter, "Meter");
  STORI_TAKE(tempo, c, TokenKind::kTempo, "Tempo");
  w.genre = genre;
  w.section = section;
  w.key = key;
  w.meter = meter;
  w.tempo_bin = tempo;
  w.steps_per_bar = steps_per_bar > 0 ? steps_per_bar : StepsPerBar(meter);
  if (w.steps_per_bar <= 0) {
    return absl::InvalidArgumentError("meter \"other\" needs an explicit steps_per_bar");
  }
  bool first_track = true;
  while (c.Peek(TokenKind::kTrack)) {
    STORI_TAKE(role_value, c, TokenKind::kTrack, "Track");
    TrackSegment t;
    t.role = static_cast<TokenRole>(role_value);
    const bool pitched = t.role != TokenRole::kDrums;
    STORI_TAKE(density, c, TokenKind::kDensity, "Density");
    t.bins.density = density;
    if (pitched) {
      STORI_TAKE(reg, c, TokenKind::kRegister, "Register");
      t.bins.register_bin = reg;
    }
    STORI_TAKE(vel, c, TokenKind::kVelocityLevel, "VelocityLevel");
    STORI_TAKE(sync, c, TokenKind::kSyncopation, "Syncopation");
    STORI_TAKE(poly, c, TokenKind::kPolyphony, "Polyphony");
    t.bins.velocity_level = vel;
    t.bins.syncopation = sync;
    t.bins.polyphony = poly;
    if (pitched) {
      STORI_TAKE(len, c, TokenKind::kNoteLength, "NoteLength");
      t.bins.note_length = len;
    }
    STORI_TAKE(empty_beats, c, TokenKind::kEmptyBeats, "EmptyBeats");
    t.bins.empty_beats = empty_beats;
    std::vector<std::vector<BarChord>> chords;
    int bars = 0;
    if (auto s = DecodeBars(vocab, c, t.role, w.steps_per_bar, &t.notes, &chords, &bars);
        !s.ok()) {
      return s;
    }
    STORI_TAKE(end, c, TokenKind::kTrackEnd, "TrackEnd");
    (void)end;
    if (first_track) {
      w.bars = bars;
    } else if (bars != w.bars) {
      return absl::InvalidArgumentError(absl::StrCat("track ", w.tracks.size(), " has ", bars,
                                                     " bars; the first track has ", w.bars));
    }
    if (pitched) {
      bool any = false;
      for (const auto& b : chords) any = any || !b.empty();
      if (any) w.chords = std::move(chords);
    }
    first_track = false;
    w.tracks.push_back(std::move(t));
  }
  STORI_TAKE(eos, c, TokenKind::kEos, "Track or Eos");
  (void)eos;
  if (!c.done()) return c.Error("nothing after Eos");
  return w;
}

}  // namespace stori::tokens
