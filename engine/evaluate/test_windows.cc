#include "engine/evaluate/test_windows.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "engine/dataset/drum_pairing.h"
#include "engine/dataset/groove_windows.h"
#include "engine/dataset/pop909_windows.h"
#include "engine/sampling/rng.h"
#include "engine/tokens/remi_encoder.h"
#include "engine/tokens/vocabulary.h"

namespace stori::evaluate {
namespace {

absl::Status Prefixed(const absl::Status& s, absl::string_view what) {
  return absl::Status(s.code(), absl::StrCat(what, ": ", s.message()));
}

// Appends the windows of one source whose encoding fits options.max_tokens.
absl::Status AppendFitting(const tokens::Vocabulary& vocab, const std::string& set,
                           const std::string& id, std::vector<tokens::RemiWindow> windows,
                           const TestWindowOptions& options, std::vector<EvaluationWindow>* out) {
  for (std::size_t i = 0; i < windows.size(); ++i) {
    auto ids = tokens::EncodeWindow(vocab, windows[i]);
    if (!ids.ok()) return Prefixed(ids.status(), absl::StrCat(set, "/", id, " window ", i));
    if (static_cast<int>(ids->size()) > options.max_tokens) continue;
    out->push_back({set, absl::StrCat(set, "/", id, "#", i), std::move(windows[i])});
  }
  return absl::OkStatus();
}

dataset::WindowOptions CutOptions(const TestWindowOptions& options) {
  dataset::WindowOptions w;
  w.bars = options.bars;
  w.transpose = false;
  return w;
}

}  // namespace

const char* HeldOutSplitName(HeldOutSplit split) {
  return split == HeldOutSplit::kValidation ? "validation" : "test";
}

int Pop909SplitRemainder(HeldOutSplit split) {
  return split == HeldOutSplit::kValidation ? 1 : 0;
}

absl::StatusOr<std::vector<EvaluationWindow>> Pop909SongWindows(const std::string& song_dir,
                                                                const TestWindowOptions& options) {
  const tokens::Vocabulary vocab;
  auto windows = dataset::Pop909Windows(song_dir, CutOptions(options));
  if (!windows.ok()) return Prefixed(windows.status(), song_dir);
  std::vector<EvaluationWindow> out;
  const std::string id = std::filesystem::path(song_dir).filename().string();
  if (options.drum_pool != nullptr) {
    dataset::DrumPairingOptions pairing;
    pairing.share = options.drum_share;
    pairing.seed = dataset::SongPairingSeed(options.dataset_seed, std::atoi(id.c_str()));
    dataset::PairDrums(*options.drum_pool, pairing, &*windows);
  }
  auto s = AppendFitting(vocab, "pop909", id, std::move(*windows), options, &out);
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<EvaluationWindow>> Pop909TestWindows(const std::string& pop909_dir,
                                                                const TestWindowOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_directory(pop909_dir, ec)) {
    return absl::NotFoundError(absl::StrCat("POP909 folder ", pop909_dir, " does not exist"));
  }
  std::vector<std::string> songs;
  for (const auto& e : std::filesystem::directory_iterator(pop909_dir)) {
    const std::string id = e.path().filename().string();
    if (!e.is_directory() || !std::filesystem::exists(e.path() / (id + ".mid"))) continue;
    // tools/dataset/prepare_dataset_main.cc's rule
    if (std::atoi(id.c_str()) % 10 == Pop909SplitRemainder(options.split)) songs.push_back(id);
  }
  std::sort(songs.begin(), songs.end());
  if (options.limit_sources > 0 && static_cast<int>(songs.size()) > options.limit_sources) {
    songs.resize(options.limit_sources);
  }
  std::vector<EvaluationWindow> out;
  for (const std::string& id : songs) {
    auto song = Pop909SongWindows(pop909_dir + "/" + id, options);
    if (!song.ok()) return song.status();
    for (EvaluationWindow& w : *song) out.push_back(std::move(w));
  }
  return out;
}

absl::StatusOr<std::vector<EvaluationWindow>> GrooveTestWindows(const std::string& groove_dir,
                                                                const TestWindowOptions& options) {
  const tokens::Vocabulary vocab;
  auto entries = dataset::ReadGrooveInfo(groove_dir);
  if (!entries.ok()) return entries.status();
  std::vector<EvaluationWindow> out;
  int sources = 0;
  for (const dataset::GrooveEntry& e : *entries) {
    if (e.split != HeldOutSplitName(options.split)) continue;
    if (options.limit_sources > 0 && sources >= options.limit_sources) break;
    ++sources;
    auto windows = dataset::GrooveWindows(e, CutOptions(options));
    if (!windows.ok()) return Prefixed(windows.status(), e.midi_path);
    std::string id = e.midi_path;
    if (id.rfind(groove_dir + "/", 0) == 0) id = id.substr(groove_dir.size() + 1);
    auto s = AppendFitting(vocab, "groove", id, std::move(*windows), options, &out);
    if (!s.ok()) return s;
  }
  return out;
}

absl::StatusOr<std::vector<EvaluationWindow>> PairedPop909TestWindows(
    const std::string& pop909_dir, const std::string& groove_dir, TestWindowOptions options) {
  absl::StatusOr<std::vector<EvaluationWindow>> groove = GrooveTestWindows(groove_dir, options);
  if (!groove.ok()) return groove.status();
  std::vector<tokens::RemiWindow> drum_pool;
  drum_pool.reserve(groove->size());
  for (EvaluationWindow& w : *groove) drum_pool.push_back(std::move(w.window));
  options.drum_pool = &drum_pool;
  return Pop909TestWindows(pop909_dir, options);
}

std::vector<EvaluationWindow> SampleWindows(std::vector<EvaluationWindow> windows, int max_windows,
                                            std::uint64_t seed) {
  const std::size_t n = windows.size();
  if (max_windows <= 0) return {};
  if (static_cast<std::size_t>(max_windows) >= n) return windows;
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  sampling::Rng rng(seed);
  const std::size_t k = static_cast<std::size_t>(max_windows);
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t j = i + static_cast<std::size_t>(rng.NextBelow(n - i));
    std::swap(order[i], order[j]);
  }
  order.resize(k);
  std::sort(order.begin(), order.end());
  std::vector<EvaluationWindow> out;
  out.reserve(k);
  for (std::size_t i : order) out.push_back(std::move(windows[i]));
  return out;
}

}  // namespace stori::evaluate
