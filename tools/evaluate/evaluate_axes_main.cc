// stori-evaluate-axes: does each EmotionVector axis move what TARGETS.md says it moves, as
// served (issue 15 point 5)? For N held-out POP909 test windows (served_sections.h, their chords,
// key, tempo, meter; four tracks; genre pop) and each axis, it generates the section twice with
// the same seed through refine::GenerateRefined (the server's GenerateSection path; FAST
// refines nothing), the axis at its low and its high end and the
// others neutral (0.5; valence 0), measures the generated tracks, and reports per documented
// attribute the share of pairs that moved the documented way (a tie counts as not moved):
//   energy    velocity_mean (mean over pitched tracks) up; drums notes/bar up
//   valence   melody register (mean pitch) up; melody minor-degree share (notes on b3, b6, b7
//             above the key's tonic) down
//   tension   melody leap rate up; melody syncopation up; melody chord-tone ratio down
//   intimacy  velocity_mean down; harmony notes/bar down
//   motion    melody notes/bar up; melody syncopation up; melody note length down
// Low / high: energy, tension, intimacy, motion 0.1 / 0.9; valence -0.8 / +0.8. FAST preset.
// Usage: stori-evaluate-axes --model_dir models/stori-remi/v3 --pop909 ../shared/data/pop909
//          --groove ../shared/data/groove [--sections 12] [--preset fast]
//          > models/stori-remi/v3/as_served/axes.md
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "engine/evaluate/served_request.h"
#include "engine/evaluate/served_sections.h"
#include "engine/evaluate/served_window.h"
#include "engine/evaluate/test_windows.h"
#include "engine/generate/section_generator.h"
#include "engine/generate/token_controls.h"
#include "engine/model/model_runner.h"
#include "engine/music/key.h"
#include "engine/refine/dimension_refinement.h"
#include "engine/sampling/rng.h"
#include "engine/score/minor_degree_share.h"
#include "engine/score/chord_timeline.h"
#include "engine/score/chord_tone_ratio.h"
#include "engine/score/leap_rate.h"
#include "engine/tokens/track_attributes.h"
#include "engine/tokens/vocabulary.h"
#include "spdlog/spdlog.h"
#include "tools/evaluate/program_support.h"

ABSL_FLAG(std::string, model_dir, "models/stori-remi/v3", "model folder");
ABSL_FLAG(std::string, pop909, "", "POP909 folder");
ABSL_FLAG(std::string, groove, "", "Groove folder: the drum pool the test windows are paired with");
ABSL_FLAG(int, sections, 12, "held-out 8-bar sections per axis (>= 10 for issue 15)");
ABSL_FLAG(std::string, preset, "fast", "fast, balanced or quality");
ABSL_FLAG(std::string, split, "test",
          "held-out songs: test (the report) or validation (to choose decoding settings on songs "
          "the report does not use)");
ABSL_FLAG(uint64_t, seed, 1, "pair i is generated with seed Rng::Derive(seed, i, 0) at both ends");
ABSL_FLAG(std::string, axes, "energy,valence,tension,intimacy,motion",
          "the axes to sweep, comma-separated (a quicker look at one)");

