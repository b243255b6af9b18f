#include "engine/midi/smf_reader.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <memory>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "engine/common/status_macros.h"
#include "engine/midi/variable_length_quantity.h"

namespace stori::midi {
namespace {

using Bytes = absl::Span<const std::uint8_t>;

std::uint32_t ReadBigEndian(Bytes bytes, std::size_t pos, int byte_count) {
  std::uint32_t value = 0;
  for (int i = 0; i < byte_count; ++i) value = (value << 8) | bytes[pos + i];
  return value;
}

bool HasTag(Bytes bytes, std::size_t pos, absl::string_view tag) {
  return std::equal(tag.begin(), tag.end(), bytes.begin() + pos);
}

// Keeps, of several events of one kind at one tick, the last; `events` must be stably sorted.
template <typename Event>
void SortKeepLastPerTick(std::vector<Event>* events) {
  std::stable_sort(events->begin(), events->end(),
                   [](const Event& a, const Event& b) { return a.tick < b.tick; });
  std::vector<Event> kept;
  for (const Event& e : *events) {
    if (!kept.empty() && kept.back().tick == e.tick) {
      kept.back() = e;
    } else {
      kept.push_back(e);
    }
  }
  *events = std::move(kept);
}

// The events of one channel within one MTrk chunk.
struct ChannelEvents {
  bool used = false;  // any channel event seen
  music::Track track;
  // Per pitch, indices into track.notes of notes still sounding, oldest first (FIFO pairing).
  std::array<std::vector<std::size_t>, 128> open_notes;
  bool has_name = false;  // a 0x03 name followed a 0x20 prefix naming this channel
  std::string name;
  bool saw_note = false;
  int program_at_first_note = -1;
  int first_program = -1;
};

// Parses the events of one MTrk chunk and appends its tracks and map events to a Song.
// Not thread-safe; one parser per chunk.
class MtrkParser {
 public:
  // `bytes` is the whole file cut at the chunk's end, so offsets in messages are file offsets;
  // `data_begin` is the offset of the chunk's first event.
  MtrkParser(Bytes bytes, std::size_t data_begin, int chunk_index, music::Song* song)
      : bytes_(bytes), pos_(data_begin), chunk_index_(chunk_index), song_(song) {}

  // Reads events up to the end-of-track event or the chunk's end.
  absl::Status Parse();
  // Closes open notes at the chunk's last tick and appends the chunk's tracks to the song.
  void Finish();

 private:
  absl::Status Error(std::size_t offset, absl::string_view what) const {
    return absl::InvalidArgumentError(
        absl::StrFormat("SMF MTrk chunk %d, byte %d: %s", chunk_index_, offset, what));
  }
  absl::Status ReadLength(absl::string_view what, std::uint32_t* length);
  absl::Status ParseMeta(bool* end_of_track);
  absl::Status ParseMetaData(std::uint8_t type, std::size_t offset, Bytes data);
  absl::Status ParseChannelMessage(std::uint8_t status);
  ChannelEvents& Channel(int channel);
  void NoteOff(ChannelEvents& c, int pitch);

