// The held-out windows a model is evaluated on (model cards: the objective metrics on
// held-out songs): the test split of tools/dataset/prepare_dataset_main.cc
// (POP909 song NNN with NNN % 10 == 0; Groove rows of info.csv with split "test"), or its
// validation split (NNN % 10 == 1; split "validation"), on which the decoding controls are
// fitted so that the test split stays unseen; cut by the same cutters with the same options as
// the training windows but never transposed, then a seeded sample of them.
#ifndef STORI_ENGINE_EVALUATE_TEST_WINDOWS_H_
#define STORI_ENGINE_EVALUATE_TEST_WINDOWS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/tokens/remi_window.h"

namespace stori::evaluate {

// One real window and where it comes from.
struct EvaluationWindow {
  std::string set;     // "pop909" or "groove"
  std::string source;  // "pop909/010#3": song folder (or Groove midi_filename) and window index
  tokens::RemiWindow window;
};

// The held-out splits of tools/dataset/prepare_dataset_main.cc.
enum class HeldOutSplit { kTest, kValidation };

// "test" or "validation": Groove's info.csv split name.
const char* HeldOutSplitName(HeldOutSplit split);

// POP909 songs NNN of a split have NNN % 10 == this: 0 (test) or 1 (validation).
int Pop909SplitRemainder(HeldOutSplit split);

struct TestWindowOptions {
  HeldOutSplit split = HeldOutSplit::kTest;  // which held-out songs and performances
  int bars = 4;           // window length in bars (manifest.json bars_per_window)
  int max_tokens = 1024;  // windows whose encoding is longer are skipped, as in training
  int limit_sources = 0;  // if > 0, only the first N test songs/performances (for tests)
  // POP909 windows draw drum tracks from this pool as dataset preparation does
  // (dataset/drum_pairing.h, seed SongPairingSeed(dataset_seed, song)); none when null.
  const std::vector<tokens::RemiWindow>* drum_pool = nullptr;
  double drum_share = 0.75;      // manifest.json "drum_share"
  std::uint64_t dataset_seed = 1;  // manifest.json "seed"
};

// All windows of the POP909 songs of options.split under `pop909_dir` (folders NNN/ holding NNN.mid), in
// song order, then window order, with drum tracks paired in from options.drum_pool.
// Errors: kNotFound for a missing folder; Pop909Windows' errors naming the song.
// Thread safety: pure function (reads files).
absl::StatusOr<std::vector<EvaluationWindow>> Pop909TestWindows(const std::string& pop909_dir,
                                                                const TestWindowOptions& options);

// All windows of one POP909 song folder (any split), e.g. a test fixture. Errors: as above.
absl::StatusOr<std::vector<EvaluationWindow>> Pop909SongWindows(const std::string& song_dir,
                                                                const TestWindowOptions& options);

// All windows of the Groove performances whose info.csv split is options.split's name, in
// info.csv order.
// Errors: ReadGrooveInfo's and GrooveWindows' errors naming the file.
// Thread safety: pure function (reads files).
absl::StatusOr<std::vector<EvaluationWindow>> GrooveTestWindows(const std::string& groove_dir,
                                                                const TestWindowOptions& options);

// The POP909 test windows with drum tracks paired in from the Groove test windows, as dataset
// preparation pairs them: GrooveTestWindows(groove_dir, options) becomes the drum pool of
// Pop909TestWindows(pop909_dir, options) (options.drum_pool is replaced; drum_share and
// dataset_seed apply). Errors: either function's. Thread safety: pure function (reads files).
absl::StatusOr<std::vector<EvaluationWindow>> PairedPop909TestWindows(
    const std::string& pop909_dir, const std::string& groove_dir, TestWindowOptions options);

// A seeded sample of `max_windows` of `windows` (all of them when there are not more), kept in
// their input order: a partial Fisher-Yates shuffle with sampling::Rng(seed), so the same seed
// and input give the same sample on every platform. max_windows <= 0 gives none.
// Thread safety: pure function.
std::vector<EvaluationWindow> SampleWindows(std::vector<EvaluationWindow> windows, int max_windows,
                                            std::uint64_t seed);

}  // namespace stori::evaluate

#endif  // STORI_ENGINE_EVALUATE_TEST_WINDOWS_H_
