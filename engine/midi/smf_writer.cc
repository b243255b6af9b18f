#include "engine/midi/smf_writer.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "engine/common/status_macros.h"
#include "engine/midi/variable_length_quantity.h"

namespace stori::midi {
namespace {

// Order of events at one tick (see smf_writer.h).
enum EventPriority {
  kMetaFirst = 0,
  kNoteOffNext = 1,
  kProgramNext = 2,
  kControllerNext = 3,
  kNoteOnLast = 4
};

// One event of an MTrk before delta encoding: a channel message of 1..3 bytes, or a meta event.
struct TimedEvent {
  std::int64_t tick = 0;
  int priority = kMetaFirst;
  bool is_meta = false;
  std::uint8_t bytes[3] = {0, 0, 0};  // channel message; or bytes[0] = meta type
  int size = 0;                       // bytes used of a channel message
  std::string meta_data;
};

TimedEvent Channel(std::int64_t tick, int priority, int status, int d1, int d2 = -1) {
  TimedEvent e;
  e.tick = tick;
  e.priority = priority;
  e.bytes[0] = static_cast<std::uint8_t>(status);
  e.bytes[1] = static_cast<std::uint8_t>(d1);
  e.size = 2;
  if (d2 >= 0) {
    e.bytes[2] = static_cast<std::uint8_t>(d2);
    e.size = 3;
  }
  return e;
}

TimedEvent Meta(std::int64_t tick, std::uint8_t type, std::string data) {
  TimedEvent e;
  e.tick = tick;
  e.is_meta = true;
  e.bytes[0] = type;
  e.meta_data = std::move(data);
  return e;
}

absl::Status Invalid(absl::string_view where, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrFormat("%s: %s", where, what));
}

bool InRange(std::int64_t v, std::int64_t lo, std::int64_t hi) { return v >= lo && v <= hi; }

absl::Status CheckTick(absl::string_view where, std::int64_t tick) {
  if (!InRange(tick, 0, kMaxSmfTick)) {
    return Invalid(where, absl::StrFormat("tick %d; expected 0..%d", tick, kMaxSmfTick));
  }
  return absl::OkStatus();
}

absl::Status ValidateMaps(const music::Song& song) {
  if (!InRange(song.ppq, 1, 0x7FFF)) {
    return Invalid("ppq", absl::StrFormat("%d; expected 1..32767", song.ppq));
  }
  for (std::size_t i = 0; i < song.tempos.size(); ++i) {
    const std::string where = absl::StrFormat("tempos[%d]", i);
    STORI_RETURN_IF_ERROR(CheckTick(where, song.tempos[i].tick));
    if (!InRange(song.tempos[i].us_per_quarter, 1, 0xFFFFFF)) {
      return Invalid(where, absl::StrFormat("us_per_quarter %d; expected 1..16777215",
                                            song.tempos[i].us_per_quarter));
    }
  }
  for (std::size_t i = 0; i < song.time_signatures.size(); ++i) {
    const music::TimeSignature& ts = song.time_signatures[i];
    const std::string where = absl::StrFormat("time_signatures[%d]", i);
    STORI_RETURN_IF_ERROR(CheckTick(where, ts.tick));
    const bool power_of_two = ts.denominator > 0 && (ts.denominator & (ts.denominator - 1)) == 0;
    if (!InRange(ts.numerator, 1, 255) || !power_of_two || ts.denominator > 128) {
      return Invalid(where, absl::StrFormat("meter %d/%d; expected numerator 1..255 and "
                                            "denominator a power of two 1..128",
                                            ts.numerator, ts.denominator));
    }
  }
  for (std::size_t i = 0; i < song.key_signatures.size(); ++i) {
    const std::string where = absl::StrFormat("key_signatures[%d]", i);
    STORI_RETURN_IF_ERROR(CheckTick(where, song.key_signatures[i].tick));
    if (!InRange(song.key_signatures[i].sharps_flats, -7, 7)) {
      return Invalid(where, absl::StrFormat("sharps_flats %d; expected -7..7",
                                            song.key_signatures[i].sharps_flats));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateNotes(const music::Track& track, std::size_t t) {
  for (std::size_t i = 0; i < track.notes.size(); ++i) {
    const music::Note& n = track.notes[i];
    const std::string where = absl::StrFormat("tracks[%d].notes[%d]", t, i);
    if (!InRange(n.pitch, 0, 127)) {
      return Invalid(where, absl::StrFormat("pitch %d; expected 0..127", n.pitch));
    }
    if (!InRange(n.velocity, 1, 127)) {
      return Invalid(where, absl::StrFormat("velocity %d; expected 1..127", n.velocity));
    }
    if (n.duration_ticks <= 0) {
      return Invalid(where, absl::StrFormat("duration_ticks %d; expected > 0", n.duration_ticks));
    }
    STORI_RETURN_IF_ERROR(CheckTick(where, n.start_tick));
    if (n.duration_ticks > kMaxSmfTick - n.start_tick) {
      return Invalid(where, absl::StrFormat("end tick %d; expected at most %d",
                                            n.start_tick + n.duration_ticks, kMaxSmfTick));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateControllers(const music::Track& track, std::size_t t) {
  for (std::size_t i = 0; i < track.control_changes.size(); ++i) {
    const music::ControlChange& cc = track.control_changes[i];
    const std::string where = absl::StrFormat("tracks[%d].control_changes[%d]", t, i);
    STORI_RETURN_IF_ERROR(CheckTick(where, cc.tick));
    if (!InRange(cc.controller, 0, 127) || !InRange(cc.value, 0, 127)) {
      return Invalid(where, absl::StrFormat("controller %d value %d; expected 0..127 each",
                                            cc.controller, cc.value));
    }
  }
  for (std::size_t i = 0; i < track.pitch_bends.size(); ++i) {
    const std::string where = absl::StrFormat("tracks[%d].pitch_bends[%d]", t, i);
    STORI_RETURN_IF_ERROR(CheckTick(where, track.pitch_bends[i].tick));
    if (!InRange(track.pitch_bends[i].value, -8192, 8191)) {
      return Invalid(where,
                     absl::StrFormat("value %d; expected -8192..8191", track.pitch_bends[i].value));
    }
  }
  for (std::size_t i = 0; i < track.aftertouches.size(); ++i) {
    const music::Aftertouch& at = track.aftertouches[i];
    const std::string where = absl::StrFormat("tracks[%d].aftertouches[%d]", t, i);
    STORI_RETURN_IF_ERROR(CheckTick(where, at.tick));
    if (!InRange(at.pitch, -1, 127) || !InRange(at.value, 0, 127)) {
      return Invalid(where, absl::StrFormat("pitch %d value %d; expected pitch -1..127 and value "
                                            "0..127",
                                            at.pitch, at.value));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateSong(const music::Song& song) {
  STORI_RETURN_IF_ERROR(ValidateMaps(song));
  for (std::size_t t = 0; t < song.tracks.size(); ++t) {
    const music::Track& track = song.tracks[t];
    const std::string where = absl::StrFormat("tracks[%d]", t);
    if (!InRange(track.channel, 0, 15)) {
      return Invalid(where, absl::StrFormat("channel %d; expected 0..15", track.channel));
    }
    if (!InRange(track.program, 0, 127)) {
      return Invalid(where, absl::StrFormat("program %d; expected 0..127", track.program));
    }
    STORI_RETURN_IF_ERROR(ValidateNotes(track, t));
    STORI_RETURN_IF_ERROR(ValidateControllers(track, t));
  }
  return absl::OkStatus();
}

// Appends the conductor events: meter, key and tempo maps.
void AppendConductorEvents(const music::Song& song, std::vector<TimedEvent>* events) {
  for (const music::TimeSignature& ts : song.time_signatures) {
    int power = 0;
    while ((1 << power) < ts.denominator) ++power;
    // Metronome click every quarter (24 MIDI clocks); 8 32nd notes per quarter.
    events->push_back(Meta(ts.tick, kMetaTimeSignature,
                           {static_cast<char>(ts.numerator), static_cast<char>(power), 24, 8}));
  }
  for (const music::KeySignature& ks : song.key_signatures) {
    events->push_back(Meta(ks.tick, kMetaKeySignature,
                           {static_cast<char>(ks.sharps_flats), static_cast<char>(ks.minor)}));
  }
  for (const music::TempoChange& tempo : song.tempos) {
    const std::uint32_t us = static_cast<std::uint32_t>(tempo.us_per_quarter);
    events->push_back(
        Meta(tempo.tick, kMetaTempo,
             {static_cast<char>(us >> 16), static_cast<char>(us >> 8), static_cast<char>(us)}));
  }
}

// Appends one track's events; `channel_prefix` writes its name after a 0x20 meta (format 0).
void AppendTrackEvents(const music::Track& track, bool channel_prefix,
                       std::vector<TimedEvent>* events) {
  const int ch = track.channel;
  if (!track.name.empty()) {
    if (channel_prefix) events->push_back(Meta(0, kMetaChannelPrefix, {static_cast<char>(ch)}));
    events->push_back(Meta(0, kMetaTrackName, track.name));
  }
  if (!track.is_drums()) {
    events->push_back(Channel(0, kProgramNext, kProgramChange | ch, track.program));
  }
  for (const music::Note& n : track.notes) {
    events->push_back(Channel(n.start_tick, kNoteOnLast, kNoteOn | ch, n.pitch, n.velocity));
    events->push_back(Channel(n.end_tick(), kNoteOffNext, kNoteOn | ch, n.pitch, 0));
  }
  for (const music::ControlChange& cc : track.control_changes) {
    events->push_back(
        Channel(cc.tick, kControllerNext, kControlChange | ch, cc.controller, cc.value));
  }
  for (const music::PitchBend& pb : track.pitch_bends) {
    const int v = pb.value + kPitchBendCentre;
    events->push_back(Channel(pb.tick, kControllerNext, kPitchBend | ch, v & 0x7F, v >> 7));
  }
  for (const music::Aftertouch& at : track.aftertouches) {
    events->push_back(
        at.pitch < 0
            ? Channel(at.tick, kControllerNext, kChannelPressure | ch, at.value)
            : Channel(at.tick, kControllerNext, kPolyKeyPressure | ch, at.pitch, at.value));
  }
}

void AppendBigEndian(std::uint32_t value, int byte_count, std::vector<std::uint8_t>* out) {
  for (int i = byte_count - 1; i >= 0; --i)
    out->push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

// Sorts `events` by (tick, priority), stably, and appends them as one MTrk chunk.
void AppendTrackChunk(std::vector<TimedEvent> events, std::vector<std::uint8_t>* out) {
  std::stable_sort(events.begin(), events.end(), [](const TimedEvent& a, const TimedEvent& b) {
    return a.tick != b.tick ? a.tick < b.tick : a.priority < b.priority;
  });
  std::vector<std::uint8_t> data;
  std::int64_t tick = 0;
  std::uint8_t running_status = 0;
  for (const TimedEvent& e : events) {
    AppendVariableLengthQuantity(static_cast<std::uint32_t>(e.tick - tick), &data);
    tick = e.tick;
    if (e.is_meta) {
      data.push_back(kMeta);
      data.push_back(e.bytes[0]);
      AppendVariableLengthQuantity(static_cast<std::uint32_t>(e.meta_data.size()), &data);
      data.insert(data.end(), e.meta_data.begin(), e.meta_data.end());
      running_status = 0;  // meta events cancel running status
      continue;
    }
    if (e.bytes[0] != running_status) data.push_back(e.bytes[0]);
    running_status = e.bytes[0];
    data.insert(data.end(), e.bytes + 1, e.bytes + e.size);
  }
  data.insert(data.end(), {0x00, kMeta, kMetaEndOfTrack, 0x00});  // at the last event's tick
  out->insert(out->end(), {'M', 'T', 'r', 'k'});
  AppendBigEndian(static_cast<std::uint32_t>(data.size()), 4, out);
  out->insert(out->end(), data.begin(), data.end());
}

}  // namespace

absl::StatusOr<std::vector<std::uint8_t>> WriteSmf(const music::Song& song,
                                                   const SmfWriteOptions& options) {
  STORI_RETURN_IF_ERROR(ValidateSong(song));
  const bool single_track = options.format == SmfFormat::kSingleTrack;
  if (!single_track && song.tracks.size() + 1 > 0xFFFF) {
    return absl::ResourceExhaustedError(
        absl::StrFormat("%d tracks; a format 1 SMF holds at most 65534", song.tracks.size()));
  }
  std::vector<std::uint8_t> out = {'M', 'T', 'h', 'd', 0, 0, 0, 6};
  AppendBigEndian(single_track ? 0 : 1, 2, &out);
  AppendBigEndian(single_track ? 1 : static_cast<std::uint32_t>(song.tracks.size() + 1), 2, &out);
  AppendBigEndian(static_cast<std::uint32_t>(song.ppq), 2, &out);
  std::vector<TimedEvent> events;
  AppendConductorEvents(song, &events);
  for (const music::Track& track : song.tracks) {
    if (!single_track) {
      AppendTrackChunk(std::move(events), &out);
      events.clear();
    }
    AppendTrackEvents(track, single_track, &events);
  }
  AppendTrackChunk(std::move(events), &out);
  if (out.size() > kMaxSmfBytes) {
    return absl::ResourceExhaustedError(absl::StrFormat(
        "SMF would have %d bytes; at most %d are written", out.size(), kMaxSmfBytes));
  }
  return out;
}

}  // namespace stori::midi