  Bytes bytes_;
  std::size_t pos_;
  int chunk_index_;
  music::Song* song_;
  std::int64_t tick_ = 0;
  std::uint8_t running_status_ = 0;  // 0: none yet
  int channel_prefix_ = -1;          // channel named by the last 0x20 meta, until a MIDI event
  std::string chunk_name_;
  std::array<std::unique_ptr<ChannelEvents>, 16> channels_;
};

ChannelEvents& MtrkParser::Channel(int channel) {
  if (channels_[channel] == nullptr) channels_[channel] = std::make_unique<ChannelEvents>();
  return *channels_[channel];
}

absl::Status MtrkParser::Parse() {
  while (pos_ < bytes_.size()) {
    const std::size_t event_offset = pos_;
    absl::StatusOr<std::uint32_t> delta = ReadVariableLengthQuantity(bytes_, &pos_);
    if (!delta.ok()) return Error(event_offset, delta.status().message());
    tick_ += *delta;
    if (pos_ >= bytes_.size())
      return Error(pos_, "chunk ends after a delta time; expected an event");
    const std::uint8_t status = bytes_[pos_];
    if (status == kMeta) {
      ++pos_;
      bool end_of_track = false;
      STORI_RETURN_IF_ERROR(ParseMeta(&end_of_track));
      if (end_of_track) return absl::OkStatus();
    } else if (status == kSysex || status == kSysexEscape) {
      ++pos_;
      std::uint32_t length = 0;
      STORI_RETURN_IF_ERROR(ReadLength("sysex event", &length));
      pos_ += length;
    } else if (status >= 0xF0) {
      return Error(pos_, absl::StrFormat("status byte 0x%02X is not allowed in a file; expected "
                                         "0x80..0xEF, 0xF0, 0xF7 or 0xFF",
                                         status));
    } else {
      if (status & 0x80) {
        running_status_ = status;
        ++pos_;
      } else if (running_status_ == 0) {
        return Error(pos_, absl::StrFormat("data byte 0x%02X without running status", status));
      }
      STORI_RETURN_IF_ERROR(ParseChannelMessage(running_status_));
    }
  }
  return absl::OkStatus();
}

// Reads a VLQ length at pos_ and checks that `*length` bytes follow within the chunk.
absl::Status MtrkParser::ReadLength(absl::string_view what, std::uint32_t* length) {
  const std::size_t offset = pos_;
  absl::StatusOr<std::uint32_t> value = ReadVariableLengthQuantity(bytes_, &pos_);
  if (!value.ok()) return Error(offset, absl::StrCat(what, ": ", value.status().message()));
  if (*value > bytes_.size() - pos_) {
    return Error(offset, absl::StrFormat("%s declares %u data bytes; only %d remain in the chunk",
                                         what, *value, bytes_.size() - pos_));
  }
  *length = *value;
  return absl::OkStatus();
}

absl::Status MtrkParser::ParseMeta(bool* end_of_track) {
  const std::size_t offset = pos_ - 1;
  if (pos_ >= bytes_.size()) return Error(offset, "chunk ends inside a meta event");
  const std::uint8_t type = bytes_[pos_++];
  std::uint32_t length = 0;
  STORI_RETURN_IF_ERROR(ReadLength(absl::StrFormat("meta event 0x%02X", type), &length));
  const Bytes data = bytes_.subspan(pos_, length);
  pos_ += length;
  *end_of_track = type == kMetaEndOfTrack;
  return ParseMetaData(type, offset, data);
}

absl::Status MtrkParser::ParseMetaData(std::uint8_t type, std::size_t offset, Bytes data) {
  auto wrong_length = [&](absl::string_view name, absl::string_view expected) {
    return Error(offset, absl::StrFormat("meta 0x%02X (%s) has %d data bytes; expected %s", type,
                                         name, data.size(), expected));
  };
  switch (type) {
    case kMetaTrackName: {
      std::string name(data.begin(), data.end());
      if (channel_prefix_ >= 0) {
        ChannelEvents& c = Channel(channel_prefix_);
        c.has_name = true;
        c.name = std::move(name);
      } else {
        chunk_name_ = std::move(name);
      }
      return absl::OkStatus();
    }
    case kMetaChannelPrefix:
      if (data.size() != 1) return wrong_length("channel prefix", "1");
      if (data[0] > 15) {
        return Error(offset, absl::StrFormat("channel prefix %d; expected 0..15", data[0]));
      }
      channel_prefix_ = data[0];
      return absl::OkStatus();
    case kMetaTempo: {
      if (data.size() != 3) return wrong_length("tempo", "3");
      const int us_per_quarter = static_cast<int>(ReadBigEndian(data, 0, 3));
      if (us_per_quarter == 0) return Error(offset, "tempo of 0 us per quarter; expected > 0");
      song_->tempos.push_back({tick_, us_per_quarter});
      return absl::OkStatus();
    }
    case kMetaTimeSignature: {
      if (data.size() < 2) return wrong_length("time signature", "4");
      if (data[0] == 0 || data[1] > 7) {
        return Error(offset, absl::StrFormat("time signature %d/2^%d; expected a numerator >= 1 "
                                             "and a denominator power 0..7",
                                             data[0], data[1]));
      }
      song_->time_signatures.push_back({tick_, data[0], 1 << data[1]});
      return absl::OkStatus();
    }
    case kMetaKeySignature: {
      if (data.size() != 2) return wrong_length("key signature", "2");
      const int sharps_flats = static_cast<std::int8_t>(data[0]);
      if (sharps_flats < -7 || sharps_flats > 7 || data[1] > 1) {
        return Error(offset, absl::StrFormat("key signature sf=%d mi=%d; expected sf -7..7 and "
                                             "mi 0 or 1",
                                             sharps_flats, data[1]));
      }
      song_->key_signatures.push_back({tick_, sharps_flats, data[1] == 1});
      return absl::OkStatus();
    }
    default:
      return absl::OkStatus();  // text, markers, sequencer-specific, end of track: not kept
  }
}

absl::Status MtrkParser::ParseChannelMessage(std::uint8_t status) {
  const int data_bytes = ChannelMessageDataBytes(status);
  if (bytes_.size() - pos_ < static_cast<std::size_t>(data_bytes)) {
    return Error(pos_, absl::StrFormat("chunk ends inside a 0x%02X message; expected %d data "
                                       "byte(s)",
                                       status, data_bytes));
  }
  const int d1 = bytes_[pos_];
  const int d2 = data_bytes == 2 ? bytes_[pos_ + 1] : 0;
  if (d1 > 127 || d2 > 127) {
    return Error(pos_, absl::StrFormat("0x%02X message has data byte 0x%02X; expected 0x00..0x7F",
                                       status, d1 > 127 ? d1 : d2));
  }
  pos_ += data_bytes;
  channel_prefix_ = -1;
  ChannelEvents& c = Channel(status & 0x0F);
  c.used = true;
  switch (status & 0xF0) {
    case kNoteOn:
      if (d2 > 0) {
        if (!c.saw_note) c.saw_note = true;
        c.open_notes[d1].push_back(c.track.notes.size());
        c.track.notes.push_back({tick_, 0, d1, d2});
        break;
      }
      [[fallthrough]];
    case kNoteOff:
      NoteOff(c, d1);
      break;
    case kPolyKeyPressure:
      c.track.aftertouches.push_back({tick_, d1, d2});
      break;
    case kControlChange:
      c.track.control_changes.push_back({tick_, d1, d2});
      break;
    case kProgramChange:
      if (!c.saw_note) c.program_at_first_note = d1;
      if (c.first_program < 0) c.first_program = d1;
      break;
    case kChannelPressure:
      c.track.aftertouches.push_back({tick_, -1, d1});
      break;
    case kPitchBend:
      c.track.pitch_bends.push_back({tick_, ((d2 << 7) | d1) - kPitchBendCentre});
      break;
  }
  return absl::OkStatus();
}

void MtrkParser::NoteOff(ChannelEvents& c, int pitch) {
  std::vector<std::size_t>& open = c.open_notes[pitch];
  if (open.empty()) return;  // stray note-off
  music::Note& note = c.track.notes[open.front()];
  note.duration_ticks = std::max<std::int64_t>(1, tick_ - note.start_tick);
  open.erase(open.begin());
}

void MtrkParser::Finish() {
  for (int channel = 0; channel < 16; ++channel) {
    if (channels_[channel] == nullptr || !channels_[channel]->used) continue;
    ChannelEvents& c = *channels_[channel];
    for (int pitch = 0; pitch < 128; ++pitch) {
      while (!c.open_notes[pitch].empty()) NoteOff(c, pitch);  // closes at the last tick
    }
    music::Track& track = c.track;
    std::sort(track.notes.begin(), track.notes.end());
    track.name = c.has_name ? c.name : chunk_name_;
    track.channel = channel;
    track.role =
        channel == music::kDrumChannel ? music::TrackRole::kDrums : music::TrackRole::kOther;
    track.program = c.program_at_first_note >= 0 ? c.program_at_first_note
                    : c.first_program >= 0       ? c.first_program
                                                 : 0;
    song_->tracks.push_back(std::move(track));
  }
}

absl::Status HeaderError(std::size_t offset, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrFormat("SMF MThd, byte %d: %s", offset, what));
}

// Parses MThd into song->ppq; sets the format, declared track count and first chunk offset.
absl::Status ParseHeader(Bytes bytes, music::Song* song, int* track_count, std::size_t* next) {
  if (bytes.size() < kChunkHeaderBytes + kHeaderDataBytes) {
    return HeaderError(0, absl::StrFormat("file has %d bytes; expected at least 14", bytes.size()));
  }
  if (!HasTag(bytes, 0, "MThd")) return HeaderError(0, "bad magic; expected \"MThd\"");
  const std::uint32_t length = ReadBigEndian(bytes, 4, 4);
  if (length < kHeaderDataBytes || length > bytes.size() - kChunkHeaderBytes) {
    return HeaderError(4, absl::StrFormat("header length %u; expected 6..%d", length,
                                          bytes.size() - kChunkHeaderBytes));
  }
  const int format = static_cast<int>(ReadBigEndian(bytes, 8, 2));
  if (format == 2) return absl::UnimplementedError("SMF format 2 is not supported");
  if (format > 2) {
    return HeaderError(8, absl::StrFormat("format %d; expected 0 or 1", format));
  }
  const std::uint32_t division = ReadBigEndian(bytes, 12, 2);
  if (division & 0x8000) {
    return absl::UnimplementedError("SMF with SMPTE time division is not supported");
  }
  if (division == 0) return HeaderError(12, "division 0 ticks per quarter; expected 1..32767");
  song->ppq = static_cast<int>(division);
  *track_count = static_cast<int>(ReadBigEndian(bytes, 10, 2));
  *next = kChunkHeaderBytes + length;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<music::Song> ReadSmf(absl::Span<const std::uint8_t> bytes) {
  if (bytes.size() > kMaxSmfBytes) {
    return absl::ResourceExhaustedError(
        absl::StrFormat("SMF of %d bytes; at most %d are read", bytes.size(), kMaxSmfBytes));
  }
  music::Song song;
  int track_count = 0;
  std::size_t pos = 0;
  STORI_RETURN_IF_ERROR(ParseHeader(bytes, &song, &track_count, &pos));
  for (int found = 0; found < track_count;) {
    if (bytes.size() - pos < kChunkHeaderBytes) {
      return absl::InvalidArgumentError(
          absl::StrFormat("SMF MTrk chunk %d, byte %d: file ends; header declares %d tracks", found,
                          pos, track_count));
    }
    const std::uint32_t length = ReadBigEndian(bytes, pos + 4, 4);
    const std::size_t data_begin = pos + kChunkHeaderBytes;
    if (length > bytes.size() - data_begin) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "SMF MTrk chunk %d, byte %d: truncated chunk declares %u bytes; only %d remain", found,
          pos, length, bytes.size() - data_begin));
    }
    if (HasTag(bytes, pos, "MTrk")) {
      MtrkParser parser(bytes.first(data_begin + length), data_begin, found, &song);
      STORI_RETURN_IF_ERROR(parser.Parse());
      parser.Finish();
      ++found;
    }  // other chunk types are skipped, as the spec asks
    pos = data_begin + length;
  }
  SortKeepLastPerTick(&song.tempos);
  SortKeepLastPerTick(&song.time_signatures);
  SortKeepLastPerTick(&song.key_signatures);
  return song;
}

absl::StatusOr<music::Song> ReadSmfFile(const std::string& path) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) {
    return absl::NotFoundError(absl::StrCat("cannot open SMF file ", path));
  }
  if (!std::filesystem::is_regular_file(status)) {
    return absl::InvalidArgumentError(absl::StrCat("SMF path ", path, " is not a regular file"));
  }
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) return absl::InternalError(absl::StrCat("cannot size SMF file ", path));
  if (size > kMaxSmfBytes) {
    return absl::ResourceExhaustedError(
        absl::StrFormat("SMF file %s has %d bytes; at most %d are read", path, size, kMaxSmfBytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open SMF file ", path));
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  if (size > 0 &&
      !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size))) {
    return absl::InternalError(absl::StrCat("read error on SMF file ", path));
  }
  absl::StatusOr<music::Song> song = ReadSmf(bytes);
  if (!song.ok()) {
    return absl::Status(song.status().code(), absl::StrCat(path, ": ", song.status().message()));
  }
  return song;
}

}  // namespace stori::midi
