// stori-fit-control-response: fits the gains of engine/targets/control_response.h, the
// correction between a track's targets and the control tokens the model is conditioned on.
// Requests are built as the as-served evaluation builds them (engine/evaluate/served_request.h:
// a held-out window's own chords, key, tempo and meter, four tracks, genre "pop", no real control
// values), from the POP909 songs of the validation split (NNN % 10 == 1, with Groove's
// validation drums paired in), so that the test split the model card reports on stays unseen;
// section i asks for the neutral EmotionVector when i is even and Stori's default one when odd,
// at FAST (generation only, the served decoding: SectionGenerator with default options but the
// trial gains). Each iteration generates every section and, per role and attribute (notes per
// bar, syncopation, polyphony, note length; tokens::MeasureTrack on the decoded grid notes, over
// the sections where the track has notes), compares the mean target with the mean measured value
// and sets gain <- gain x (mean target / mean measured)^0.5 (clamped to [0.25, 4]; kept where
// the measured mean is below 0.01, e.g. a bass that never syncopates). The square root damps the
// update: the response of a binned control is steeper than proportional near a bin edge, and the
// undamped update oscillated (harmony syncopation 0.60, 1.40, 0.83, 1.13 of its target over four
// passes). A last pass measures the final gains. --start_from_shipped starts from the gains
// control_response.cc ships instead of 1, to check or refit them after a change of the decoding.
// The report (markdown) goes to --out and stdout, with the lines to paste into
// engine/targets/control_response.cc.
//
// Usage (one line): stori-fit-control-response --model_dir models/stori-remi/v3
//          --pop909 ../shared/data/pop909 --groove ../shared/data/groove
//          --out engine/targets/CONTROL_RESPONSE.md
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "engine/evaluate/served_request.h"
#include "engine/evaluate/test_windows.h"
#include "engine/generate/section_generator.h"
#include "engine/sampling/rng.h"
#include "engine/targets/control_response.h"
#include "engine/targets/emotion_targets.h"
#include "engine/tokens/track_attributes.h"
#include "spdlog/spdlog.h"
#include "tools/evaluate/program_support.h"

ABSL_FLAG(std::string, model_dir, "", "model folder (model.pt, config.json, vocab.json)");
ABSL_FLAG(std::string, pop909, "", "POP909 folder (NNN/NNN.mid + annotations)");
ABSL_FLAG(std::string, groove, "", "Groove MIDI Dataset folder (info.csv)");
ABSL_FLAG(std::string, out, "", "markdown report file (e.g. engine/targets/CONTROL_RESPONSE.md)");
ABSL_FLAG(int, sections, 60, "validation sections per pass");
ABSL_FLAG(int, bars, 8, "bars per section");
ABSL_FLAG(int, iterations, 5, "gain updates (then one pass measures the result)");
ABSL_FLAG(uint64_t, seed, 1, "section i is generated with seed Rng::Derive(seed, i, 0)");
ABSL_FLAG(bool, start_from_shipped, false,
          "pass 0 uses the gains engine/targets/control_response.cc ships instead of 1 (a refit "
          "after a change of the decoding)");

