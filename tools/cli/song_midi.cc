#include "tools/cli/song_midi.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/midi/smf_writer.h"
#include "engine/music/key.h"
#include "server/convert/from_proto.h"

namespace stori::cli {
namespace {

// Appends `events` moved `offset` ticks later (controller events: each has a `tick`).
template <typename Event>
void AppendShifted(const std::vector<Event>& events, std::int64_t offset, std::vector<Event>* out) {
  for (Event e : events) {
    e.tick += offset;
    out->push_back(e);
  }
}

}  // namespace

absl::StatusOr<music::Song> SongFromSections(const std::vector<v1::SectionResult>& sections) {
  if (sections.empty()) return absl::InvalidArgumentError("no sections to join");
  music::Song song;
  song.ppq = static_cast<int>(sections.front().ppq());
  if (song.ppq <= 0) return absl::InvalidArgumentError("sections[0].ppq must be > 0");
  std::map<std::string, std::size_t> track_index;  // track_id -> index in song.tracks
  std::int64_t offset = 0;
  for (std::size_t i = 0; i < sections.size(); ++i) {
    const v1::SectionResult& s = sections[i];
    if (static_cast<int>(s.ppq()) != song.ppq) {
      return absl::InvalidArgumentError(
          absl::StrCat("sections[", i, "].ppq is ", s.ppq(), "; sections[0] has ", song.ppq));
    }
    const int numerator = static_cast<int>(s.time_signature().numerator());
    const int denominator = static_cast<int>(s.time_signature().denominator());
    if (numerator < 1 || denominator < 1 || (denominator & (denominator - 1)) != 0) {
      return absl::InvalidArgumentError(absl::StrCat("sections[", i, "].time_signature ", numerator,
                                                     "/", denominator, " is invalid"));
    }
    const music::TempoChange tempo{
        offset, static_cast<int>(std::lround(60'000'000.0 / std::max(1.0, s.tempo_bpm())))};
    if (song.tempos.empty() || song.tempos.back().us_per_quarter != tempo.us_per_quarter) {
      song.tempos.push_back(tempo);
    }
    const music::TimeSignature meter{offset, numerator, denominator};
    if (song.time_signatures.empty() || song.time_signatures.back().numerator != numerator ||
        song.time_signatures.back().denominator != denominator) {
      song.time_signatures.push_back(meter);
    }
    if (auto key = music::ParseKey(s.key()); key.ok()) {
      const music::KeySignature signature = music::KeySignatureFor(*key, offset);
      if (song.key_signatures.empty() ||
          song.key_signatures.back().sharps_flats != signature.sharps_flats ||
          song.key_signatures.back().minor != signature.minor) {
        song.key_signatures.push_back(signature);
      }
    }
    for (const v1::TrackOutput& out : s.tracks()) {
      music::Track part = server::convert::TrackFromProto(out);
      auto [it, inserted] = track_index.emplace(out.track_id(), song.tracks.size());
      if (inserted) {
        music::Track empty = part;
        empty.notes.clear();
        empty.control_changes.clear();
        empty.pitch_bends.clear();
        empty.aftertouches.clear();
        song.tracks.push_back(std::move(empty));
      }
      music::Track& track = song.tracks[it->second];
      for (music::Note n : part.notes) {
        n.start_tick += offset;
        track.notes.push_back(n);
      }
      AppendShifted(part.control_changes, offset, &track.control_changes);
      AppendShifted(part.pitch_bends, offset, &track.pitch_bends);
      AppendShifted(part.aftertouches, offset, &track.aftertouches);
    }
    offset += static_cast<std::int64_t>(s.bars()) * song.ppq * 4 * numerator / denominator;
  }
  for (music::Track& track : song.tracks) std::sort(track.notes.begin(), track.notes.end());
  return song;
}

absl::StatusOr<std::vector<std::uint8_t>> SongMidiFromSections(
    const std::vector<v1::SectionResult>& sections) {
  absl::StatusOr<music::Song> song = SongFromSections(sections);
  if (!song.ok()) return song.status();
  return midi::WriteSmf(*song);
}

}  // namespace stori::cli
