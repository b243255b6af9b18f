#include "engine/refine/humanizer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include "engine/sampling/rng.h"

namespace stori::refine {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Uniform in [-1, 1).
double Symmetric(sampling::Rng& rng) { return 2.0 * rng.NextDouble() - 1.0; }

}  // namespace

HumanizeParams HumanizeParamsFor(const EmotionVector& e) {
  HumanizeParams p;
  p.accent = 3.0 + 7.0 * e.energy;
  p.phrase_arch = 4.0 + 6.0 * e.tension;
  p.velocity_jitter = 2.0 + 2.0 * (1.0 - e.energy);
  p.timing_jitter_ms = 4.0 + 8.0 * e.intimacy;
  p.laid_back_ms = 10.0 * e.intimacy * (1.0 - e.energy);
  p.articulation = 0.9 + 0.15 * e.intimacy - 0.1 * e.energy * e.motion;
  return p;
}

music::Track Humanize(const music::Track& track, int velocity_floor, int velocity_ceiling,
                      const HumanizeParams& params, const HumanizeFrame& frame, bool keep_timing,
                      std::uint64_t seed) {
  music::Track out = track;
  sampling::Rng rng(seed);
  const int ppq = std::max(24, frame.ppq);
  const double ticks_per_beat = ppq;
  const double bar_ticks = frame.beats_per_bar * ticks_per_beat;
  const double phrase_ticks = bar_ticks * std::max(1, frame.bars_per_phrase);
  const double ticks_per_ms = ticks_per_beat * frame.tempo_bpm / 60000.0;
  const std::int64_t max_shift = ppq / 24 - 1;  // under half a 1/12-beat grid step
  const std::int64_t on_beat_tolerance = ppq / 24;
  const bool drums = track.is_drums() || track.role == music::TrackRole::kDrums;
  const bool laid_back = track.role == music::TrackRole::kHarmony ||
                         track.role == music::TrackRole::kPad ||
                         track.role == music::TrackRole::kMelody;
  const int floor = std::clamp(velocity_floor, 1, 127);
  const int ceiling = std::clamp(velocity_ceiling, floor, 127);

  for (music::Note& n : out.notes) {
    // Velocity: metrical accent, phrase arch, jitter; the targets' bounds are hard.
    const double in_bar = std::fmod(static_cast<double>(n.start_tick), bar_ticks);
    const double in_beat = std::fmod(in_bar, ticks_per_beat);
    const bool on_beat =
        in_beat <= on_beat_tolerance || ticks_per_beat - in_beat <= on_beat_tolerance;
    const bool downbeat = in_bar <= on_beat_tolerance || bar_ticks - in_bar <= on_beat_tolerance;
    double accent = downbeat ? params.accent : on_beat ? params.accent / 2.0 : -params.accent / 4.0;
    const double x = std::fmod(static_cast<double>(n.start_tick), phrase_ticks) / phrase_ticks;
    const double arch = params.phrase_arch * (std::sin(kPi * x) - 0.5);
    const double jitter = params.velocity_jitter * Symmetric(rng);
    n.velocity = std::clamp(static_cast<int>(std::lround(n.velocity + accent + arch + jitter)),
                            floor, ceiling);
    if (keep_timing) continue;
    // Onset: jitter (drums half) plus the laid-back delay, under half a grid step.
    double shift_ms = params.timing_jitter_ms * (drums ? 0.5 : 1.0) * Symmetric(rng);
    if (laid_back) shift_ms += params.laid_back_ms;
    const std::int64_t shift = std::clamp<std::int64_t>(
        std::llround(shift_ms * ticks_per_ms), -max_shift, max_shift);
    const std::int64_t end = n.end_tick();
    n.start_tick = std::clamp<std::int64_t>(n.start_tick + shift, 0,
                                            std::max<std::int64_t>(0, frame.section_ticks - 1));
    n.duration_ticks = std::max<std::int64_t>(1, end - n.start_tick);
  }
  if (!keep_timing && !drums) {
    // Articulation: lengths scaled, not past the section or the next onset of the same pitch.
    std::sort(out.notes.begin(), out.notes.end());
    std::map<int, std::int64_t> next_onset;  // pitch -> onset of the following note
    for (auto it = out.notes.rbegin(); it != out.notes.rend(); ++it) {
      std::int64_t limit = frame.section_ticks > 0 ? frame.section_ticks
                                                   : std::numeric_limits<std::int64_t>::max();
      if (auto found = next_onset.find(it->pitch); found != next_onset.end()) {
        limit = std::min(limit, found->second);
      }
      const std::int64_t scaled = std::max<std::int64_t>(
          1, std::llround(static_cast<double>(it->duration_ticks) * params.articulation));
      it->duration_ticks =
          std::max<std::int64_t>(1, std::min(scaled, limit - it->start_tick));
      next_onset[it->pitch] = it->start_tick;
    }
  }
  std::sort(out.notes.begin(), out.notes.end());
  return out;
}

}  // namespace stori::refine
