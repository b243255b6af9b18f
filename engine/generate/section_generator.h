// SectionGenerator: one section of an RMS -> multi-track notes from the neural model
// (README "How a section is made", steps 1-4): emotion -> targets (engine/targets), then drums -> bass -> harmony
// -> melody in one sequence (decoding_plan.h), each track decoded under the REMI
// grammar constraints with its attribute control tokens set from the targets, motifs forced
// into the melody, `num_candidates` candidates per track kept by score::TrackScore; finally the
// measured attributes, the five dimension scores and a type-1 SMF.
//
// Sections longer than the model's training window (config.json bars_per_window: 4 bars for
// v3, 8 for v4) are decoded window by window; each later window starts with the last
// context_bars bars the section already holds, so the model continues its own music.
#ifndef STORI_ENGINE_GENERATE_SECTION_GENERATOR_H_
#define STORI_ENGINE_GENERATE_SECTION_GENERATOR_H_

#include <array>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "engine/music/track.h"
#include "engine/common/run_context.h"
#include "engine/section/section_request.h"
#include "engine/section/section_result.h"
#include "engine/model/model_runner.h"
#include "engine/targets/control_response.h"
#include "engine/tokens/vocabulary.h"

namespace stori::generate {

struct SectionGeneratorOptions {
  // Bars per decoding window; 0 (the default): the model's training window
  // (model::ModelConfig::bars_per_window, from config.json). A larger value than the model's
  // makes it hear spans it never learned; a smaller one is an ablation.
  int bars_per_window = 0;
  // Bars of context a window after the first starts with (0 .. bars_per_window - 1): bars the
  // section already holds, decoded again as given notes (sampling::TrackConstraintsConfig::
  // given_bars) so that the model continues its own music instead of starting again from the
  // header every bars_per_window bars; each later window then adds bars_per_window -
  // context_bars new bars. 0: independent windows (the behaviour before phrase memory).
  int context_bars = 2;
  // Logit bias (nats) of each onset of a new bar where the same track had one a phrase (4 bars)
  // earlier, per token role (drums, bass, harmony, melody): sampling::TrackConstraintsConfig::
  // echo_onset_bias. The v3 model's window is 4 bars, so it never sees bar 1 while writing bar
  // 5; this is how bars 5-8 restate the rhythm of bars 1-4. 0 for a role: no echo.
  // Fitted as served on the POP909 validation songs (60 sections, FAST, neutral EmotionVector,
  // context_bars 2; stori-evaluate-served --split validation --phrase_echo_bias) against the
  // real phrase_answer_similarity (engine/evaluate/phrase_continuity.h; real drums 0.708, bass
  // 0.592, harmony 0.444, melody 0.390): with no echo the served values were 0.565, 0.512,
  // 0.291, 0.242. Bass 3 nats: 0.543. Harmony 1.5: 0.378 (3 gave 0.434 but 13% fewer notes per
  // bar). Drums 1.5 with their keys echoed too (phrase_echo_pitch_bias): 0.654 (below).
  // Since 2026-12-03 (later) the echo is a group bias over the Positions (it chooses where the
  // next onset falls, not whether one comes: the thinning above is gone) and harmony takes 2
  // with bar_echo_bias (below): harmony phrase answer 0.403 on 192 validation sections (real
  // 0.436; 1.5 gave 0.375, 3 0.419 but bar 5 against bar 4 -25%).
  std::array<float, 4> phrase_echo_bias = {1.5f, 3.0f, 2.0f, 3.0f};
  // Logit bias (nats), per token role, of the pitch the track's top line had at the same step a
  // phrase earlier, for the first note of an onset there (sampling::TrackConstraintsConfig::
  // echo_pitch_bias): bars 5-8 may restate the pitches of bars 1-4, not only their rhythm, where
  // a pitch stands to the chord under it as it stood then (sampling::EchoPitch::chord_tone).
  // Drums: every GM key struck at that step a phrase earlier, for any note there.
  // Melody 3 nats, fitted as above: with the onset echo alone the melody reached 0.331, with
  // 1.5 more on every echoed pitch 0.363, with 3 0.393 (real 0.390), but that held the melody's
  // chord-tone ratio level across tension; echoed only where the chord relation holds, 0.355
  // (models/stori-remi/v3/MODEL_CARD.md, "Phrase memory").
  // Drums 1.5 nats with 1.5 on their onsets (2026-12-03, same 60 validation sections): drums
  // phrase answer 0.557 -> 0.654 (-21% -> -8% of real), notes per bar -17% -> -20%, off-8th
  // onsets +11% -> +5%, kicks per bar +4% -> -7%. Onset echo alone (1.5 or 3) had cut notes per
  // bar to -21% / -25% for 0.589 / 0.595; keys 3 with no onset echo gave 0.680 but off-8th +12%,
  // keys 2 0.650, onsets 1 with keys 3 0.689 with notes per bar -19%; 1.5 / 1.5 left the fewest
  // cells of the table beyond 10% (19 of 59, against 24).
  // Harmony 3 nats on every note of the voicing struck at the step a phrase earlier (2026-12-03,
  // same 60 validation sections): harmony phrase answer 0.372 -> 0.410 (real 0.444; 1.5 gave
  // 0.392), notes per bar -7.3% -> -5.6%, pitch-class continuity -0.5% -> -4.5% of real.
  std::array<float, 4> phrase_echo_pitch_bias = {1.5f, 0.0f, 3.0f, 3.0f};
  // Logit bias (nats), per token role, of each onset where the track started a note one bar
  // earlier (sampling::TrackConstraintsConfig::bar_echo_bias, a group bias over the
  // Positions); 0 for a role: none. Real accompaniment and drums keep a figure from bar to bar
  // more than the model does: on 192 validation sections (FAST, neutral, 2026-12-03) the
  // harmony's 16th-note groove consistency was -10% of real and its bar 5 against bar 4 -23%,
  // the drums' bar 5 against bar 4 -16%, the melody's -17%. Drums 1, harmony 2, melody 1 (with
  // harmony's phrase echo 2 and off_eighth_bias below): harmony groove +1%, bar 5 | 4 -7%;
  // drums bar 5 | 4 -10%, groove +5%; melody bar 5 | 4 -4%. Harmony 1 left its bar 5 | 4 at
  // -15%; drums and melody 1 as plain (ungrouped) biases cut the harmony's notes per bar by 17%.
  std::array<float, 4> bar_echo_bias = {1.0f, 0.0f, 2.0f, 1.0f};
  // Added (nats), per token role, to motion's logit bias of each onset off the 8th-note grid
  // (sampling::TrackConstraintsConfig::off_eighth_bias) where no subdivision constraint gates
  // the onsets; 0 for a role: motion's bias alone. The bar echo favours the onsets the track
  // repeats, most of them on the 8th grid, and took the off-grid share of the harmony from
  // 0.179 to 0.137 on the validation songs (real 0.218; training windows' mean 0.176,
  // engine/targets/CALIBRATION.md), the drums' from 0.411 to 0.381 and the melody's from 0.172
  // to 0.158. Fitted there with the echoes above (192 sections, FAST, neutral): harmony 0.5
  // gives 0.206, drums 0.2 0.403 (real 0.415), melody 0.15 0.164 (0.176).
  std::array<float, 4> off_eighth_bias = {0.2f, 0.0f, 0.5f, 0.15f};
  // Logit bias (nats) of the kick drum (GM 35, 36) in a drum part
  // (sampling::TrackConstraintsConfig::drum_key_bias); 0: the model's own kick density.
  // As served with no bias the drums held a kick on 4.73 sixteenth slots per bar on the POP909
  // validation songs against 3.45 in their paired Groove drums (+37%; test songs 5.02 against
  // 2.97), so the bass, which follows the kick, agreed with it less than real pairs do. Fitted
  // there (stori-evaluate-served --split validation --kick_bias; 60 sections, FAST, neutral):
  // -0.35 gives 3.59 kicks per bar (+4%) and kick-bass agreement 0.409 -> 0.440 (real 0.392);
  // -0.7 gave 2.84 (-18%).
  float kick_bias = -0.35f;
  // Logit bias (nats) of the first note of a Position that repeats the previous onset's pitch,
  // per token role (drums, bass, harmony, melody; sampling::TrackConstraintsConfig::
  // repeated_pitch_bias); applied to the melody and the bass, the monophonic lines. As served
  // with none the shipped model repeated its previous pitch at 30% (melody) and 46% (bass) of
  // onsets on 60 held-out test requests. Fitted (2026-12-03) on the validation songs
  // (stori-evaluate-served --split validation --repeated_pitch_bias; 60 sections, FAST,
  // neutral) to the training songs' mean rate (engine/targets/CALIBRATION.md: melody 0.234,
  // bass 0.218; the validation windows' own: 0.225, 0.217): melody -0.7 gave 0.169, -0.4 0.209,
  // -0.3 0.223; bass -1.6 gave 0.189, -1.2 0.208, -1.1 0.216. (The first fit, -0.7 / -1.6, was
  // to 60 test sections whose real rate, 0.162 / 0.209, lies below the training songs'.)
  // Low tension's stronger chord-tone bias also favours repeating a chord tone: Stori's default
  // tension 0.3 repeats more than neutral (validation, -0.7: 0.206 against 0.169). Giving a
  // repeat the neutral chord-tone bias at every tension (tried 2026-12-03) held it at 0.178 but
  // took tension's leap rate and chord-tone ratio moves from 23 and 24 of 24 validation pairs to
  // 20 and 20 (stori-evaluate-axes --axes tension --split validation): the calm melody's repeats
  // are part of how tension moves it, so the repeat keeps the chord-tone bias.
  std::array<float, 4> repeated_pitch_bias = {0.0f, -1.1f, 0.0f, -0.3f};
  int max_tokens_per_bar = 140; // per track; harmony in POP909 peaks near 120
  // Target -> control-token correction (engine/targets/control_response.h); a fitting program
  // passes its trial gains here.
  targets::ControlResponse control_response = targets::FittedControlResponse();
};

class SectionGenerator {
 public:
  // `runner` must outlive the generator.
  explicit SectionGenerator(const model::ModelRunner& runner,
                            SectionGeneratorOptions options = SectionGeneratorOptions());

