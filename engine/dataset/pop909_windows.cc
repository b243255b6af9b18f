#include "engine/dataset/pop909_windows.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "engine/common/status_macros.h"
#include "engine/dataset/beat_map.h"
#include "engine/dataset/harte_chord.h"
#include "engine/midi/smf_reader.h"
#include "engine/music/key.h"
#include "engine/tokens/chord_token.h"
#include "engine/tokens/vocabulary.h"

namespace stori::dataset {
namespace {

using tokens::BarChord;
using tokens::GridNote;
using tokens::kNumChordQualities;
using tokens::kStepsPerBeat;
using tokens::RemiWindow;
using tokens::TokenRole;

struct TimedLabel {
  double start_seconds = 0;
  std::string label;
};

absl::StatusOr<std::vector<std::vector<std::string>>> ReadColumns(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    rows.push_back(absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty()));
  }
  return rows;
}

absl::StatusOr<double> ParseDouble(const std::string& text, const std::string& path, int line) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !std::isfinite(v)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":", line, ": \"", text, "\" is not a number"));
  }
  return v;
}

absl::StatusOr<std::vector<TimedLabel>> ReadLabels(const std::string& path) {
  STORI_ASSIGN_OR_RETURN(auto rows, ReadColumns(path));
  std::vector<TimedLabel> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].size() < 3) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", i + 1, ": expected 3 columns"));
    }
    STORI_ASSIGN_OR_RETURN(double start, ParseDouble(rows[i][0], path, i + 1));
    out.push_back({start, rows[i][2]});
  }
  return out;
}

// Label sounding at `seconds` (the last one starting at or before it), or the first one.
const TimedLabel* LabelAt(const std::vector<TimedLabel>& labels, double seconds) {
  const TimedLabel* found = labels.empty() ? nullptr : &labels.front();
  for (const TimedLabel& l : labels) {
    if (l.start_seconds <= seconds + 1e-6) found = &l;
  }
  return found;
}

std::vector<BeatNote> ToBeats(const music::Song& song, const music::Track& track,
                              const BeatMap& beats) {
  std::vector<BeatNote> out;
  out.reserve(track.notes.size());
  for (const music::Note& n : track.notes) {
    const double on = beats.BeatAt(TickToSeconds(song, n.start_tick));
    const double off = beats.BeatAt(TickToSeconds(song, n.end_tick()));
    out.push_back({on, off - on, n.pitch, n.velocity});
  }
  return out;
}

void Transpose(RemiWindow* w, int shift) {
  for (tokens::TrackSegment& t : w->tracks) {
    for (GridNote& n : t.notes) n.pitch += shift;
    t.bins = tokens::AttributeBinsOf(tokens::MeasureTrack(t.notes, w->bars, w->steps_per_bar));
  }
  const int none = tokens::NoChordTokenValue();
  for (auto& bar : w->chords) {
    for (BarChord& c : bar) {
      if (c.chord == none) continue;
      const int root = c.chord / kNumChordQualities, quality = c.chord % kNumChordQualities;
      c.chord = ((root + shift + 12) % 12) * kNumChordQualities + quality;
    }
  }
  if (w->key != tokens::kNoKeyValue) {
    w->key = (((w->key / 2) + shift + 12) % 12) * 2 + w->key % 2;
  }
}

}  // namespace

