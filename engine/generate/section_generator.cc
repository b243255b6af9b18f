#include "engine/generate/section_generator.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/common/status_macros.h"
#include "engine/generate/decoding_plan.h"
#include "engine/generate/default_progression.h"
#include "engine/generate/intent_records.h"
#include "engine/generate/token_controls.h"
#include "engine/generate/track_assembly.h"
#include "engine/generate/track_decoder.h"
#include "engine/generate/track_sequence.h"
#include "engine/motif/motif_renderer.h"
#include "engine/music/gm_percussion.h"
#include "engine/music/key.h"
#include "engine/sampling/rng.h"
#include "engine/score/dimension_scores.h"
#include "engine/score/leap_rate.h"
#include "engine/targets/dimension_targets.h"
#include "engine/targets/emotion_targets.h"
#include "engine/tokens/chord_token.h"
#include "engine/tokens/quantization.h"
#include "engine/tokens/remi_encoder.h"
#include "engine/tokens/track_attributes.h"
#include "engine/transition/boundary_repair.h"
#include "spdlog/spdlog.h"

namespace stori::generate {
namespace {

using tokens::GridNote;
using tokens::TokenId;
using tokens::TokenKind;

// Logit bias of each onset off the 8th-note grid from motion 0..1: 2 ln 2 (motion - 0.5), so
// motion 0.5 keeps the model's own share, motion 1 doubles the odds of each such Position and
// motion 0 halves them.
float OffEighthBias(float motion) {
  return static_cast<float>(2.0 * std::log(2.0) * (static_cast<double>(motion) - 0.5));
}

// Log odds ratio of a leap to a step (a line's next onset more than 2 semitones from its
// previous one, against 1 or 2; sampling::TrackConstraintsConfig::leap_bias) from the track's
// leap_probability target p: 0.75 * (logit(p) - logit(p_real)), so that the neutral target (the
// real mean p_real, engine/targets/CALIBRATION.md: melody 0.324, bass 0.552) keeps the model's
// own choice and every other target moves the leap-to-step odds by its odds ratio to the real
// mean to the power 0.75 (a leap_probability constraint of 0.9 gives the melody about 2.3
// nats). p is clamped to [0.02, 0.98]. The exponent, swept from tension 0.1 to 0.9 with the same
// seed (stori-evaluate-axes --axes tension): the full odds ratio (then on leaps only) raised the
// leap rate in 12 of 12 held-out sections but held the chord-tone ratio level (it fell in 5 of
// 12, against 10 of 12 with no leap bias: the added leaps land mostly on chord tones). 0.5 was
// enough while the melody decoded within +- 0.75 of its register spread (leaps rose in 22 of 24
// validation and 21 of 24 test sections); the wider melody window (kMelodyDerivedRegisterWindow)
// let the low-tension melody leap more and the 24 validation pairs fell to 18 (19 at a 0.875
// window). At 0.75 with the wider window: leaps rise in 21 of 24 validation and 24 of 24 test
// pairs and the chord-tone ratio falls in 23 of 24 on both; at Stori's default tension 0.3 the
// melody's repeated-pitch rate stays within 7% of real on the validation songs.
constexpr double kLeapOddsExponent = 0.75;
float LeapBias(double target, double real_mean) {
  auto logit = [](double p) {
    p = std::clamp(p, 0.02, 0.98);
    return std::log(p / (1.0 - p));
  };
  return static_cast<float>(kLeapOddsExponent * (logit(target) - logit(real_mean)));
}
constexpr double kMelodyRealLeapRate = 0.324;
constexpr double kBassRealLeapRate = 0.552;

// Logit bias of the melody's notes on the key's minor degrees (b3, b6, b7 above the tonic) from
// valence -1..+1: -kModeColourMaxBias * valence, so valence 0 leaves the model's own choice, -1
// makes each such note e^3.5 = 33 times likelier and +1 33 times less likely. Valence's mode
// colour beside its register (TARGETS.md). With 0.8 nats (the first value) 7 of 12 held-out
// sections swept from valence -0.8 to +0.8 had no minor degree at either end (the model's own
// odds of one are tiny in a major key); with 2.5 the melody's minor-degree share went from 0.330
// to 0.019 on average over 24 sections and fell in 21 of them, 3 ties, later 19 of 24 with 5
// ties (the sad end still without a minor degree). With 3.5 (2026-12-03): 0.417 -> 0.006, 22 of
// 24 test pairs (2 ties) and 0.577 -> 0.011, 23 of 24 validation pairs (1 tie)
// (models/stori-remi/v3/as_served/axes.md, axes_validation.md). Valence 0, the neutral and
// Stori's default EmotionVector, is unaffected.
constexpr float kModeColourMaxBias = 3.5f;
float ModeColourBias(float valence) { return -kModeColourMaxBias * valence; }

// Bars per phrase: the 4-bar unit of POP909's phrase annotations (Dai et al. 2020) and of the
// model's training window; bars 5-8 of a section echo bars 1-4 (phrase_echo_bias).
constexpr int kPhraseBars = 4;

// Half-width of a derived register window in units of the target's full register spread
// (RegisterWindow), per role. The spread target is the real mean width of a 4-bar window
// (CALIBRATION.md); an 8-bar section decoded as continuing windows needs more room for its
// melody, whose second phrase moves away from its first. On the POP909 validation songs (60
// sections, FAST, neutral EmotionVector, with phrase memory) the melody's range over 8 bars was
// 12.8% narrower than real at 0.75 and 2.9% at 1.0; bass and harmony ranges were within 8% at
// 0.75 and widened to +5% / -0% at 1.0 while the bass's repeated-pitch rate fell 28% below real,
// so they keep 0.75. The wider melody window took leap control from tension until the leap bias
// grew with it (kLeapOddsExponent).
constexpr double kDerivedRegisterWindow = 0.75;
constexpr double kMelodyDerivedRegisterWindow = 1.0;

// Logit bias of a bass onset where the kick drum plays: e^4, 55 times the odds, so that the bass
// locks to the kick wherever the chord changes leave it a choice. ln 3 (the first value) left
// the bass agreeing with its own section's kick no more than with another section's (0.36 /
// 0.35; real 0.48 / 0.44, models/stori-remi/v3/as_served); on the validation songs ln 8 gave
// 0.400 / 0.385 and 4 gave 0.430 / 0.380 (real 0.392 / 0.300).
constexpr float kKickFollowBias = 4.0f;

// Rng stream (of a track's seed in a window) of the empty-beat pacing phase
// (sampling::TrackConstraintsConfig::empty_beat_phase); far above the candidate indexes that
// track_decoder.cc derives from the same seed.
constexpr std::uint64_t kEmptyBeatPhaseStream = 0xE3B7u;

// Fills `tr`'s measured attributes from its grid notes (`notes`, the ones scored) and its
// assembled track (swing, ranges).
void MeasureTrackResult(const std::vector<GridNote>& notes, int bars, int steps_per_bar, int ppq,
                        TrackResult* tr) {
  tr->measured_swing = MeasuredSwing(tr->track.notes, ppq);
  tr->measured = tokens::MeasureTrack(notes, bars, steps_per_bar);
  tr->measured_bins = tokens::AttributeBinsOf(tr->measured);
  tr->measured_leap_rate = score::LeapRate(notes).value_or(0.0);
  tr->pitch_low = tr->pitch_high = tr->velocity_min = tr->velocity_max = 0;
  for (std::size_t k = 0; k < tr->track.notes.size(); ++k) {
    const music::Note& n = tr->track.notes[k];
    tr->pitch_low = k == 0 ? n.pitch : std::min(tr->pitch_low, n.pitch);
    tr->pitch_high = k == 0 ? n.pitch : std::max(tr->pitch_high, n.pitch);
    tr->velocity_min = k == 0 ? n.velocity : std::min(tr->velocity_min, n.velocity);
    tr->velocity_max = k == 0 ? n.velocity : std::max(tr->velocity_max, n.velocity);
  }
}

double MsSince(absl::Time start) { return absl::ToDoubleMilliseconds(absl::Now() - start); }

// Everything about the section that all windows share.
struct SectionContext {
  int bars = 0;
  int steps_per_bar = 0;
  int section_steps = 0;
  int meter_index = 0;
  int tempo_bin = 0;
  int key_value = tokens::kNoKeyValue;
  int drum_genre = 0;
  std::vector<int> scale_pitch_classes;
  targets::SectionTargets targets;
  DecodingPlan plan;
  std::vector<GridNote> motif_notes;  // steps from the section start, for the motif track
};

absl::StatusOr<int> StepsPerBarOf(const music::TimeSignature& ts) {
  const double steps = tokens::kStepsPerBeat * ts.beats_per_bar();
  if (std::abs(steps - std::round(steps)) > 1e-9 || steps < 1 || steps > tokens::kMaxStepsPerBar) {
    return absl::InvalidArgumentError(absl::StrCat(
        "time signature ", ts.numerator, "/", ts.denominator, ": the model's bars hold 1..",
        tokens::kMaxBeatsPerBar, " beats on a 1/", tokens::kStepsPerBeat, "-beat grid"));
  }
  return static_cast<int>(std::lround(steps));
}

tokens::RemiWindow HeaderWindow(const SectionContext& s, int genre, int key_value) {
  tokens::RemiWindow w;
  w.genre = genre;
  w.section = 0;  // training data carries no section labels (vocabulary.h kSectionNames)
  w.key = key_value;
  w.meter = s.meter_index;
  w.tempo_bin = s.tempo_bin;
  return w;
}

// A kept track's notes (ticks at music::kDefaultPpq) on the token grid: onsets to the nearest
// grid step, durations to the nearest token duration (drums: a 16th), velocities to their bin
// centre; notes outside the section or the vocabulary's pitch range are left out.
std::vector<GridNote> LockedGridNotes(const music::Track& track, bool drums, int section_steps) {
  std::vector<GridNote> out;
  const double ppq = music::kDefaultPpq;
  for (const music::Note& n : track.notes) {
    GridNote g;
    g.start_step = tokens::QuantizeOnsetStep(static_cast<double>(n.start_tick) / ppq);
    if (g.start_step < 0 || g.start_step >= section_steps) continue;
    if (drums) {
      if (n.pitch < tokens::kFirstDrumKey || n.pitch > tokens::kLastDrumKey) continue;
      g.duration_steps = tokens::kDrumDurationSteps;
    } else {
      g.duration_steps = tokens::kDurationSteps[tokens::QuantizeDurationIndex(
          std::max(static_cast<double>(n.duration_ticks), 1.0) / ppq)];
    }
    g.pitch = n.pitch;
    g.velocity = tokens::VelocityBinCentre(tokens::VelocityBin(std::clamp(n.velocity, 1, 127)));
    out.push_back(g);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end(),
                        [](const GridNote& a, const GridNote& b) {
                          return a.start_step == b.start_step && a.pitch == b.pitch;
                        }),
            out.end());
  return out;
}

// A kept track as it came (ticks at `ppq` == music::kDefaultPpq), with the spec's identity and
// its notes cut to the section.
music::Track LockedTrack(const TrackSpec& spec, const music::Track& kept, int section_steps,
                         int ppq) {
  music::Track track = kept;
  track.name = spec.name.empty() ? spec.track_id : spec.name;
  track.role = spec.role;
  track.program = spec.program;
  track.channel = spec.channel;
  const std::int64_t end = static_cast<std::int64_t>(section_steps) * TicksPerStep(ppq);
  std::vector<music::Note> notes;
  for (music::Note n : kept.notes) {
    if (n.start_tick < 0 || n.start_tick >= end) continue;
    n.duration_ticks = std::min(n.duration_ticks, end - n.start_tick);
    notes.push_back(n);
  }
  std::sort(notes.begin(), notes.end());
  track.notes = std::move(notes);
  return track;
}

// The pitch range a pitched track decodes in: the role's (and track register's) range
// `planned` narrowed around register_center: to +- register_spread / 2 when a constraint set the
// spread (a hard bound), else to +- kDerivedRegisterWindow (kMelodyDerivedRegisterWindow for a
// melody) * register_spread (at least 6), a guard against runaway registers that leaves the
// model's own spread room (a derived spread is the real mean width, so bounding at +- half of it
// cut real ranges short: as served, pitch ranges came out 22-27% narrower than real; at +- the
// whole spread, 16-22% wider).
void RegisterWindow(const targets::TrackTargets& t, const PlannedTrack& planned, int* min_pitch,
                    int* max_pitch) {
  const double window = t.role == music::TrackRole::kMelody ? kMelodyDerivedRegisterWindow
                                                             : kDerivedRegisterWindow;
  const int half_width =
      t.register_spread_constrained
          ? t.register_spread / 2
          : std::max(static_cast<int>(std::lround(window * t.register_spread)), 6);
  int lo = std::max(planned.min_pitch, t.register_center - half_width);
  int hi = std::min(planned.max_pitch, t.register_center + half_width);
  if (lo > hi) {  // the centre lies outside the role's range: the nearest edge of it
    lo = hi = std::clamp(t.register_center, planned.min_pitch, planned.max_pitch);
  }
  *min_pitch = lo;
  *max_pitch = hi;
}

// Moves `notes` by whole octaves so that all lie within lo..hi; false (notes unchanged) when
// their span is wider than the window.
bool ShiftIntoRegister(int lo, int hi, std::vector<GridNote>* notes) {
  if (notes->empty()) return true;
  int low = 127, high = 0;
  for (const GridNote& n : *notes) {
    low = std::min(low, n.pitch);
    high = std::max(high, n.pitch);
  }
  if (high - low > hi - lo) return false;
  int shift = 0;
  while (low + shift < lo) shift += 12;
  while (high + shift > hi) shift -= 12;
  if (low + shift < lo) return false;  // no octave position fits
  for (GridNote& n : *notes) n.pitch += shift;
  return true;
}

}  // namespace

