// Renders an RMS motif (rms.proto Motif: interval_pattern, rhythm_pattern, anchor_scale_degree,
// register, allowed_transformations) placed by a MotifUsage into notes on the token grid of
// engine/tokens/vocabulary.h (12 steps per beat), ready for the melody generator to force at
// their beats and for the refiner to keep locked.
//
// Rendering, in order:
//   1. Anchor: the key's scale degree `anchor_scale_degree` (music::ScalePitchClasses) placed
//      nearest to the register centre (RegisterCenterPitch(motif.pitch_register) if set, else
//      the caller's `register_center_pitch`); at a tritone either way, the lower one.
//   2. Pitches: anchor + interval_pattern[k] (semitones). Onsets: usage.start_beat + the sum of
//      the earlier rhythm values (RhythmValueBeats); durations: the rhythm values. The rhythm
//      pattern governs when duration_beats disagrees (see MotifWarning).
//   3. The usage's transformation (one per usage), with these rules:
//        transpose          pitches + params.semitones
//        register_shift     pitches + 12 * params.octaves
//        rhythmic_expand    onset offsets and durations * params.factor (> 1)
//        rhythmic_compress  onset offsets and durations * params.factor (< 1)
//        invert             intervals negated: anchor - interval_pattern[k]
//        retrograde         pitch order reversed; the rhythm keeps its order (the phrase keeps
//                           its metric shape: a long last note stays last)
//        intensify          velocity + round(32 * amount) (up to two velocity bins); when
//                           amount >= 0.5, every note starting on a beat is doubled an octave
//                           above (same onset, duration and velocity)
//        simplify           drops floor(amount * (n - 1)) notes, never the first: weakest
//                           metric position first (section beat multiple of 2 > of 1 > of 1/2
//                           > other), then the shortest, then the latest; each dropped note's
//                           time is added to the kept note before it (legato), so the motif's
//                           length is unchanged
//   4. Grid: onsets snapped with tokens::QuantizeOnsetStep (16th and eighth-triplet steps),
//      durations with tokens::QuantizeDurationIndex (tokens::kDurationSteps, at most 8 beats:
//      longer values are cut, with a warning), velocity to VelocityBinCentre(VelocityBin(v)).
//      A note whose snapped onset equals the previous note's is dropped (warning); a note that
//      would overlap the next one is shortened to the longest kDurationSteps value that fits.
//   5. Range: if a pitch falls outside 0..127, the whole motif moves by the fewest octaves that
//      bring every note into range (its contour is kept; never a per-note clamp), with a warning.
//   6. Section end: notes starting at or after `section_steps` are dropped and notes crossing
//      it shortened to the longest kDurationSteps value that fits, with a warning.
#ifndef STORI_ENGINE_MOTIF_MOTIF_RENDERER_H_
#define STORI_ENGINE_MOTIF_MOTIF_RENDERER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/section/section_request.h"
#include "engine/music/key.h"
#include "engine/tokens/grid_note.h"

namespace stori::motif {

struct RenderedMotif {
  // Section-relative steps (12 per beat), sorted by GridNote::operator<; onsets on the onset
  // grid, durations from tokens::kDurationSteps, velocities velocity-bin centres, pitches 0..127.
  std::vector<tokens::GridNote> notes;
  // Human-readable notes on what rendering had to change (cut, shifted, merged notes), each
  // starting "motif <motif_id> at beat <start_beat>: ". Empty when nothing changed.
  std::vector<std::string> warnings;
};

// Renders `usage` of `motif` in `key` (see the file comment for every rule).
// `register_center_pitch`: MIDI pitch 0..127 used when motif.pitch_register is unset (the melody
// track's register centre). `section_steps`: the section's length in steps (> 0). `velocity`:
// 1..127 before intensify and bin snapping.
// Errors: kInvalidArgument naming the motif when usage.transformation is not in
//   motif.allowed_transformations (empty allows all), when the transformation's parameter is
//   missing or out of range (semitones -24..24, octaves -3..3, expand factor (1, 4], compress
//   factor [0.25, 1), amount 0..1), when interval_pattern and rhythm_pattern are empty or differ
//   in length, when anchor_scale_degree is outside 1..7, when usage.start_beat is negative or
//   not before the section end, or when register_center_pitch, section_steps or velocity is out
//   of range.
// Thread safety: pure function, safe to call concurrently.
absl::StatusOr<RenderedMotif> RenderMotif(const Motif& motif,
                                          const MotifUsage& usage, const music::Key& key,
                                          int register_center_pitch, int section_steps,
                                          int velocity);

// The consistency warning of rms.proto's Motif.duration_beats: when rhythm_pattern's length in
// beats differs from duration_beats (by more than 1e-6), "motif leaving_home: rhythm_pattern
// sums to 4 beats, duration_beats says 3; the rhythm pattern governs"; else "".
// Thread safety: pure function.
std::string MotifWarning(const Motif& motif);

// Lower-case RMS name of a transformation ("identity", "transpose", "register_shift", ...).
// Thread safety: pure function.
const char* TransformationName(Transformation transformation);

}  // namespace stori::motif

#endif  // STORI_ENGINE_MOTIF_MOTIF_RENDERER_H_
