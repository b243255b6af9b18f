// Chord-tone ratio: the share of note-on time, or of notes, whose pitch class
// belongs to the chord sounding at the note's onset. The measure of harmonicity used for
// symbolic generation, e.g. "chord tone ratio" in Wu & Yang, "The Jazz Transformer on the Front
// Line" (ISMIR 2020) and the chord accuracy of FIGARO (von Rütte et al., ICLR 2023); MusPy has no
// chord-aware metric.
#ifndef STORI_ENGINE_SCORE_CHORD_TONE_RATIO_H_
#define STORI_ENGINE_SCORE_CHORD_TONE_RATIO_H_

#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "engine/score/chord_timeline.h"
#include "engine/score/note_weighting.h"
#include "engine/tokens/grid_note.h"

namespace stori::score {

// Returns, in 0..1, sum(w(n) for chord-tone notes n) / sum(w(n) for judged notes n), where a note
// is judged when a chord with pitch classes sounds at its start_step (ChordAt; "N" spans and
// steps before the first span are not judged) and w is 1 (kCount) or duration_steps
// (kDuration, the default: the "share of note-on time"). The chord is read at the onset
// only: a note held across a chord change counts against the chord it started in.
// Returns nullopt when no note is judged (no notes, no chords, only "N"). Pitched tracks only:
// drum keys are not pitches.
// Thread safety: pure function.
absl::optional<double> ChordToneRatio(absl::Span<const tokens::GridNote> notes,
                                      const ChordTimeline& chords,
                                      NoteWeighting weighting = NoteWeighting::kDuration);

}  // namespace stori::score

#endif  // STORI_ENGINE_SCORE_CHORD_TONE_RATIO_H_
