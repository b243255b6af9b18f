// One window of music in token-grid form: what a token sequence holds (vocabulary.h grammar).
// Dataset preparation fills it from real MIDI; the generator decodes model output into it.
#ifndef STORI_ENGINE_TOKENS_REMI_WINDOW_H_
#define STORI_ENGINE_TOKENS_REMI_WINDOW_H_

#include <vector>

#include "engine/tokens/grid_note.h"
#include "engine/tokens/track_attributes.h"
#include "engine/tokens/vocabulary.h"

namespace stori::tokens {

// Track roles as token values (index into kTrackTokenRoles); equal to music::TrackRole's first
// four enumerators.
enum class TokenRole { kDrums = 0, kBass = 1, kHarmony = 2, kMelody = 3 };

// A chord change inside a bar: beat 0..kMaxBeatsPerBar-1 and a kChord token value
// (root_pc * kNumChordQualities + quality, or the "none" value).
struct BarChord {
  int beat = 0;
  int chord = 0;
  friend bool operator==(const BarChord& a, const BarChord& b) {
    return a.beat == b.beat && a.chord == b.chord;
  }
};

struct TrackSegment {
  TokenRole role = TokenRole::kMelody;
  AttributeBins bins;  // drums use density, velocity_level, syncopation, polyphony, empty_beats
  std::vector<GridNote> notes;  // sorted, start_step in [0, bars * steps_per_bar)
};

struct RemiWindow {
  int genre = 0;         // index into kGenreNames
  int section = 0;       // index into kSectionNames
  int key = kNoKeyValue; // tonic_pc * 2 + minor, or kNoKeyValue
  int meter = 0;         // index into kMeters
  int tempo_bin = 0;
  int bars = 1;
  int steps_per_bar = 4 * kStepsPerBeat;
  std::vector<std::vector<BarChord>> chords;  // per bar (size bars), or empty for none at all
  std::vector<TrackSegment> tracks;
};

// Steps per bar of a meter (4 * numerator / denominator beats); 0 for the "other" entry.
int StepsPerBar(int meter_index);

// The first track of `window` whose role is `role`, or nullptr when it holds none. The pointer
// lives as long as window.tracks is not resized. Thread safety: pure function.
inline const TrackSegment* FindTrack(const RemiWindow& window, TokenRole role) {
  for (const TrackSegment& t : window.tracks) {
    if (t.role == role) return &t;
  }
  return nullptr;
}

}  // namespace stori::tokens

#endif  // STORI_ENGINE_TOKENS_REMI_WINDOW_H_
