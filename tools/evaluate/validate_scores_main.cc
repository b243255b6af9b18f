// stori-validate-scores: do the dimension scores mean something? (engine/evaluate/
// score_validation.h, issue 17 point 1.) Scores held-out real POP909 sections and damaged copies
// of them; writes <out>/scores.json and <out>/scores.md and prints the markdown. No model is
// loaded: the scores judge notes against targets, whoever wrote the notes.
//
//   stori-validate-scores --pop909 ../shared/data/pop909 --groove ../shared/data/groove
//       [--out models/stori-remi/v3/as_served] [--sections 0] [--bars 8] [--seed 1]
//
// The sections are those of stori-evaluate-served with the same --bars, --drum_share and
// --dataset_seed (Groove test windows paired in as drums); --sections 0 takes every eligible one.
// The output is a pure function of the data and the flags.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/evaluate/score_validation.h"
#include "engine/evaluate/served_sections.h"
#include "engine/evaluate/test_windows.h"
#include "engine/sampling/rng.h"
#include "spdlog/spdlog.h"
#include "tools/evaluate/program_support.h"

ABSL_FLAG(std::string, pop909, "", "POP909 folder (NNN/NNN.mid + annotations)");
ABSL_FLAG(std::string, groove, "", "Groove MIDI Dataset folder (info.csv): the real drums");
ABSL_FLAG(std::string, out, "models/stori-remi/v3/as_served",
          "folder for scores.json and scores.md");
ABSL_FLAG(int, sections, 0,
          "sections to score: every Nth eligible test window, N = eligible / sections; 0: all "
          "eligible windows");
ABSL_FLAG(int, bars, 8, "bars per section");
ABSL_FLAG(uint64_t, seed, 1, "section i, damage k is seeded Rng::Derive(seed, i, k)");
ABSL_FLAG(double, drum_share, 1.0,
          "share of real windows given a Groove drum track (dataset/drum_pairing.h); windows "
          "without one are not scored");
ABSL_FLAG(uint64_t, dataset_seed, 1, "manifest.json seed: the drum pairing's seeds per song");

namespace {

namespace ev = stori::evaluate;
using stori::tools::Fail;

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv, argv + argc);
  absl::ParseCommandLine(argc, argv);
  const std::string out = absl::GetFlag(FLAGS_out);
  const std::string pop909 = absl::GetFlag(FLAGS_pop909);
  const std::string groove = absl::GetFlag(FLAGS_groove);
  if (out.empty() || pop909.empty() || groove.empty()) {
    return Fail(absl::InvalidArgumentError("--pop909, --groove and --out are required"));
  }

  ev::TestWindowOptions window_options;
  window_options.bars = absl::GetFlag(FLAGS_bars);
  window_options.max_tokens = std::numeric_limits<int>::max();  // a request has no token limit
  window_options.drum_share = absl::GetFlag(FLAGS_drum_share);
  window_options.dataset_seed = absl::GetFlag(FLAGS_dataset_seed);
  // POP909 test windows with Groove's test drums paired in, as in dataset preparation and
  // stori-evaluate-served.
  auto selection = stori::tools::HeldOutSections(pop909, groove, window_options,
                                                 absl::GetFlag(FLAGS_sections));
  if (!selection.ok()) return Fail(selection.status());

  const std::uint64_t seed = absl::GetFlag(FLAGS_seed);
  std::vector<ev::ValidationSection> sections;
  for (std::size_t i = 0; i < selection->sections.size(); ++i) {
    auto section = ev::MakeValidationSection(selection->sections[i],
                                             stori::sampling::Rng::Derive(seed, i, 0));
    if (!section.ok()) return Fail(section.status());
    sections.push_back(*std::move(section));
  }
  ev::ScoreValidationReport report = ev::ValidateScores(sections, seed);
  report.windows = selection->windows;
  report.eligible = selection->eligible;
  report.stride = selection->stride;

  const std::string markdown = ev::ScoreValidationMarkdown(report, absl::StrJoin(args, " "));
  if (absl::Status s = stori::tools::WriteReportFiles(
          out, {{"scores.json", ev::ScoreValidationJson(report)}, {"scores.md", markdown}});
      !s.ok()) {
    return Fail(s);
  }
  std::printf("%s", markdown.c_str());
  bool all_passed = true;
  for (const ev::DamageOutcome& o : report.damages) all_passed = all_passed && o.passed();
  spdlog::info("event=scores_written out={} sections={} all_passed={}", out, sections.size(),
               all_passed);
  return 0;
}
