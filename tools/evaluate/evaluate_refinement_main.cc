// stori-evaluate-refinement: evidence for the refinement of the weakest dimension and its worker
// pool (issue 17 point 7), measured as a caller gets it: requests built from held-out POP909
// test windows (served_request.h: their chords, key, tempo and meter, four tracks, genre pop, a
// neutral EmotionVector, no real control values), generated and refined through the engine path
// the server takes (SectionGenerator, refine::RefineWeakestDimensions with BALANCED's passes,
// refine::RefineSection, song::GenerateSong). Writes <out>/refinement.md and prints it.
//
//   stori-evaluate-refinement --model_dir models/stori-remi/v3 --pop909 ../shared/data/pop909
//       --groove ../shared/data/groove [--out models/stori-remi/v3/as_served] [--sections 60]
//       [--songs 5] [--song_sections 4] [--seed 1] [--torch_threads 1]
//
// 1. Refinement: for each section, the dimensions below their thresholds after generation, the
//    passes run, and whether the weakest one (the first pass's) ended higher; whether the
//    overall score ever fell.
// 2. "make it sadder" (engine/refine/refinement_command.h, refine::RefineSection on the refined
// section):
//    success when the melody's register (mean pitch) falls or its minor-degree share rises.
// 3. Songs of --song_sections consecutive selected sections (each section its own request, as a
//    song's sections are hard boundaries): one section generated and refined alone (what
//    GenerateSection does) against song::GenerateSong's time to its first section, and the whole
//    song with the refinement pool (1 thread) and without (refinement on the generating thread).
// Wall-clock figures depend on the machine; run it on a quiet one.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/evaluate/served_request.h"
#include "engine/evaluate/served_sections.h"
#include "engine/evaluate/test_windows.h"
#include "engine/generate/section_generator.h"
#include "engine/model/model_runner.h"
#include "engine/model/torch_threads.h"
#include "engine/music/key.h"
#include "engine/refine/dimension_refinement.h"
#include "engine/refine/refinement_pool.h"
#include "engine/refine/section_refiner.h"
#include "engine/sampling/rng.h"
#include "engine/score/minor_degree_share.h"
#include "engine/song/song_pipeline.h"
#include "spdlog/spdlog.h"
#include "tools/evaluate/program_support.h"

ABSL_FLAG(std::string, model_dir, "", "model folder (model.pt, config.json, vocab.json)");
ABSL_FLAG(std::string, pop909, "", "POP909 folder (NNN/NNN.mid + annotations)");
ABSL_FLAG(std::string, groove, "", "Groove MIDI Dataset folder (info.csv)");
ABSL_FLAG(std::string, out, "models/stori-remi/v3/as_served", "folder for refinement.md");
ABSL_FLAG(int, sections, 60, "held-out 8-bar sections to refine (every Nth eligible window)");
ABSL_FLAG(int, songs, 5, "songs for the timing comparison");
ABSL_FLAG(int, song_sections, 4, "sections per song");
ABSL_FLAG(uint64_t, seed, 1, "section i is seeded Rng::Derive(seed, i, 0)");
ABSL_FLAG(int, torch_threads, 1, "LibTorch intra-op threads (the server's default is 1)");