namespace {

namespace ev = stori::evaluate;
namespace tg = stori::targets;
using stori::music::TrackRole;
using stori::tools::Fail;

constexpr std::array<TrackRole, 4> kRoles = {TrackRole::kDrums, TrackRole::kBass,
                                             TrackRole::kHarmony, TrackRole::kMelody};
constexpr std::array<const char*, 4> kAttributes = {"notes_per_bar", "syncopation", "polyphony",
                                                    "note_length"};

// The fields of each attribute, in kAttributes order: its gain, its target, its measure.
constexpr std::array<double tg::ControlGains::*, 4> kGain = {
    &tg::ControlGains::notes_per_bar, &tg::ControlGains::syncopation,
    &tg::ControlGains::polyphony, &tg::ControlGains::note_length};
constexpr std::array<double tg::TrackTargets::*, 4> kTarget = {
    &tg::TrackTargets::notes_per_bar, &tg::TrackTargets::syncopation,
    &tg::TrackTargets::polyphony, &tg::TrackTargets::note_length};
constexpr std::array<double stori::tokens::TrackAttributes::*, 4> kMeasured = {
    &stori::tokens::TrackAttributes::notes_per_bar, &stori::tokens::TrackAttributes::syncopation,
    &stori::tokens::TrackAttributes::polyphony, &stori::tokens::TrackAttributes::note_length};

// Mean target and mean measured value per role x attribute over one pass.
struct PassMeans {
  std::array<std::array<double, 4>, 4> target{};
  std::array<std::array<double, 4>, 4> measured{};
  std::array<int, 4> n{};
};

absl::StatusOr<PassMeans> RunPass(const stori::model::ModelRunner& runner,
                                  const ev::ServedSelection& selection,
                                  const tg::ControlResponse& response) {
  stori::generate::SectionGeneratorOptions options;
  options.control_response = response;
  const stori::generate::SectionGenerator generator(runner, options);
  PassMeans m;
  for (std::size_t i = 0; i < selection.sections.size(); ++i) {
    const ev::EvaluationWindow& s = selection.sections[i];
    const ev::NamedEmotion emotion = i % 2 == 0 ? ev::NeutralEmotion() : ev::StoriDefaultEmotion();
    auto request = ev::ServedSectionRequest(s.window, s.source, emotion.emotion,
                                            stori::QualityPreset::kFast,
                                            stori::sampling::Rng::Derive(absl::GetFlag(FLAGS_seed), i, 0));
    if (!request.ok()) return request.status();
    auto result = generator.Generate(*request, stori::RunContext{});
    if (!result.ok()) {
      return absl::Status(result.status().code(),
                          absl::StrCat(s.source, ": ", result.status().message()));
    }
    for (const stori::TrackResult& tr : result->tracks) {
      const auto role = std::find(kRoles.begin(), kRoles.end(), tr.spec.role);
      if (role == kRoles.end() || tr.measured.notes_per_bar <= 0) continue;
      const int r = static_cast<int>(role - kRoles.begin());
      ++m.n[r];
      for (int a = 0; a < 4; ++a) {
        m.target[r][a] += tr.targets.*kTarget[a];
        m.measured[r][a] += tr.measured.*kMeasured[a];
      }
    }
  }
  for (int r = 0; r < 4; ++r) {
    for (int a = 0; a < 4; ++a) {
      if (m.n[r] == 0) continue;
      m.target[r][a] /= m.n[r];
      m.measured[r][a] /= m.n[r];
    }
  }
  return m;
}

std::string PassTable(int pass, const PassMeans& m, const tg::ControlResponse& gains) {
  std::string out = absl::StrFormat(
      "\n### Pass %d\n\n| role | attribute | gain | mean target | mean measured | measured / "
      "target | n |\n|---|---|---:|---:|---:|---:|---:|\n",
      pass);
  for (int r = 0; r < 4; ++r) {
    for (int a = 0; a < 4; ++a) {
      if (kRoles[r] == TrackRole::kDrums && a == 3) continue;  // hits are all a 16th
      absl::StrAppendFormat(&out, "| %s | %s | %.3f | %.3f | %.3f | %.3f | %d |\n",
                            stori::music::TrackRoleName(kRoles[r]), kAttributes[a],
                            gains.of(kRoles[r]).*kGain[a],
                            m.target[r][a], m.measured[r][a],
                            m.target[r][a] > 0 ? m.measured[r][a] / m.target[r][a] : 0.0, m.n[r]);
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string model_dir = absl::GetFlag(FLAGS_model_dir);
  const std::string pop909 = absl::GetFlag(FLAGS_pop909);
  const std::string groove = absl::GetFlag(FLAGS_groove);
  const std::string out_path = absl::GetFlag(FLAGS_out);
  if (model_dir.empty() || pop909.empty() || groove.empty() || out_path.empty()) {
    return Fail(
        absl::InvalidArgumentError("--model_dir, --pop909, --groove and --out are required"));
  }
  const absl::Time start = absl::Now();
  ev::TestWindowOptions window_options;
  window_options.split = ev::HeldOutSplit::kValidation;
  window_options.bars = absl::GetFlag(FLAGS_bars);
  window_options.max_tokens = std::numeric_limits<int>::max();
  window_options.drum_share = 1.0;  // every section has a drum track, as a served request
  auto selection = stori::tools::HeldOutSections(pop909, groove, window_options,
                                                 absl::GetFlag(FLAGS_sections));
  if (!selection.ok()) return Fail(selection.status());
  auto runner = stori::tools::LoadWarmModel(model_dir, stori::model::Device::kCpu);
  if (!runner.ok()) return Fail(runner.status());

  const bool from_shipped = absl::GetFlag(FLAGS_start_from_shipped);
  tg::ControlResponse gains =
      from_shipped ? tg::FittedControlResponse() : tg::IdentityControlResponse();
  std::string passes;
  const int iterations = std::max(0, absl::GetFlag(FLAGS_iterations));
  for (int pass = 0; pass <= iterations; ++pass) {
    auto m = RunPass(**runner, *selection, gains);
    if (!m.ok()) return Fail(m.status());
    passes += PassTable(pass, *m, gains);
    spdlog::info("event=control_response_pass pass={} gains=\"{}\"", pass,
                 tg::ControlResponseToString(gains));
    if (pass == iterations) break;
    for (int r = 0; r < 4; ++r) {
      tg::ControlGains& g = gains.of(kRoles[r]);
      for (int a = 0; a < 4; ++a) {
        if (m->n[r] == 0 || m->measured[r][a] < 0.01 || m->target[r][a] <= 0) continue;
        g.*kGain[a] =
            std::clamp(g.*kGain[a] * std::sqrt(m->target[r][a] / m->measured[r][a]), 0.25, 4.0);
      }
    }
  }

  std::string code;
  for (TrackRole role : kRoles) {
    const tg::ControlGains& g = gains.of(role);
    absl::StrAppendFormat(&code, "    r.of(music::TrackRole::k%s) = {%.3f, %.3f, %.3f, %.3f};\n",
                          role == TrackRole::kDrums     ? "Drums"
                          : role == TrackRole::kBass    ? "Bass"
                          : role == TrackRole::kHarmony ? "Harmony"
                                                        : "Melody",
                          g.notes_per_bar, g.syncopation, g.polyphony, g.note_length);
  }
  const std::string report = absl::StrCat(
      "# Control response fit\n\n"
      "Written by `stori-fit-control-response` (tools/targets/fit_control_response_main.cc; its "
      "header gives the method). Model ",
      (*runner)->model_id(), " ", (*runner)->model_version(), ", ", selection->sections.size(),
      " eight-bar sections of the POP909 validation songs (NNN % 10 == 1; of their ",
      selection->eligible, " eligible windows one in every ", selection->stride,
      "), neutral and Stori's default EmotionVector alternately, FAST, seed ",
      absl::GetFlag(FLAGS_seed), ". Pass 0 conditions the model on ",
      from_shipped ? "the bins of target x the gains shipped before this fit"
                   : "the targets' own bins (every gain 1)",
      "; each later pass on the bins of target x the gains fitted so far (damped update, "
      "the program's header). The last pass "
      "measures the gains engine/targets/control_response.cc ships:\n\n```\n",
      code, "```\n", passes,
      absl::StrFormat("\n%d passes, %.0f s.\n", iterations + 1,
                      absl::ToDoubleSeconds(absl::Now() - start)));
  const std::filesystem::path out_file(out_path);
  const std::string out_dir =
      out_file.has_parent_path() ? out_file.parent_path().string() : std::string(".");
  if (absl::Status s =
          stori::tools::WriteReportFiles(out_dir, {{out_file.filename().string(), report}});
      !s.ok()) {
    return Fail(s);
  }
  std::printf("%s", report.c_str());
  return 0;
}
