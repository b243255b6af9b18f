#include "engine/generate/track_assembly.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "engine/midi/smf_writer.h"
#include "engine/music/key.h"
#include "engine/tokens/vocabulary.h"

namespace stori::generate {

int TicksPerStep(int ppq) { return ppq / tokens::kStepsPerBeat; }

music::Track AssembleTrack(const TrackSpec& spec, std::vector<tokens::GridNote> notes,
                           int section_steps, int ppq, double swing) {
  music::Track track;
  track.name = spec.name.empty() ? spec.track_id : spec.name;
  track.role = spec.role;
  track.program = spec.program;
  track.channel = spec.channel;
  std::map<std::pair<int, int>, tokens::GridNote> merged;  // (start, pitch) -> longest
  for (const tokens::GridNote& n : notes) {
    if (n.start_step < 0 || n.start_step >= section_steps) continue;
    auto [it, inserted] = merged.emplace(std::make_pair(n.start_step, n.pitch), n);
    if (!inserted && n.duration_steps > it->second.duration_steps) it->second = n;
  }
  const int ticks_per_step = TicksPerStep(ppq);
  for (const auto& [key, n] : merged) {
    music::Note out;
    out.start_tick = static_cast<std::int64_t>(n.start_step) * ticks_per_step;
    const int end_step = std::min(n.start_step + std::max(n.duration_steps, 1), section_steps);
    out.duration_ticks = static_cast<std::int64_t>(end_step - n.start_step) * ticks_per_step;
    out.pitch = std::clamp(n.pitch, 0, 127);  // grid notes are in range by construction
    out.velocity = std::clamp(n.velocity, 1, 127);
    if (swing > 0.0 && n.start_step % tokens::kStepsPerBeat == tokens::kStepsPerBeat / 2) {
      const std::int64_t delay =
          std::llround(std::clamp(swing, 0.0, 1.0) * static_cast<double>(ppq) / 6.0);
      const std::int64_t section_end = static_cast<std::int64_t>(section_steps) * ticks_per_step;
      out.start_tick += delay;
      if (out.duration_ticks > delay) {
        out.duration_ticks -= delay;  // the same end as straight
      } else {
        out.duration_ticks = std::min(out.duration_ticks, section_end - out.start_tick);
      }
    }
    track.notes.push_back(out);
  }
  std::sort(track.notes.begin(), track.notes.end());
  return track;
}

void TrimToMonophonicLine(bool keep_highest, std::vector<tokens::GridNote>* notes) {
  std::sort(notes->begin(), notes->end(),
            [keep_highest](const tokens::GridNote& a, const tokens::GridNote& b) {
              if (a.start_step != b.start_step) return a.start_step < b.start_step;
              return keep_highest ? a.pitch > b.pitch : a.pitch < b.pitch;
            });
  notes->erase(std::unique(notes->begin(), notes->end(),
                           [](const tokens::GridNote& a, const tokens::GridNote& b) {
                             return a.start_step == b.start_step;
                           }),
               notes->end());
  for (std::size_t i = 0; i + 1 < notes->size(); ++i) {
    tokens::GridNote& n = (*notes)[i];
    n.duration_steps = std::min(n.duration_steps, (*notes)[i + 1].start_step - n.start_step);
  }
}

double MeasuredSwing(const std::vector<music::Note>& notes, int ppq) {
  if (ppq < 6) return 0.0;
  const std::int64_t half = ppq / 2;
  const double unit = static_cast<double>(ppq) / 6.0;
  double sum = 0.0;
  int count = 0;
  for (const music::Note& n : notes) {
    const std::int64_t offset = n.start_tick % ppq - half;
    if (offset < 0 || offset > static_cast<std::int64_t>(std::llround(unit))) continue;
    sum += static_cast<double>(offset) / unit;
    ++count;
  }
  return count > 0 ? sum / count : 0.0;
}

absl::StatusOr<std::vector<std::uint8_t>> SectionSmf(const std::vector<music::Track>& tracks,
                                                     double tempo_bpm,
                                                     const music::TimeSignature& meter,
                                                     const std::string& key, int ppq) {
  music::Song song;
  song.ppq = ppq;
  song.tempos.push_back({0, static_cast<int>(std::lround(60'000'000.0 / tempo_bpm))});
  music::TimeSignature ts = meter;
  ts.tick = 0;
  song.time_signatures.push_back(ts);
  if (auto parsed = music::ParseKey(key); parsed.ok()) {
    song.key_signatures.push_back(music::KeySignatureFor(*parsed, 0));
  }
  song.tracks = tracks;
  return midi::WriteSmf(song);
}

}  // namespace stori::generate