namespace {

namespace ev = stori::evaluate;
using stori::tools::Fail;
namespace gen = stori::generate;
namespace refine = stori::refine;
namespace score = stori::score;

double Ms(absl::Duration d) { return absl::ToDoubleMilliseconds(d); }

int MelodyIndex(const stori::SectionRequest& r) {
  for (std::size_t i = 0; i < r.tracks.size(); ++i) {
    if (r.tracks[i].role == stori::music::TrackRole::kMelody) return static_cast<int>(i);
  }
  return -1;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double Mean(const std::vector<double>& v) {
  double sum = 0.0;
  for (double x : v) sum += x;
  return v.empty() ? 0.0 : sum / v.size();
}

std::string Percent(int part, int whole) {
  if (whole == 0) return "n/a";
  return absl::StrFormat("%d / %d (%.1f%%)", part, whole, 100.0 * part / whole);
}

// Records when the first section arrives.
class TimingObserver final : public stori::song::SongObserver {
 public:
  explicit TimingObserver(absl::Time start) : start_(start) {}
  void OnGenerating(int, int, int) override {}
  absl::Status OnSection(int index, stori::SectionResult) override {
    if (index == 0) first_ms = Ms(absl::Now() - start_);
    ++sections;
    return absl::OkStatus();
  }
  double first_ms = 0.0;
  int sections = 0;

 private:
  absl::Time start_;
};

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv, argv + argc);
  absl::ParseCommandLine(argc, argv);
  const std::string out = absl::GetFlag(FLAGS_out);
  const std::string model_dir = absl::GetFlag(FLAGS_model_dir);
  const std::string pop909 = absl::GetFlag(FLAGS_pop909);
  const std::string groove = absl::GetFlag(FLAGS_groove);
  if (out.empty() || model_dir.empty() || pop909.empty() || groove.empty()) {
    return Fail(
        absl::InvalidArgumentError("--model_dir, --pop909, --groove and --out are required"));
  }
  stori::model::SetTorchThreads(absl::GetFlag(FLAGS_torch_threads));
  const absl::Time start = absl::Now();
  ev::TestWindowOptions window_options;
  window_options.bars = 8;
  window_options.max_tokens = std::numeric_limits<int>::max();
  auto selection_or = stori::tools::HeldOutSections(pop909, groove, window_options,
                                                    absl::GetFlag(FLAGS_sections));
  if (!selection_or.ok()) return Fail(selection_or.status());
  const ev::ServedSelection& selection = *selection_or;
  auto runner = stori::tools::LoadWarmModel(model_dir, stori::model::Device::kCpu);
  if (!runner.ok()) return Fail(runner.status());
  const gen::SectionGenerator generator(**runner);
  const stori::RunContext ctx;
  const std::uint64_t seed = absl::GetFlag(FLAGS_seed);
  const stori::EmotionVector neutral = ev::NeutralEmotion().emotion;
  const refine::RefinementOptions balanced =
      refine::RefinementOptionsFor(stori::QualityPreset::kBalanced);

  std::vector<stori::SectionRequest> requests;
  for (std::size_t i = 0; i < selection.sections.size(); ++i) {
    auto request = ev::ServedSectionRequest(selection.sections[i].window,
                                            selection.sections[i].source, neutral,
                                            stori::QualityPreset::kBalanced,
                                            stori::sampling::Rng::Derive(seed, i, 0));
    if (!request.ok()) return Fail(request.status());
    requests.push_back(*std::move(request));
  }

  // 1 and 2: refinement and "make it sadder" per section.
  int below_sections = 0, raised = 0, lowered = 0, passes = 0, kept = 0;
  int below_by_dimension[score::kNumDimensions] = {};
  int raised_by_dimension[score::kNumDimensions] = {};
  int sadder_n = 0, sadder_ok = 0, sadder_register = 0, sadder_minor = 0, sadder_first_try = 0;
  std::vector<double> sadder_attempts;
  std::vector<double> generate_ms, refine_ms, overall_gain;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const stori::SectionRequest& request = requests[i];
    const absl::Time t0 = absl::Now();
    auto generated = generator.Generate(request, ctx);
    if (!generated.ok()) return Fail(generated.status());
    const absl::Time t1 = absl::Now();
    auto refined = refine::RefineWeakestDimensions(generator, request, *generated, balanced, ctx);
    if (!refined.ok()) return Fail(refined.status());
    generate_ms.push_back(Ms(t1 - t0));
    refine_ms.push_back(Ms(absl::Now() - t1));
    overall_gain.push_back(refined->scores.overall - generated->scores.overall);
    if (refined->scores.overall < generated->scores.overall) ++lowered;
    for (int d = 0; d < score::kNumDimensions; ++d) {
      const auto dimension = static_cast<score::Dimension>(d);
      if (generated->scores.Get(dimension) < score::RefinementThreshold(dimension)) {
        ++below_by_dimension[d];
        if (refined->scores.Get(dimension) > generated->scores.Get(dimension)) {
          ++raised_by_dimension[d];
        }
      }
    }
    if (!refined->refinement.empty()) {
      ++below_sections;
      const score::Dimension weakest = refined->refinement.front().dimension;
      if (refined->scores.Get(weakest) > generated->scores.Get(weakest)) ++raised;
    }
    for (const stori::RefinementPass& p : refined->refinement) {
      ++passes;
      kept += p.kept ? 1 : 0;
    }

