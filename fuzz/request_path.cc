#include "fuzz/request_path.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/generate/decoding_plan.h"
#include "engine/generate/default_progression.h"
#include "engine/generate/token_controls.h"
#include "engine/motif/motif_renderer.h"
#include "engine/music/chord_symbol.h"
#include "engine/music/key.h"
#include "engine/sampling/remi_constraints.h"
#include "engine/sampling/sampler.h"
#include "engine/score/chord_timeline.h"
#include "engine/targets/emotion_target_table.h"
#include "engine/targets/emotion_targets.h"
#include "engine/tokens/remi_encoder.h"
#include "engine/tokens/remi_window.h"
#include "engine/tokens/vocabulary.h"
#include "server/convert/from_proto.h"
#include "server/read/read_request.h"
#include "server/validate/request_rules.h"

// A broken promise of the code under test: printed, then abort() (libFuzzer's
// "deadly signal").
#define FUZZ_CHECK(cond, what)                                                                 \
  do {                                                                                         \
    if (!(cond)) {                                                                             \
      std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, #cond, \
                   std::string(what).c_str());                                                 \
      std::abort();                                                                            \
    }                                                                                          \
  } while (false)

namespace stori::fuzz {
namespace {

namespace read = ::stori::server::read;
namespace validate = ::stori::server::validate;
namespace convert = ::stori::server::convert;
using tokens::GridNote;

const tokens::Vocabulary &Vocab() {
  static const tokens::Vocabulary *vocab = new tokens::Vocabulary();
  return *vocab;
}

// STORI_FUZZ_VERBOSE=1: one line per request on stderr saying how far it got
// (for checking that the seeds reach the planning step; fuzz/README.md).
bool Verbose() {
  static const bool verbose = std::getenv("STORI_FUZZ_VERBOSE") != nullptr;
  return verbose;
}

void Report(const char *rpc, const char *stage, absl::string_view detail) {
  if (Verbose()) {
    std::fprintf(stderr, "%s: %s %.*s\n", rpc, stage, static_cast<int>(detail.size()),
                 detail.data());
  }
}

bool InUnit(double x) { return x >= 0.0 && x <= 1.0; }  // false for NaN

// section_generator.cc StepsPerBarOf: steps per bar of the token grid, or 0
// where the generator refuses the meter (it returns INVALID_ARGUMENT before any
// model call).
int StepsPerBarOf(const music::TimeSignature &ts) {
  const double steps = tokens::kStepsPerBeat * ts.beats_per_bar();
  if (std::abs(steps - std::round(steps)) > 1e-9 || steps < 1 || steps > tokens::kMaxStepsPerBar) {
    return 0;
  }
  return static_cast<int>(std::lround(steps));
}

// emotion_targets.h's ranges for each TrackTargets field.
void CheckTargets(const SectionRequest &request, const targets::SectionTargets &t) {
  FUZZ_CHECK(t.tracks.size() == request.tracks.size(), "one TrackTargets per track");
  FUZZ_CHECK(t.temperature > 0.0 && std::isfinite(t.temperature), "temperature > 0");
  FUZZ_CHECK(t.top_p > 0.0 && t.top_p <= 1.0, "top_p in (0, 1]");
  FUZZ_CHECK(t.chord_tone_bias >= targets::kChordToneBias.lo &&
                 t.chord_tone_bias <= targets::kChordToneBias.hi,
             "chord_tone_bias in kChordToneBias's lo..hi");
  FUZZ_CHECK(t.scale_tone_bias >= 0.0 && std::isfinite(t.scale_tone_bias), "scale_tone_bias >= 0");
  for (const targets::TrackTargets &tt : t.tracks) {
    FUZZ_CHECK(tt.notes_per_bar >= 0.0 && std::isfinite(tt.notes_per_bar), "notes_per_bar >= 0");
    FUZZ_CHECK(tt.register_center >= 0 && tt.register_center <= 127, "register_center 0..127");
    FUZZ_CHECK(tt.register_spread >= 0 && tt.register_spread <= 128, "register_spread 0..128");
    FUZZ_CHECK(tt.velocity_floor >= 1 && tt.velocity_floor <= tt.velocity_ceiling &&
                   tt.velocity_ceiling <= 127,
               "1 <= velocity_floor <= velocity_ceiling <= 127");
    FUZZ_CHECK(InUnit(tt.syncopation) && InUnit(tt.leap_probability) && InUnit(tt.swing) &&
                   InUnit(tt.rest_density),
               "syncopation, leap_probability, swing, rest_density in 0..1");
    FUZZ_CHECK(tt.polyphony >= 1.0 && std::isfinite(tt.polyphony), "polyphony >= 1");
    FUZZ_CHECK(tt.note_length > 0.0 && std::isfinite(tt.note_length), "note_length > 0");
    FUZZ_CHECK(tt.subdivision >= 1 && tt.subdivision <= 4, "subdivision 1..4 onsets per beat");
  }
}

// motif_renderer.h's RenderedMotif::notes promise.
void CheckRendered(const motif::RenderedMotif &rendered, int section_steps) {
  FUZZ_CHECK(std::is_sorted(rendered.notes.begin(), rendered.notes.end()), "notes sorted");
  for (const GridNote &n : rendered.notes) {
    FUZZ_CHECK(n.pitch >= 0 && n.pitch <= 127, "motif pitch 0..127");
    FUZZ_CHECK(n.velocity >= 1 && n.velocity <= 127, "motif velocity 1..127");
    FUZZ_CHECK(n.start_step >= 0 && n.start_step < section_steps, "motif onset in the section");
    FUZZ_CHECK(std::find(tokens::kDurationSteps.begin(), tokens::kDurationSteps.end(),
                         n.duration_steps) != tokens::kDurationSteps.end(),
               "motif duration from kDurationSteps");
    FUZZ_CHECK(n.start_step + n.duration_steps <= section_steps, "motif note ends in the section");
  }
}

// default_progression.h's promise: sorted by start_beat, the first at bar 0
// beat 0, symbols that ParseChordSymbol reads.
void CheckProgression(const std::vector<ChordEvent> &chords) {
  FUZZ_CHECK(!chords.empty(), "a default progression has chords");
  FUZZ_CHECK(chords.front().bar == 0 && chords.front().start_beat == 0.0, "first chord at 0");
  for (std::size_t i = 0; i < chords.size(); ++i) {
    FUZZ_CHECK(music::ParseChordSymbol(chords[i].symbol).ok(), chords[i].symbol);
    if (i > 0) FUZZ_CHECK(chords[i - 1].start_beat <= chords[i].start_beat, "sorted");
  }
}

void CheckBarChords(const std::vector<std::vector<tokens::BarChord>> &chords, int bars,
                    double beats_per_bar) {
  FUZZ_CHECK(static_cast<int>(chords.size()) == bars, "one chord list per bar");
  for (const auto &bar : chords) {
    for (const tokens::BarChord &c : bar) {
      FUZZ_CHECK(c.beat >= 0 && c.beat < tokens::kMaxBeatsPerBar && c.beat < beats_per_bar,
                 "chord beat inside the bar");
      FUZZ_CHECK(c.chord >= 0 && c.chord < Vocab().NumValues(tokens::TokenKind::kChord),
                 "chord token value");
    }
  }
}

}  // namespace

bool PlanSection(const SectionRequest &request) {
  FUZZ_CHECK(!request.tracks.empty() && request.tracks.size() <= 16, "1..16 tracks");
  // Default progression (section_generator.cc: a section without chords, a key
  // that parses).
  SectionSpec section = request.section;
  if (section.chords.empty()) {
    if (auto key = music::ParseKey(section.key); key.ok()) {
      const float every_bars = request.constraints.harmonic_rhythm_bars.value_or(1.0f);
      section.chords = generate::DefaultProgression(section, *key, every_bars);
      CheckProgression(section.chords);
      (void)generate::ProgressionText(section.chords);
    }
  }
  const int steps_per_bar = StepsPerBarOf(section.time_signature);
  if (steps_per_bar == 0) return false;  // the generator's INVALID_ARGUMENT
  const int section_steps = section.bars * steps_per_bar;
  const int meter_index =
      tokens::MeterIndex(section.time_signature.numerator, section.time_signature.denominator);
  const int tempo_bin = tokens::TempoBin(section.tempo_bpm);
  absl::StatusOr<int> key_value = generate::KeyTokenValue(section.key);
  FUZZ_CHECK(key_value.ok(), "validated key: " + section.key);
  const int drum_genre = tokens::GenreIndex(request.genre);
  music::Key key;
  std::vector<int> scale;
  if (auto parsed = music::ParseKey(section.key); parsed.ok()) {
    key = *parsed;
    scale = music::ScalePitchClasses(key);
  }
  const targets::SectionTargets targets = targets::ComputeTargets(request);
  CheckTargets(request, targets);
  const generate::DecodingPlan plan = generate::PlanDecoding(request);
  for (const auto *list : {&plan.shared, &plan.extra_drums}) {
    for (const generate::PlannedTrack &p : *list) {
      FUZZ_CHECK(p.request_index >= 0 && p.request_index < static_cast<int>(request.tracks.size()),
                 "planned track index");
      FUZZ_CHECK(0 <= p.min_pitch && p.min_pitch <= p.max_pitch && p.max_pitch <= 127,
                 "planned pitch range");
    }
  }

  // Motifs, rendered into the motif track as the generator does.
  for (const Motif &m : request.motifs) (void)motif::MotifWarning(m);
  const generate::PlannedTrack *motif_track = nullptr;
  for (const generate::PlannedTrack &t : plan.shared) {
    if (t.receives_motifs) motif_track = &t;
  }
  std::vector<GridNote> motif_notes;
  if (motif_track != nullptr) {
    const targets::TrackTargets &mt = targets.tracks[motif_track->request_index];
    for (const MotifUsage &usage : section.motif_usages) {
      FUZZ_CHECK(
          usage.motif_index >= 0 && usage.motif_index < static_cast<int>(request.motifs.size()),
          "converted motif_index");
      auto rendered =
          motif::RenderMotif(request.motifs[usage.motif_index], usage, key, mt.register_center,
                             section_steps, (mt.velocity_floor + mt.velocity_ceiling) / 2);
      if (!rendered.ok()) return false;  // the generator's error
      CheckRendered(*rendered, section_steps);
      motif_notes.insert(motif_notes.end(), rendered->notes.begin(), rendered->notes.end());
    }
    std::sort(motif_notes.begin(), motif_notes.end());
  }

  // Per window: chords, the sampler's constraints for each planned track, the
  // prompt tokens.
  const tokens::Vocabulary &vocab = Vocab();
  const int window_bars = 4;  // the smallest training window shipped (model::ModelConfig)
  for (int first_bar = 0; first_bar < section.bars; first_bar += window_bars) {
    const int bars = std::min(window_bars, section.bars - first_bar);
    const int window_start_step = first_bar * steps_per_bar;
    absl::StatusOr<std::vector<std::vector<tokens::BarChord>>> chords =
        generate::BarChords(section, first_bar, bars);
    FUZZ_CHECK(chords.ok(), "validated chords: " + std::string(chords.status().message()));
    CheckBarChords(*chords, bars, section.time_signature.beats_per_bar());
    (void)score::ChordTimelineFromBarChords(*chords, steps_per_bar);
    tokens::RemiWindow header;
    header.genre = plan.shared_has_drums() ? drum_genre : tokens::GenreIndex("pop");
    header.key = *key_value;
    header.meter = meter_index;
    header.tempo_bin = tempo_bin;
    std::vector<tokens::TokenId> prompt;
    tokens::AppendHeader(vocab, header, &prompt);
    for (const generate::PlannedTrack &planned : plan.shared) {
      const targets::TrackTargets &t = targets.tracks[planned.request_index];
      tokens::AppendTrackStart(vocab, planned.token_role, t.bins, &prompt);
      for (int b = 0; b < bars; ++b) tokens::AppendBarHeader(vocab, (*chords)[b], &prompt);
      sampling::TrackConstraintsConfig c;
      c.role = planned.token_role;
      c.bars = bars;
      c.steps_per_bar = steps_per_bar;
      if (planned.token_role != tokens::TokenRole::kDrums) c.chords = *chords;
      c.enter_bar = std::max(0, planned.enter_bar - first_bar);
      c.min_pitch = planned.min_pitch;
      c.max_pitch = planned.max_pitch;
      if (t.subdivision_constrained)
        c.onset_steps = generate::OnsetStepMask(t.subdivision, t.swing);
      c.root_at_chord_changes = planned.token_role == tokens::TokenRole::kBass;
      generate::VelocityBinRange(t.velocity_floor, t.velocity_ceiling, &c.min_velocity_bin,
                                 &c.max_velocity_bin);
      FUZZ_CHECK(0 <= c.min_velocity_bin && c.min_velocity_bin <= c.max_velocity_bin &&
                     c.max_velocity_bin < tokens::kNumVelocityBins,
                 "velocity bins");
      if (planned.receives_motifs) {
        for (const GridNote &n : motif_notes) {
          if (n.start_step < window_start_step ||
              n.start_step >= window_start_step + bars * steps_per_bar) {
            continue;
          }
          GridNote local = n;
          local.start_step -= window_start_step;
          c.forced_notes.push_back(local);
        }
      }
      sampling::BoundEmptyBeats(t.bins.empty_beats, &c);
      if (planned.token_role != tokens::TokenRole::kDrums) c.scale_pitch_classes = scale;
      // The first token of the body: what the sampler is offered before the
      // first model step.
      sampling::TrackConstraints constraints(vocab, std::move(c));
      if (constraints.ForcedNext() < 0) {
        sampling::TokenMask mask;
        constraints.NextMask(&mask);
      }
    }
  }
  (void)generate::BarChords(section, 0, section.bars);
  if (request.next_section.has_value()) {
    SectionRequest next = request;
    next.section = *request.next_section;
    CheckTargets(next, targets::ComputeTargets(next));
  }
  return true;
}

void ServeGenerateSection(const v1::GenerateSectionRequest &in) {
  v1::GenerateSectionRequest served;
  read::RequestWarnings warnings;
  if (absl::Status s = read::ReadRequest(in, &served, &warnings); !s.ok()) {
    Report("GenerateSection", "read error:", s.message());
    return;
  }
  const validate::FieldViolations violations = validate::ValidateGenerateSectionRequest(served);
  if (!violations.empty()) {
    (void)violations.ToBadRequest();
    Report("GenerateSection", "invalid:", violations.Summary());
    return;
  }
  const std::uint64_t seed = served.has_seed() ? served.seed() : kFallbackSeed;
  absl::StatusOr<SectionRequest> section = convert::SectionRequestFromProto(served, seed);
  if (!section.ok()) {
    Report("GenerateSection", "convert error:", section.status().message());
    return;
  }
  Report("GenerateSection", PlanSection(*section) ? "planned" : "planning refused", "");
}

void ServeGenerateSong(const v1::GenerateSongRequest &in) {
  v1::GenerateSongRequest served;
  read::RequestWarnings warnings;
  if (absl::Status s = read::ReadRequest(in, &served, &warnings); !s.ok()) {
    Report("GenerateSong", "read error:", s.message());
    return;
  }
  const validate::FieldViolations violations = validate::ValidateGenerateSongRequest(served);
  if (!violations.empty()) {
    (void)violations.ToBadRequest();
    Report("GenerateSong", "invalid:", violations.Summary());
    return;
  }
  const std::uint64_t seed = served.has_seed() ? served.seed() : kFallbackSeed;
  absl::StatusOr<std::vector<SectionRequest>> sections =
      convert::SongRequestsFromProto(served, seed);
  if (!sections.ok()) {
    Report("GenerateSong", "convert error:", sections.status().message());
    return;
  }
  FUZZ_CHECK(static_cast<int>(sections->size()) == served.rms().sections_size(),
             "one SectionRequest per section");
  int planned = 0;
  for (const SectionRequest &s : *sections) planned += PlanSection(s) ? 1 : 0;
  Report("GenerateSong",
         planned == static_cast<int>(sections->size()) ? "planned" : "planning refused", "");
}

void ServeRefineSection(const v1::RefineSectionRequest &in) {
  v1::RefineSectionRequest served;
  read::RequestWarnings warnings;
  if (absl::Status s = read::ReadRequest(in, &served, &warnings); !s.ok()) {
    Report("RefineSection", "read error:", s.message());
    return;
  }
  const validate::FieldViolations violations = validate::ValidateRefineSectionRequest(served);
  if (!violations.empty()) {
    (void)violations.ToBadRequest();
    Report("RefineSection", "invalid:", violations.Summary());
    return;
  }
  const std::uint64_t seed = served.has_seed() ? served.seed() : kFallbackSeed;
  absl::StatusOr<RefinementRequest> refinement =
      convert::RefinementRequestFromProto(served, seed);
  if (!refinement.ok()) {
    Report("RefineSection", "convert error:", refinement.status().message());
    return;
  }
  for (int i : refinement->target_track_indexes) {
    FUZZ_CHECK(i >= 0 && i < static_cast<int>(refinement->request.tracks.size()),
               "target track index");
  }
  Report("RefineSection", PlanSection(refinement->request) ? "planned" : "planning refused", "");
}

}  // namespace stori::fuzz