namespace {

namespace ev = stori::evaluate;
using stori::tokens::GridNote;

// What one generated section measures.
struct Measures {
  double velocity_mean = 0;  // over the pitched tracks' notes
  double drums_notes_per_bar = 0;
  double harmony_notes_per_bar = 0;
  double melody_notes_per_bar = 0;
  double melody_register = 0;
  double melody_minor_share = 0;
  double melody_leap_rate = 0;
  double melody_syncopation = 0;
  double melody_chord_tone_ratio = 0;
  double melody_note_length = 0;
};

Measures Measure(const stori::SectionResult& result, const stori::music::Key& key,
                 const stori::score::ChordTimeline& chords) {
  Measures m;
  double velocity_sum = 0;
  int velocity_n = 0;
  for (const auto& t : result.tracks) {
    const std::vector<GridNote> notes = ev::GridNotesOfTrack(t.track, result.ppq);
    const auto attributes = stori::tokens::MeasureTrack(notes, result.bars,
                                                         stori::tokens::kStepsPerBeat *
                                                             static_cast<int>(std::lround(
                                                                 result.time_signature
                                                                     .beats_per_bar())));
    using stori::music::TrackRole;
    if (t.spec.role != TrackRole::kDrums) {
      for (const GridNote& n : notes) velocity_sum += n.velocity, ++velocity_n;
    }
    switch (t.spec.role) {
      case TrackRole::kDrums:
        m.drums_notes_per_bar = attributes.notes_per_bar;
        break;
      case TrackRole::kHarmony:
        m.harmony_notes_per_bar = attributes.notes_per_bar;
        break;
      case TrackRole::kMelody: {
        m.melody_notes_per_bar = attributes.notes_per_bar;
        m.melody_register = attributes.register_center;
        m.melody_syncopation = attributes.syncopation;
        m.melody_note_length = attributes.note_length;
        m.melody_leap_rate = stori::score::LeapRate(notes).value_or(0);
        m.melody_chord_tone_ratio = stori::score::ChordToneRatio(notes, chords).value_or(0);
        m.melody_minor_share = stori::score::MinorDegreeShare(notes, key);
        break;
      }
      default:
        break;
    }
  }
  m.velocity_mean = velocity_n > 0 ? velocity_sum / velocity_n : 0;
  return m;
}

struct Attribute {
  const char* name;
  std::function<double(const Measures&)> value;
  int direction;  // +1: high end should measure more; -1: less
};

struct Axis {
  const char* name;
  float stori::EmotionVector::*member;
  float low, high;
  std::vector<Attribute> attributes;
};

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  // Its standard output is the report (axes.md); spdlog's info lines would land in it.
  spdlog::set_level(spdlog::level::warn);
  const auto runner =
      stori::tools::LoadWarmModel(absl::GetFlag(FLAGS_model_dir), stori::model::Device::kCpu);
  if (!runner.ok()) return stori::tools::Fail(runner.status());
  ev::TestWindowOptions window_options;
  window_options.bars = 8;
  window_options.max_tokens = std::numeric_limits<int>::max();  // a request has no token limit
  // The same sections as stori-evaluate-served: POP909 test windows with Groove test drums paired
  // in, so that every section has four tracks (served_sections.h).
  window_options.drum_share = 1.0;
  auto split = stori::tools::ParseHeldOutSplit(absl::GetFlag(FLAGS_split));
  if (!split.ok()) return stori::tools::Fail(split.status());
  window_options.split = *split;
  auto selection_or =
      stori::tools::HeldOutSections(absl::GetFlag(FLAGS_pop909), absl::GetFlag(FLAGS_groove),
                                    window_options, absl::GetFlag(FLAGS_sections));
  if (!selection_or.ok()) return stori::tools::Fail(selection_or.status());
  const ev::ServedSelection& selection = *selection_or;
  const std::string preset_name = absl::GetFlag(FLAGS_preset);
  const auto preset = preset_name == "quality"    ? stori::QualityPreset::kQuality
                      : preset_name == "balanced" ? stori::QualityPreset::kBalanced
                                                  : stori::QualityPreset::kFast;
  using EV = stori::EmotionVector;
  const std::vector<Axis> axes = {
      {"energy", &EV::energy, 0.1f, 0.9f,
       {{"velocity_mean", [](const Measures& m) { return m.velocity_mean; }, +1},
        {"drums notes/bar", [](const Measures& m) { return m.drums_notes_per_bar; }, +1}}},
      {"valence", &EV::valence, -0.8f, 0.8f,
       {{"melody register", [](const Measures& m) { return m.melody_register; }, +1},
        {"melody minor-degree share", [](const Measures& m) { return m.melody_minor_share; }, -1}}},
      {"tension", &EV::tension, 0.1f, 0.9f,
       {{"melody leap rate", [](const Measures& m) { return m.melody_leap_rate; }, +1},
        {"melody syncopation", [](const Measures& m) { return m.melody_syncopation; }, +1},
        {"melody chord-tone ratio", [](const Measures& m) { return m.melody_chord_tone_ratio; },
         -1}}},
      {"intimacy", &EV::intimacy, 0.1f, 0.9f,
       {{"velocity_mean", [](const Measures& m) { return m.velocity_mean; }, -1},
        {"harmony notes/bar", [](const Measures& m) { return m.harmony_notes_per_bar; }, -1}}},
      {"motion", &EV::motion, 0.1f, 0.9f,
       {{"melody notes/bar", [](const Measures& m) { return m.melody_notes_per_bar; }, +1},
        {"melody syncopation", [](const Measures& m) { return m.melody_syncopation; }, +1},
        {"melody note length", [](const Measures& m) { return m.melody_note_length; }, -1}}},
  };
  const stori::generate::SectionGenerator generator(**runner);
  std::printf("# EmotionVector axes as served: %zu held-out 8-bar sections (%s songs) per axis, "
              "preset %s\n\n"
              "Written by `stori-evaluate-axes` (tools/evaluate/evaluate_axes_main.cc): each "
              "pair is the same request and seed with one axis at its low and high end (energy, "
              "tension, intimacy, motion 0.1 / 0.9; valence -0.8 / +0.8), the others neutral. "
              "Share of pairs in which the attribute moved the documented way (a tie is not "
              "a move; ties counts the pairs with no change), and the mean low -> high.\n\n"
              "| axis | attribute | documented | moved that way | ties | mean low | mean high |\n"
              "|---|---|---|---:|---:|---:|---:|\n",
              selection.sections.size(), ev::HeldOutSplitName(*split), preset_name.c_str());
  const std::vector<std::string> wanted = absl::StrSplit(absl::GetFlag(FLAGS_axes), ',');
  for (const Axis& axis : axes) {
    if (std::find(wanted.begin(), wanted.end(), axis.name) == wanted.end()) continue;
    std::map<std::string, std::pair<int, int>> moved;  // name -> (moved, pairs)
    std::map<std::string, int> ties;                   // name -> pairs with no change
    std::map<std::string, std::pair<double, double>> sums;
    for (std::size_t i = 0; i < selection.sections.size(); ++i) {
      const auto& w = selection.sections[i].window;
      const std::uint64_t seed = stori::sampling::Rng::Derive(absl::GetFlag(FLAGS_seed), i, 0);
      Measures ends[2];
      bool ok = true;
      for (int end = 0; end < 2; ++end) {
        EV emotion;  // neutral
        emotion.*axis.member = end == 0 ? axis.low : axis.high;
        auto request = ev::ServedSectionRequest(w, selection.sections[i].source, emotion, preset,
                                                seed);
        if (!request.ok()) {
          ok = false;
          break;
        }
        auto result = stori::refine::GenerateRefined(generator, *request, stori::RunContext{});
        if (!result.ok()) {
          std::fprintf(stderr, "%s\n", std::string(result.status().message()).c_str());
          return 1;
        }
        const auto key = stori::music::ParseKey(request->section.key);
        const auto chords = stori::generate::BarChords(request->section, 0, request->section.bars);
        const int steps_per_bar = static_cast<int>(std::lround(
            stori::tokens::kStepsPerBeat * request->section.time_signature.beats_per_bar()));
        ends[end] = Measure(
            *result, key.ok() ? *key : stori::music::Key{},
            stori::score::ChordTimelineFromBarChords(
                chords.ok() ? *chords : std::vector<std::vector<stori::tokens::BarChord>>{},
                steps_per_bar));
      }
      if (!ok) continue;
      for (const Attribute& a : axis.attributes) {
        const double low = a.value(ends[0]), high = a.value(ends[1]);
        auto& [m, pairs] = moved[a.name];
        ++pairs;
        m += (high - low) * a.direction > 1e-9;
        ties[a.name] += std::abs(high - low) <= 1e-9;
        sums[a.name].first += low;
        sums[a.name].second += high;
      }
    }
    for (const Attribute& a : axis.attributes) {
      const auto [m, pairs] = moved[a.name];
      std::printf("| %s | %s | %s | %d / %d (%.0f%%) | %d | %.3f | %.3f |\n", axis.name, a.name,
                  a.direction > 0 ? "up" : "down", m, pairs, pairs > 0 ? 100.0 * m / pairs : 0.0,
                  ties[a.name],
                  pairs > 0 ? sums[a.name].first / pairs : 0.0,
                  pairs > 0 ? sums[a.name].second / pairs : 0.0);
    }
  }
  return 0;
}
