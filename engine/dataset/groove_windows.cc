#include "engine/dataset/groove_windows.h"

#include <algorithm>
#include <cmath>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "engine/common/status_macros.h"
#include "engine/midi/smf_reader.h"
#include "engine/music/gm_percussion.h"
#include "engine/tokens/vocabulary.h"

namespace stori::dataset {

absl::StatusOr<std::vector<GrooveEntry>> ReadGrooveInfo(const std::string& groove_dir) {
  const std::string path = absl::StrCat(groove_dir, "/info.csv");
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = absl::StrSplit(line, ',');
  auto column = [&](absl::string_view name) -> int {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (absl::StripAsciiWhitespace(header[i]) == name) return static_cast<int>(i);
    }
    return -1;
  };
  const int style = column("style"), bpm = column("bpm"), meter = column("time_signature"),
            file = column("midi_filename"), split = column("split");
  if (style < 0 || bpm < 0 || meter < 0 || file < 0 || split < 0) {
    return absl::InvalidArgumentError(absl::StrCat(path, ":1: missing a required column"));
  }
  std::vector<GrooveEntry> out;
  int line_number = 1;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    const std::vector<std::string> cells = absl::StrSplit(line, ',');
    if (static_cast<int>(cells.size()) < static_cast<int>(header.size())) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", line_number, ": too few columns"));
    }
    GrooveEntry e;
    e.midi_path = absl::StrCat(groove_dir, "/", cells[file]);
    e.style = cells[style];
    e.bpm = std::atof(cells[bpm].c_str());
    const std::vector<std::string> ts = absl::StrSplit(cells[meter], '-');
    if (ts.size() == 2) {
      e.numerator = std::atoi(ts[0].c_str());
      e.denominator = std::atoi(ts[1].c_str());
    }
    e.split = std::string(absl::StripAsciiWhitespace(cells[split]));
    out.push_back(std::move(e));
  }
  return out;
}

absl::StatusOr<std::vector<tokens::RemiWindow>> GrooveWindows(const GrooveEntry& entry,
                                                              const WindowOptions& options) {
  std::vector<tokens::RemiWindow> out;
  const int meter = tokens::MeterIndex(entry.numerator, entry.denominator);
  const int steps_per_bar = tokens::StepsPerBar(meter);
  if (steps_per_bar <= 0 || steps_per_bar % tokens::kStepsPerBeat != 0) return out;
  STORI_ASSIGN_OR_RETURN(music::Song song, midi::ReadSmfFile(entry.midi_path));
  std::vector<BeatNote> hits;
  double last_beat = 0;
  for (const music::Track& t : song.tracks) {
    for (const music::Note& n : t.notes) {
      const int key = music::CanonicalGmDrum(n.pitch);
      if (key < tokens::kFirstDrumKey || key > tokens::kLastDrumKey) continue;
      const double beat = static_cast<double>(n.start_tick) / song.ppq;
      hits.push_back({beat, 0.25, key, n.velocity});
      last_beat = std::max(last_beat, beat);
    }
  }
  const double bar_beats = static_cast<double>(steps_per_bar) / tokens::kStepsPerBeat;
  const int total_bars = static_cast<int>(std::ceil((last_beat + 1e-6) / bar_beats));
  const std::string genre = entry.style.substr(0, entry.style.find('/'));
  for (int first = 0; first < total_bars; first += options.bars) {
    const int bars = std::min(options.bars, total_bars - first);
    tokens::RemiWindow w;
    w.genre = tokens::GenreIndex(genre);
    w.meter = meter;
    w.tempo_bin = tokens::TempoBin(entry.bpm);
    w.bars = bars;
    w.steps_per_bar = steps_per_bar;
    std::vector<tokens::GridNote> notes =
        QuantizeWindow(hits, first * bar_beats, bars * bar_beats, /*drums=*/true);
    if (notes.empty()) continue;
    w.tracks.push_back(
        MakeSegment(tokens::TokenRole::kDrums, std::move(notes), w.steps_per_bar, bars));
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace stori::dataset