SectionGenerator::SectionGenerator(const model::ModelRunner& runner,
                                   SectionGeneratorOptions options)
    : runner_(runner), options_(options) {}

int SectionGenerator::bars_per_window() const {
  return options_.bars_per_window > 0 ? options_.bars_per_window
                                      : runner_.config().bars_per_window;
}

absl::StatusOr<SectionResult> SectionGenerator::Generate(const SectionRequest& request,
                                                         const RunContext& ctx) const {
  return Generate(request, ctx, {});
}

absl::StatusOr<SectionResult> SectionGenerator::Generate(
    const SectionRequest& request, const RunContext& ctx,
    const std::vector<absl::optional<music::Track>>& locked_tracks) const {
  const absl::Time start = absl::Now();
  if (!locked_tracks.empty() && locked_tracks.size() != request.tracks.size()) {
    return absl::InvalidArgumentError(absl::StrCat("locked_tracks has ", locked_tracks.size(),
                                                   " entries; expected one per track (",
                                                   request.tracks.size(), ")"));
  }
  auto locked = [&](int index) {
    return !locked_tracks.empty() && locked_tracks[index].has_value();
  };
  SectionResult result;
  // A section without chords plays over a default progression in its key (the model otherwise
  // conditions on "no chord" and leaves the key).
  SectionSpec with_chords = request.section;
  if (with_chords.chords.empty()) {
    if (auto key = music::ParseKey(with_chords.key); key.ok()) {
      const float every_bars = request.constraints.harmonic_rhythm_bars.value_or(1.0f);
      with_chords.chords = DefaultProgression(with_chords, *key, every_bars);
      // No field path: a flat request has no chords field, an RMS section an empty one.
      result.warnings.push_back({"", absl::StrCat(
          "section ", with_chords.section_id, ": no chords given; played over ",
          ProgressionText(with_chords.chords), " (one chord per ", every_bars,
          " bar(s), chosen by key, valence and tension: engine/generate/default_progression.h)")});
    }
  }
  const SectionSpec& section = with_chords;
  result.section_id = section.section_id;
  result.section_index = request.section_index;
  result.bars = section.bars;
  result.tempo_bpm = section.tempo_bpm;
  result.time_signature = section.time_signature;
  result.key = section.key;
  result.model_id = runner_.model_id();
  result.model_version = runner_.model_version();
  result.seed_used = request.seed;

  SectionContext s;
  s.bars = section.bars;
  STORI_ASSIGN_OR_RETURN(s.steps_per_bar, StepsPerBarOf(section.time_signature));
  s.section_steps = s.bars * s.steps_per_bar;
  s.meter_index = tokens::MeterIndex(section.time_signature.numerator,
                                     section.time_signature.denominator);
  s.tempo_bin = tokens::TempoBin(section.tempo_bpm);
  STORI_ASSIGN_OR_RETURN(s.key_value, KeyTokenValue(section.key));
  s.drum_genre = tokens::GenreIndex(request.genre);
  music::Key key;
  absl::optional<music::Key> scoring_key;
  if (auto parsed = music::ParseKey(section.key); parsed.ok()) {
    key = *parsed;
    scoring_key = key;
    s.scale_pitch_classes = music::ScalePitchClasses(key);
  }
  s.targets = targets::ComputeTargets(request, options_.control_response);
  const bool trace = request.include_intent_trace;
  if (trace) {
    AppendTargetDecisions(request, targets::ExplainTargets(request, options_.control_response),
                          &result.intent_trace);
  }
  s.plan = PlanDecoding(request);
  result.timings.targets_ms = MsSince(start);

  // Motifs: rendered onto the grid and forced into the first active melody track.
  const PlannedTrack* motif_track = nullptr;
  for (const PlannedTrack& t : s.plan.shared) {
    if (t.receives_motifs) motif_track = &t;
  }
  const std::string usages_path =
      absl::StrCat("sections[", request.section_index, "].motif_usages");
  for (std::size_t k = 0; k < request.motifs.size(); ++k) {
    if (std::string w = motif::MotifWarning(request.motifs[k]); !w.empty()) {
      result.warnings.push_back({absl::StrCat("motifs[", k, "].duration_beats"), std::move(w)});
    }
  }
  if (!section.motif_usages.empty() && motif_track == nullptr) {
    result.warnings.push_back(
        {usages_path, absl::StrCat("section ", section.section_id, ": ",
                                   section.motif_usages.size(),
                                   " motif usage(s) not rendered: no active melody track")});
  }
  if (motif_track != nullptr) {
    const targets::TrackTargets& mt = s.targets.tracks[motif_track->request_index];
    for (std::size_t i = 0; i < section.motif_usages.size(); ++i) {
      const MotifUsage& usage = section.motif_usages[i];
      auto rendered = motif::RenderMotif(request.motifs[usage.motif_index], usage, key,
                                         mt.register_center, s.section_steps,
                                         (mt.velocity_floor + mt.velocity_ceiling) / 2);
      if (!rendered.ok()) {
        return absl::Status(rendered.status().code(),
                            absl::StrCat("section.motif_usages[", i, "]: ",
                                         rendered.status().message()));
      }
      const std::string usage_path = absl::StrCat(usages_path, "[", i, "]");
      for (std::string& w : rendered->warnings) {
        result.warnings.push_back({usage_path, std::move(w)});
      }
      if (request.constraints.register_center.has_value() ||
          request.constraints.register_spread.has_value()) {
        // The register constraint bounds the melody's notes, motif notes included: the motif
        // moves by octaves into the window (its shape kept) when it fits there.
        int lo = 0, hi = 127;
        RegisterWindow(mt, *motif_track, &lo, &hi);
        if (!ShiftIntoRegister(lo, hi, &rendered->notes)) {
          result.warnings.push_back(
              {usage_path,
               absl::StrCat("section.motif_usages[", i,
                            "]: the motif spans more than the register constraint ", lo, "..", hi,
                            " allows; played where its register puts it")});
        }
      }
      if (trace) {
        result.intent_trace.push_back(MotifDecision(static_cast<int>(i),
                                                    request.motifs[usage.motif_index], usage,
                                                    mt.register_center, rendered->notes));
      }
      s.motif_notes.insert(s.motif_notes.end(), rendered->notes.begin(), rendered->notes.end());
    }
    std::sort(s.motif_notes.begin(), s.motif_notes.end());
  }

  std::vector<std::vector<GridNote>> notes(request.tracks.size());
  for (std::size_t i = 0; i < request.tracks.size(); ++i) {
    if (locked(static_cast<int>(i))) {
      notes[i] = LockedGridNotes(*locked_tracks[i], request.tracks[i].role == music::TrackRole::kDrums,
                                 s.section_steps);
    }
  }
  STORI_ASSIGN_OR_RETURN(const auto section_chords, BarChords(section, 0, s.bars));
  std::vector<double> score_sum(request.tracks.size(), 0.0);
  std::vector<int> score_count(request.tracks.size(), 0);
  const absl::Time decode_start = absl::Now();
  const int window_bars = std::max(1, bars_per_window());
  const int context_bars = std::clamp(options_.context_bars, 0, window_bars - 1);
  for (int new_from = 0, window = 0; new_from < s.bars; ++window) {
    // This window decodes bars [first_bar, first_bar + bars) of the section; the first
    // `given_bars` of them (a continuation window's context) are notes the section already
    // holds, decoded again as forced notes so that the model continues from them; the rest are
    // new. With context, a later window starts context_bars before the first new bar (earlier
    // near the section's end, so that it keeps the model's window length).
    const int first_bar =
        window == 0 || context_bars == 0
            ? new_from
            : std::max(0, std::min(new_from - context_bars, s.bars - window_bars));
    const int bars = std::min(window_bars, s.bars - first_bar);
    const int given_bars = new_from - first_bar;
    new_from = first_bar + bars;
    const int window_start_step = first_bar * s.steps_per_bar;
    const int given_steps = given_bars * s.steps_per_bar;
    STORI_ASSIGN_OR_RETURN(auto chords, BarChords(section, first_bar, bars));
    std::vector<int> window_kicks;  // kick onsets of this window's shared drum track (steps)
    const score::ChordTimeline window_chords =
        score::ChordTimelineFromBarChords(chords, s.steps_per_bar);
    // Decodes `planned` in `state` (which holds the prompt up to the track start).
    auto decode = [&](const PlannedTrack& planned, model::DecodeState* state,
                      std::vector<float> logits, int reserve_tokens) -> absl::Status {
      const targets::TrackTargets& t = s.targets.tracks[planned.request_index];
      const std::uint64_t track_seed = sampling::Rng::Derive(
          sampling::Rng::Derive(request.seed, static_cast<std::uint64_t>(request.section_index),
                                static_cast<std::uint64_t>(window)),
          static_cast<std::uint64_t>(planned.request_index), 0);
      sampling::TrackConstraintsConfig c;
      c.role = planned.token_role;
      c.bars = bars;
      c.steps_per_bar = s.steps_per_bar;
      if (planned.token_role != tokens::TokenRole::kDrums) c.chords = chords;
      c.enter_bar = std::max(0, planned.enter_bar - first_bar);
      c.min_pitch = planned.min_pitch;
      c.max_pitch = planned.max_pitch;
      if (planned.token_role != tokens::TokenRole::kDrums) {
        RegisterWindow(t, planned, &c.min_pitch, &c.max_pitch);
      }
      // Index of the per-role arrays of SectionGeneratorOptions.
      const int role_index = static_cast<int>(planned.token_role);
      // A subdivision constraint gates onsets to its grid; otherwise motion biases the share of
      // onsets off the 8th grid and the model's own rhythm comes through.
      if (t.subdivision_constrained) {
        c.onset_steps = OnsetStepMask(t.subdivision, t.swing);
      } else {
        c.off_eighth_bias =
            OffEighthBias(section.emotion.motion) + options_.off_eighth_bias[role_index];
      }
      if (planned.token_role == tokens::TokenRole::kDrums && options_.kick_bias != 0) {
        c.biased_drum_keys.assign(music::kGmKickKeys.begin(), music::kGmKickKeys.end());
        c.drum_key_bias = options_.kick_bias;
      }
      c.root_at_chord_changes = planned.token_role == tokens::TokenRole::kBass;
      if (planned.token_role == tokens::TokenRole::kBass && !window_kicks.empty()) {
        c.favored_onset_steps = window_kicks;
        c.favored_onset_bias = kKickFollowBias;
      }
      const bool monophonic = planned.token_role == tokens::TokenRole::kBass ||
                              planned.token_role == tokens::TokenRole::kMelody;
      if (monophonic) {
        c.max_notes_per_position = 1;  // TrimToMonophonicLine's lines
        c.repeated_pitch_bias = options_.repeated_pitch_bias[role_index];
        c.leap_bias = LeapBias(t.leap_probability,
                               planned.token_role == tokens::TokenRole::kMelody
                                   ? kMelodyRealLeapRate
                                   : kBassRealLeapRate);
      }
      if (planned.token_role == tokens::TokenRole::kMelody && scoring_key.has_value()) {
        // Valence's mode colour: the key's minor degrees favoured when sad, avoided when bright.
        for (int degree : {3, 8, 10}) {
          c.mode_colour_pitch_classes.push_back((scoring_key->tonic_pc + degree) % 12);
        }
        c.mode_colour_bias = ModeColourBias(section.emotion.valence);
      }
      VelocityBinRange(t.velocity_floor, t.velocity_ceiling, &c.min_velocity_bin,
                       &c.max_velocity_bin);
      // Given bars: the notes this track already holds there (motif notes among them).
      c.given_bars = given_bars;
      for (GridNote n : notes[planned.request_index]) {
        n.start_step -= window_start_step;
        if (n.start_step >= 0 && n.start_step < given_steps) c.forced_notes.push_back(n);
      }
      if (planned.receives_motifs) {
        for (GridNote n : s.motif_notes) {
          n.start_step -= window_start_step;
          if (n.start_step < given_steps || n.start_step >= bars * s.steps_per_bar) continue;
          c.forced_notes.push_back(n);
        }
      }
      std::sort(c.forced_notes.begin(), c.forced_notes.end());
      // Phrase echo: the track's onsets one phrase before this window's new bars.
      c.echo_onset_bias = options_.phrase_echo_bias[role_index];
      c.echo_pitch_bias = options_.phrase_echo_pitch_bias[role_index];
      c.bar_echo_bias = options_.bar_echo_bias[role_index];
      const bool drums = planned.token_role == tokens::TokenRole::kDrums;
      if (c.echo_onset_bias != 0 || c.echo_pitch_bias != 0) {
        // Lines echo their top line; drums and harmony every note of a step.
        const bool every_note = !monophonic;
        const int phrase_steps = kPhraseBars * s.steps_per_bar;
        std::vector<GridNote> sorted = notes[planned.request_index];
        std::sort(sorted.begin(), sorted.end());
        for (const GridNote& n : sorted) {
          const int echo = n.start_step + phrase_steps - window_start_step;
          if (echo < given_steps || echo >= bars * s.steps_per_bar) continue;
          // Per step a line keeps the last (highest) note, its top line.
          const bool same_step = !c.echo_pitches.empty() && c.echo_pitches.back().step == echo;
          if (!same_step) {
            c.echo_onset_steps.push_back(echo);
          } else if (!every_note) {
            c.echo_pitches.pop_back();
          }
          sampling::EchoPitch e;
          e.step = echo;
          e.pitch = n.pitch;
          const int bar = n.start_step / s.steps_per_bar;
          if (!drums && bar < static_cast<int>(section_chords.size())) {
            const std::vector<int> then = tokens::ChordTokenPitchClasses(tokens::ChordAtPosition(
                section_chords[bar], n.start_step % s.steps_per_bar));
            e.chord_tone = std::find(then.begin(), then.end(), n.pitch % 12) != then.end();
          }
          c.echo_pitches.push_back(e);
        }
      }
      c.token_budget = std::min(options_.max_tokens_per_bar * bars,
                                runner_.max_positions() - state->positions() - reserve_tokens);
      // The EmptyBeats control token asks for this many silent beats; the decoder keeps to it
      // (the model alone under top-p leaves too few, models/stori-remi/v3/MODEL_CARD.md).
      sampling::BoundEmptyBeats(t.bins.empty_beats, &c);
      c.empty_beat_phase =
          sampling::Rng(sampling::Rng::Derive(track_seed, kEmptyBeatPhaseStream, 0)).NextDouble();
      if (planned.token_role != tokens::TokenRole::kDrums) {
        c.chord_tone_bias = static_cast<float>(s.targets.chord_tone_bias);
        c.scale_tone_bias = static_cast<float>(s.targets.scale_tone_bias);
        c.scale_pitch_classes = s.scale_pitch_classes;
      }
      TrackDecodeInput in;
      in.constraints = std::move(c);
      in.sampler.temperature = static_cast<float>(s.targets.temperature);
      in.sampler.top_p = static_cast<float>(s.targets.top_p);
      in.num_candidates = std::max(1, request.num_candidates);
      in.seed = track_seed;
      const score::DimensionTargets dimension_targets = targets::DimensionTargetsOf(t);
      in.score = [&](const std::vector<GridNote>& candidate) {
        return score::TrackScore(t.role, candidate, dimension_targets, window_chords, scoring_key,
                                 s.steps_per_bar, bars);
      };
      const absl::Time track_start = absl::Now();
      STORI_ASSIGN_OR_RETURN(TrackDecodeOutput out,
                             DecodeTrack(runner_, vocab_, state, std::move(logits), in, ctx));
      double* role_ms[] = {&result.timings.drums_ms, &result.timings.bass_ms,
                           &result.timings.harmony_ms, &result.timings.melody_ms};
      *role_ms[static_cast<int>(planned.token_role)] += MsSince(track_start);
      if (planned.token_role == tokens::TokenRole::kDrums) {
        for (const GridNote& n : out.notes) {
          if (music::IsGmKick(n.pitch)) window_kicks.push_back(n.start_step);
        }
        std::sort(window_kicks.begin(), window_kicks.end());
        window_kicks.erase(std::unique(window_kicks.begin(), window_kicks.end()),
                           window_kicks.end());
      }
      std::vector<GridNote>& track_notes = notes[planned.request_index];
      for (GridNote n : out.notes) {
        if (n.start_step < given_steps) continue;  // the given bars' notes, already held
        n.start_step += window_start_step;
        // Velocity bins are 8 wide; the target range is a hard bound (GenerationConstraints).
        n.velocity = std::clamp(n.velocity, t.velocity_floor, t.velocity_ceiling);
        track_notes.push_back(n);
      }
      if (monophonic) {  // over the whole track: a note held into the new bars ends there
        TrimToMonophonicLine(planned.token_role == tokens::TokenRole::kMelody, &track_notes);
      }
      if (trace) {
        result.intent_trace.push_back(
            CandidateDecision(request.tracks[planned.request_index].track_id, window, first_bar,
                              bars, given_bars, out));
      }
      score_sum[planned.request_index] += out.score;
      ++score_count[planned.request_index];
      result.timings.tokens_decoded += out.tokens_decoded;
      result.timings.model_steps += out.model_steps;
      return absl::OkStatus();
    };

    // One sequence: the drum track, then bass -> harmony -> melody, each conditioned on the
    // tracks before it. The header carries the request's genre when drums lead (training pairs
    // carry the Groove style there) and Genre_pop otherwise (POP909 windows without drums).
    if (!s.plan.shared.empty()) {
      std::vector<SequenceTrack> sequence;
      for (const PlannedTrack& planned : s.plan.shared) {
        SequenceTrack t;
        t.role = planned.token_role;
        t.bins = s.targets.tracks[planned.request_index].control_bins;
        if (!planned.active) {
          // An inactive pitched track stays in the sequence as an empty track (the bins of no
          // notes: Density_0 ... EmptyBeats_5), as silent tracks appear in the training
          // windows, so later tracks see it.
          t.bins = tokens::AttributeBinsOf(tokens::TrackAttributes{});
          t.given_body.emplace();
          for (int b = 0; b < bars; ++b) tokens::AppendBarHeader(vocab_, chords[b], &*t.given_body);
          t.given_body->push_back(vocab_.Id(TokenKind::kTrackEnd));
        } else if (locked(planned.request_index)) {
          // A kept track: its own notes in this window, with the bins they measure.
          std::vector<GridNote> local;
          for (GridNote n : notes[planned.request_index]) {
            n.start_step -= window_start_step;
            if (n.start_step >= 0 && n.start_step < bars * s.steps_per_bar) local.push_back(n);
          }
          t.bins = tokens::AttributeBinsOf(tokens::MeasureTrack(local, bars, s.steps_per_bar));
          t.given_body.emplace();
          tokens::AppendTrackBody(vocab_, planned.token_role, std::move(local),
                                  planned.token_role == tokens::TokenRole::kDrums
                                      ? std::vector<std::vector<tokens::BarChord>>{}
                                      : chords,
                                  bars, s.steps_per_bar, &*t.given_body);
          t.given_body->push_back(vocab_.Id(TokenKind::kTrackEnd));
        }
        sequence.push_back(std::move(t));
      }
      const int genre = s.plan.shared_has_drums() ? s.drum_genre : tokens::GenreIndex("pop");
      std::vector<TokenId> header;
      tokens::AppendHeader(vocab_, HeaderWindow(s, genre, s.key_value), &header);
      model::DecodeState state;
      STORI_ASSIGN_OR_RETURN(
          const int prefills,
          RunTrackSequence(runner_, vocab_, std::move(header), sequence, bars, &state,
                           [&](std::size_t i, model::DecodeState* st, std::vector<float> logits,
                               int reserve) {
                             return decode(s.plan.shared[i], st, std::move(logits), reserve);
                           }));
      result.timings.model_steps += prefills;
    }
    // Further drum tracks: one drum-only sequence each, as Groove's windows (Key_none).
    for (const PlannedTrack& planned : s.plan.extra_drums) {
      if (locked(planned.request_index)) continue;
      std::vector<TokenId> prompt;
      tokens::AppendHeader(vocab_, HeaderWindow(s, s.drum_genre, tokens::kNoKeyValue), &prompt);
      tokens::AppendTrackStart(vocab_, tokens::TokenRole::kDrums,
                               s.targets.tracks[planned.request_index].control_bins, &prompt);
      model::DecodeState state;
      STORI_ASSIGN_OR_RETURN(std::vector<float> logits, runner_.Prefill(&state, prompt));
      ++result.timings.model_steps;
      STORI_RETURN_IF_ERROR(decode(planned, &state, std::move(logits), /*reserve_tokens=*/1));
    }
    STORI_RETURN_IF_ERROR(ctx.CheckStop());
  }
  result.timings.decode_ms = MsSince(decode_start);

  const absl::Time scoring_start = absl::Now();
  for (std::size_t i = 0; i < request.tracks.size(); ++i) {
    TrackResult tr;
    tr.spec = request.tracks[i];
    tr.targets = s.targets.tracks[i];
    if (locked(static_cast<int>(i))) {
      tr.track = LockedTrack(tr.spec, *locked_tracks[i], s.section_steps, result.ppq);
    } else {
      tr.track = AssembleTrack(tr.spec, notes[i], s.section_steps, result.ppq, tr.targets.swing);
    }
    MeasureTrackResult(notes[i], s.bars, s.steps_per_bar, result.ppq, &tr);
    tr.candidates = std::max(1, request.num_candidates);
    tr.candidate_score = score_count[i] > 0 ? score_sum[i] / score_count[i] : 0.0;
    result.tracks.push_back(std::move(tr));
  }
  if (request.next_section.has_value()) {
    SectionRequest next = request;
    next.section = *request.next_section;
    const targets::SectionTargets next_targets = targets::ComputeTargets(next);
    absl::optional<double> next_target_register;
    for (std::size_t i = 0; i < request.tracks.size(); ++i) {
      if (request.tracks[i].role == music::TrackRole::kMelody) {
        next_target_register = next_targets.tracks[i].register_center;
        break;
      }
    }
    auto check = [&] {
      transition::GeneratedSection generated;
      generated.ppq = result.ppq;
      generated.beats = section.beats();
      generated.next_melody_register = next_target_register;
      for (const TrackResult& t : result.tracks) {
        if (t.spec.role != music::TrackRole::kDrums && t.spec.role != music::TrackRole::kMelody) {
          continue;
        }
        auto& into = t.spec.role == music::TrackRole::kDrums ? generated.drum_notes
                                                              : generated.melody_notes;
        into.insert(into.end(), t.track.notes.begin(), t.track.notes.end());
      }
      return transition::CheckTransition(section, generated, *request.next_section);
    };
    transition::Report report = check();
    const absl::optional<double> next_register =
        transition::NextMelodyRegister(next_target_register, *request.next_section);
    // Repair what the boundary bar can fix (transition/boundary_repair.h), then check again.
    std::vector<transition::RepairableTrack> repairable(request.tracks.size());
    for (std::size_t i = 0; i < request.tracks.size(); ++i) {
      repairable[i] = {request.tracks[i].role, &notes[i], locked(static_cast<int>(i)), 0, 127};
    }
    for (const auto* list : {&s.plan.shared, &s.plan.extra_drums}) {
      for (const PlannedTrack& t : *list) {
        repairable[t.request_index].min_pitch = t.min_pitch;
        repairable[t.request_index].max_pitch = t.max_pitch;
      }
    }
    const std::vector<transition::BoundaryRepair> repairs = transition::RepairBoundaryBar(
        report, section, next_register, s.bars, s.steps_per_bar, repairable);
    if (!repairs.empty()) {
      for (const transition::BoundaryRepair& repair : repairs) {
        for (int i : repair.tracks) {
          TrackResult& tr = result.tracks[i];
          tr.track =
              AssembleTrack(tr.spec, notes[i], s.section_steps, result.ppq, tr.targets.swing);
          MeasureTrackResult(notes[i], s.bars, s.steps_per_bar, result.ppq, &tr);
        }
      }
      const transition::Report after = check();
      for (transition::Violation& v : report.violations) {
        const bool still =
            std::any_of(after.violations.begin(), after.violations.end(),
                        [&](const transition::Violation& a) { return a.kind == v.kind; });
        for (const transition::BoundaryRepair& repair : repairs) {
          if (repair.kind == v.kind && !still) {
            v.repaired = true;
            absl::StrAppend(&v.message, "; repaired: ", repair.description);
          }
        }
      }
    }
    result.transition = std::move(report);
    if (trace) result.intent_trace.push_back(TransitionDecision(result.transition));
  }
  std::vector<score::ScoredTrack> scored;
  for (std::size_t i = 0; i < request.tracks.size(); ++i) {
    scored.push_back(
        {request.tracks[i].role, notes[i], targets::DimensionTargetsOf(s.targets.tracks[i])});
  }
  score::ScoringContext scoring;
  scoring.steps_per_bar = s.steps_per_bar;
  scoring.bars = s.bars;
  scoring.chords = score::ChordTimelineFromBarChords(section_chords, s.steps_per_bar);
  scoring.key = scoring_key;
  result.scores = score::ScoreSection(scored, scoring);
  std::vector<music::Track> tracks;
  for (const TrackResult& t : result.tracks) tracks.push_back(t.track);
  STORI_ASSIGN_OR_RETURN(result.smf, SectionSmf(tracks, section.tempo_bpm, section.time_signature,
                                                section.key, result.ppq));
  result.timings.scoring_ms = MsSince(scoring_start);
  result.timings.total_ms = MsSince(start);
  spdlog::debug("event=section_generated composition_id={} trace_id={} section={} bars={} "
                "tokens={} model_steps={} decode_ms={:.1f} total_ms={:.1f}",
                ctx.composition_id, ctx.trace_id, request.section_index, s.bars,
                result.timings.tokens_decoded, result.timings.model_steps,
                result.timings.decode_ms, result.timings.total_ms);
  return result;
}

}  // namespace stori::generate