  // Generates `request.section`. Same request and seed -> same notes on the same build
  // (every random draw comes from Rng::Derive(seed, section, window, track, candidate)).
  // Errors: kInvalidArgument for what the model cannot represent (a bar longer than 8 beats,
  //   a bar not a whole number of 1/12 beats) or a motif that cannot be rendered;
  //   kCancelled / kDeadlineExceeded when ctx's stop token trips (checked every few decoding
  //   steps); kResourceExhausted past the model's positions; kInternal for a model failure.
  // Thread safety: thread-safe; concurrent calls share the runner.
  absl::StatusOr<SectionResult> Generate(const SectionRequest& request,
                                         const RunContext& ctx) const;

  // As Generate, with some tracks kept note for note (RefineSection's untouched tracks):
  // `locked_tracks` is empty or holds one entry per request.tracks entry; a set entry (notes in
  // ticks at music::kDefaultPpq from the section start) is not decoded. Its notes come back
  // exactly as given (cut to the section), and the tracks decoded after it in the sequence hear
  // them, quantized to the token grid, as if the model had written them.
  // Errors: Generate's; kInvalidArgument when locked_tracks has another size.
  absl::StatusOr<SectionResult> Generate(
      const SectionRequest& request, const RunContext& ctx,
      const std::vector<absl::optional<music::Track>>& locked_tracks) const;

  const tokens::Vocabulary& vocabulary() const { return vocab_; }

  // The decoding window in bars: options.bars_per_window, or the model's when that is 0.
  int bars_per_window() const;

 private:
  const model::ModelRunner& runner_;
  SectionGeneratorOptions options_;
  tokens::Vocabulary vocab_;
};

}  // namespace stori::generate

#endif  // STORI_ENGINE_GENERATE_SECTION_GENERATOR_H_