    stori::RefinementRequest sadder;
    sadder.request = request;
    sadder.refinement_command = "make it sadder";
    for (const stori::TrackResult& t : refined->tracks) sadder.prior_tracks.push_back(t.track);
    sadder.prior_ppq = refined->ppq;
    auto sad = refine::RefineSection(generator, sadder, ctx);
    if (!sad.ok()) return Fail(sad.status());
    const int melody = MelodyIndex(request);
    auto key = stori::music::ParseKey(request.section.key);
    if (melody >= 0 && key.ok() && !refined->tracks[melody].track.notes.empty() &&
        !sad->result.tracks[melody].track.notes.empty()) {
      ++sadder_n;
      const bool lower = sad->result.tracks[melody].measured.register_center <
                         refined->tracks[melody].measured.register_center;
      const bool minor = score::MinorDegreeShare(sad->result.tracks[melody].track.notes, *key) >
                         score::MinorDegreeShare(refined->tracks[melody].track.notes, *key);
      sadder_register += lower;
      sadder_minor += minor;
      sadder_ok += lower || minor;
      sadder_first_try += sad->attempts == 1 && (lower || minor);
      sadder_attempts.push_back(sad->attempts);
    }
    spdlog::info("event=section_refined i={} source={} passes={} overall {:.3f} -> {:.3f}", i,
                 selection.sections[i].source, refined->refinement.size(),
                 generated->scores.overall, refined->scores.overall);
  }

  // 3: songs.
  const int songs = absl::GetFlag(FLAGS_songs);
  const int per_song = std::max(1, absl::GetFlag(FLAGS_song_sections));
  std::vector<double> single_ms, first_pool_ms, first_inline_ms, song_pool_ms, song_inline_ms;
  for (int s = 0; s < songs && (s + 1) * per_song <= static_cast<int>(requests.size()); ++s) {
    std::vector<stori::SectionRequest> song(requests.begin() + s * per_song,
                                          requests.begin() + (s + 1) * per_song);
    for (int k = 0; k < per_song; ++k) {
      song[k].section.section_id = absl::StrCat("s", k);
      song[k].section_index = k;
      song[k].sections_total = per_song;
      if (k + 1 < per_song) song[k].next_section = song[k + 1].section;
    }
    absl::Time t0 = absl::Now();
    // One GenerateSection, as the server runs it (song[0] asks for BALANCED).
    if (auto alone = refine::GenerateRefined(generator, song[0], ctx); !alone.ok()) {
      return Fail(alone.status());
    }
    single_ms.push_back(Ms(absl::Now() - t0));
    {
      refine::RefinementPool pool(generator, 1, 16);
      t0 = absl::Now();
      TimingObserver observer(t0);
      if (auto st = stori::song::GenerateSong(generator, &pool, song, ctx, observer); !st.ok()) {
        return Fail(st);
      }
      song_pool_ms.push_back(Ms(absl::Now() - t0));
      first_pool_ms.push_back(observer.first_ms);
    }
    t0 = absl::Now();
    TimingObserver observer(t0);
    if (auto st = stori::song::GenerateSong(generator, nullptr, song, ctx, observer); !st.ok()) {
      return Fail(st);
    }
    song_inline_ms.push_back(Ms(absl::Now() - t0));
    first_inline_ms.push_back(observer.first_ms);
    spdlog::info("event=song_timed song={} pool_ms={:.0f} inline_ms={:.0f}", s,
                 song_pool_ms.back(), song_inline_ms.back());
  }

  std::string md = absl::StrCat(
      "# Refinement as served: stori-remi v3, BALANCED\n\n```sh\n# reproduce from the repository "
      "root:\n",
      absl::StrJoin(args, " "),
      "\n```\n\nWritten by `stori-evaluate-refinement` (tools/evaluate/"
      "evaluate_refinement_main.cc). ",
      requests.size(),
      " requests built from held-out POP909 8-bar test windows (every ", selection.stride,
      "th of ", selection.eligible,
      " eligible; their chords, key, tempo and meter, four tracks, genre pop, neutral "
      "EmotionVector, no real control values), generated by SectionGenerator and refined by "
      "refine::RefineWeakestDimensions with BALANCED's 2 passes, as the server does. CPU, ",
      absl::GetFlag(FLAGS_torch_threads), " LibTorch thread(s).\n\n## Refinement of the weakest "
      "dimension\n\n| measure | value |\n|---|---:|\n");
  absl::StrAppend(&md, "| sections with a dimension below its threshold after generation | ",
                  Percent(below_sections, static_cast<int>(requests.size())), " |\n");
  absl::StrAppend(&md, "| of them, the weakest dimension raised by refinement (target >= 80%) | ",
                  Percent(raised, below_sections), " |\n");
  absl::StrAppend(&md, "| sections whose overall score fell (target 0) | ",
                  Percent(lowered, static_cast<int>(requests.size())), " |\n");
  absl::StrAppend(&md, "| passes run / kept | ", passes, " / ", kept, " |\n");
  absl::StrAppend(&md,
                  absl::StrFormat("| mean overall score change | %+.4f |\n", Mean(overall_gain)));
  absl::StrAppend(&md, absl::StrFormat(
                           "| generation ms per section, median | %.0f |\n| refinement ms per "
                           "section, median / mean | %.0f / %.0f |\n",
                           Median(generate_ms), Median(refine_ms), Mean(refine_ms)));
  absl::StrAppend(&md, "\nPer dimension: sections below its threshold after generation, and of "
                       "them those where it ended higher (a section may have several).\n\n"
                       "| dimension | threshold | below | raised |\n|---|---:|---:|---:|\n");
  for (int d = 0; d < score::kNumDimensions; ++d) {
    const auto dimension = static_cast<score::Dimension>(d);
    absl::StrAppend(&md, "| ", score::DimensionName(dimension), " | ",
                    absl::StrFormat("%.2f", score::RefinementThreshold(dimension)), " | ",
                    below_by_dimension[d], " | ",
                    Percent(raised_by_dimension[d], below_by_dimension[d]), " |\n");
  }
  absl::StrAppend(&md, "\n## \"make it sadder\"\n\nrefine::RefineSection on each refined section "
                       "(valence -0.3; the tracks the change reaches regenerated with the same "
                       "seed, and again with further seed streams, up to 5 tries, while they do "
                       "not move as asked: engine/refine/emotion_effect.h). Success: the melody's "
                       "register (mean pitch) falls or its share of minor-degree notes "
                       "(b3, b6, b7 of the key) rises.\n\n| measure | value |\n|---|---:|\n");
  absl::StrAppend(&md, "| success (target >= 90%) | ", Percent(sadder_ok, sadder_n), " |\n");
  absl::StrAppend(&md, "| of them at the first try (the model and targets alone) | ",
                  Percent(sadder_first_try, sadder_n), " |\n");
  absl::StrAppend(&md,
                  absl::StrFormat("| tries per request, mean | %.2f |\n", Mean(sadder_attempts)));
  absl::StrAppend(&md, "| register lower | ", Percent(sadder_register, sadder_n), " |\n");
  absl::StrAppend(&md, "| minor-degree share higher | ", Percent(sadder_minor, sadder_n), " |\n");
  absl::StrAppend(
      &md, "\n## Songs: the refinement worker pool\n\n", single_ms.size(), " songs of ", per_song,
      " sections (consecutive requests above, each with the next section for its transition "
      "check), BALANCED. Medians in ms.\n\n| measure | ms |\n|---|---:|\n");
  absl::StrAppend(&md, absl::StrFormat(
                           "| one section generated and refined (GenerateSection) | %.0f |\n",
                           Median(single_ms)));
  absl::StrAppend(&md, absl::StrFormat("| GenerateSong, time to first section, pool | %.0f |\n",
                                       Median(first_pool_ms)));
  absl::StrAppend(&md, absl::StrFormat("| GenerateSong, time to first section, no pool | %.0f |\n",
                                       Median(first_inline_ms)));
  absl::StrAppend(&md, absl::StrFormat("| whole song, pool (1 thread) | %.0f |\n",
                                       Median(song_pool_ms)));
  absl::StrAppend(&md, absl::StrFormat("| whole song, no pool | %.0f |\n", Median(song_inline_ms)));
  absl::StrAppend(&md, absl::StrFormat("\nWhole evaluation: %.1f s wall.\n",
                                       absl::ToDoubleSeconds(absl::Now() - start)));
  if (absl::Status s = stori::tools::WriteReportFiles(out, {{"refinement.md", md}}); !s.ok()) {
    return Fail(s);
  }
  std::printf("%s", md.c_str());
  return 0;
}