absl::StatusOr<std::vector<RemiWindow>> Pop909Windows(const std::string& song_dir,
                                                      const WindowOptions& options) {
  const std::string id = song_dir.substr(song_dir.find_last_of('/') + 1);
  STORI_ASSIGN_OR_RETURN(music::Song song,
                         midi::ReadSmfFile(absl::StrCat(song_dir, "/", id, ".mid")));
  const std::string beat_path = absl::StrCat(song_dir, "/beat_midi.txt");
  STORI_ASSIGN_OR_RETURN(auto beat_rows, ReadColumns(beat_path));
  std::vector<double> beat_seconds;
  std::vector<int> downbeats;
  for (std::size_t i = 0; i < beat_rows.size(); ++i) {
    if (beat_rows[i].size() < 3) {
      return absl::InvalidArgumentError(absl::StrCat(beat_path, ":", i + 1, ": expected 3 columns"));
    }
    STORI_ASSIGN_OR_RETURN(double t, ParseDouble(beat_rows[i][0], beat_path, i + 1));
    STORI_ASSIGN_OR_RETURN(double down, ParseDouble(beat_rows[i][2], beat_path, i + 1));
    if (!beat_seconds.empty() && t <= beat_seconds.back()) continue;
    if (down > 0.5) downbeats.push_back(static_cast<int>(beat_seconds.size()));
    beat_seconds.push_back(t);
  }
  if (beat_seconds.size() < 2) {
    return absl::InvalidArgumentError(absl::StrCat(beat_path, ": fewer than 2 beats"));
  }
  STORI_ASSIGN_OR_RETURN(auto chords, ReadLabels(absl::StrCat(song_dir, "/chord_midi.txt")));
  STORI_ASSIGN_OR_RETURN(auto keys, ReadLabels(absl::StrCat(song_dir, "/key_audio.txt")));
  const BeatMap beat_map(beat_seconds);

  std::vector<BeatNote> melody, piano;
  for (const music::Track& t : song.tracks) {
    const std::string name = absl::AsciiStrToUpper(t.name);
    if (name == "MELODY") melody = ToBeats(song, t, beat_map);
    if (name == "PIANO") piano = ToBeats(song, t, beat_map);
  }
  // Chord changes as (beat index rounded, token value).
  std::vector<std::pair<int, int>> chord_beats;
  for (const TimedLabel& c : chords) {
    STORI_ASSIGN_OR_RETURN(int value, HarteChordTokenValue(c.label));
    const int beat = static_cast<int>(std::lround(beat_map.BeatAt(c.start_seconds)));
    if (!chord_beats.empty() && chord_beats.back().first >= beat) chord_beats.pop_back();
    chord_beats.emplace_back(beat, value);
  }
  auto chord_at = [&](int beat) {
    int value = tokens::NoChordTokenValue();
    for (const auto& [b, v] : chord_beats) {
      if (b > beat) break;
      value = v;
    }
    return value;
  };

  std::mt19937 rng(options.seed * 1000003u + static_cast<unsigned>(std::atoi(id.c_str())));
  std::vector<RemiWindow> out;
  const int bars = options.bars;
  for (std::size_t k = 0; k + bars < downbeats.size();) {
    const int start = downbeats[k];
    const int bar_beats = downbeats[k + 1] - start;
    bool regular = bar_beats == 3 || bar_beats == 4;
    for (int j = 1; j < bars && regular; ++j) {
      regular = downbeats[k + j + 1] - downbeats[k + j] == bar_beats;
    }
    if (!regular) {
      ++k;
      continue;
    }
    RemiWindow w;
    w.genre = tokens::GenreIndex("pop");
    w.section = 0;
    w.meter = tokens::MeterIndex(bar_beats, 4);
    w.bars = bars;
    w.steps_per_bar = bar_beats * kStepsPerBeat;
    const double start_sec = beat_seconds[start];
    const double end_sec = beat_map.SecondsAt(start + bars * bar_beats);
    w.tempo_bin = tokens::TempoBin(60.0 * bars * bar_beats / (end_sec - start_sec));
    if (const TimedLabel* key = LabelAt(keys, start_sec)) {
      auto parsed = music::ParseKey(key->label);
      if (parsed.ok()) w.key = parsed->tonic_pc * 2 + (parsed->minor ? 1 : 0);
    }
    const double window_beats = bars * bar_beats;
    std::vector<GridNote> bass, harmony;
    SplitBass(QuantizeWindow(piano, start, window_beats, false), &bass, &harmony);
    std::vector<GridNote> lead = QuantizeWindow(melody, start, window_beats, false);
    if (bass.empty() && harmony.empty() && lead.empty()) {
      k += bars;
      continue;
    }
    for (int b = 0; b < bars; ++b) {
      std::vector<BarChord> bar_chords;
      const int bar_start = start + b * bar_beats;
      bar_chords.push_back({0, chord_at(bar_start)});
      for (const auto& [beat, value] : chord_beats) {
        if (beat > bar_start && beat < bar_start + bar_beats && value != bar_chords.back().chord) {
          bar_chords.push_back({beat - bar_start, value});
        }
      }
      w.chords.push_back(std::move(bar_chords));
    }
    w.tracks.push_back(MakeSegment(TokenRole::kBass, std::move(bass), w.steps_per_bar, bars));
    w.tracks.push_back(
        MakeSegment(TokenRole::kHarmony, std::move(harmony), w.steps_per_bar, bars));
    w.tracks.push_back(MakeSegment(TokenRole::kMelody, std::move(lead), w.steps_per_bar, bars));
    if (options.transpose) {
      const int shift = std::uniform_int_distribution<int>(-5, 6)(rng);
      bool fits = true;
      for (const auto& t : w.tracks) {
        for (const GridNote& n : t.notes) fits = fits && n.pitch + shift >= 0 && n.pitch + shift <= 127;
      }
      if (fits && shift != 0) Transpose(&w, shift);
    }
    out.push_back(std::move(w));
    k += bars;
  }
  return out;
}

}  // namespace stori::dataset
