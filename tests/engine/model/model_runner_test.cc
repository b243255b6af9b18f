#include "engine/model/model_runner.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/engine/model/model_test_util.h"
#include "tests/testing/status_matchers.h"

namespace stori::model {
namespace {

using ::stori::testing::IsOk;
using ::stori::testing::StatusIs;
using tokens::TokenId;
using tokens::TokenKind;

namespace fs = std::filesystem;

constexpr float kCacheTolerance = 1e-3f;  // max abs logit difference, cached vs. uncached

// A real-looking REMI sequence (engine/tokens/vocabulary.h grammar): header, a melody track with
// attributes, then bars of notes. `n` tokens long.
std::vector<TokenId> RemiLikeSequence(const tokens::Vocabulary& v, int n) {
  std::vector<TokenId> out = {
      v.Id(TokenKind::kBos),      v.Id(TokenKind::kGenre, 0),   v.Id(TokenKind::kSection, 2),
      v.Id(TokenKind::kKey, 18),  v.Id(TokenKind::kMeter, 0),   v.Id(TokenKind::kTempo, 5),
      v.Id(TokenKind::kTrack, 3), v.Id(TokenKind::kDensity, 2), v.Id(TokenKind::kRegister, 3)};
  const int pitches[] = {69, 72, 74, 76, 74, 72, 69, 67};
  int note = 0;
  while (static_cast<int>(out.size()) < n) {
    out.push_back(v.Id(TokenKind::kBar));
    out.push_back(v.Id(TokenKind::kChordBeat, 0));
    out.push_back(v.Id(TokenKind::kChord, 9 * tokens::kNumChordQualities + 1));  // A minor
    for (int beat = 0; beat < 4 && static_cast<int>(out.size()) < n + 8; ++beat) {
      out.push_back(v.Id(TokenKind::kPosition, beat * tokens::kStepsPerBeat));
      out.push_back(v.Id(TokenKind::kPitch, pitches[note++ % 8]));
      out.push_back(v.Id(TokenKind::kVelocity, 4));
      out.push_back(v.Id(TokenKind::kDuration, 7));
    }
  }
  out.resize(n);
  return out;
}

float MaxAbsDiff(const float* a, const float* b, int n) {
  float d = 0.0f;
  for (int i = 0; i < n; ++i) d = std::max(d, std::fabs(a[i] - b[i]));
  return d;
}

// Copies `from` to a fresh temporary directory and returns its path.
std::string CopyModelDir(const std::string& from, const std::string& name) {
  const fs::path to = fs::path(::testing::TempDir()) / name;
  fs::remove_all(to);
  fs::create_directories(to);
  for (const char* f : {"model.pt", "config.json", "vocab.json"}) {
    fs::copy_file(fs::path(from) / f, to / f);
  }
  return to.string();
}

TEST(ModelRunnerLoad, MissingDirectoryIsNotFound) {
  EXPECT_THAT(ModelRunner::Load({"/nonexistent/stori-model", Device::kCpu}),
              StatusIs(absl::StatusCode::kNotFound, "/nonexistent/stori-model"));
}

TEST(ModelRunnerLoad, EmptyDirectoryIsNotFoundNamingConfigJson) {
  const fs::path dir = fs::path(::testing::TempDir()) / "stori-empty-model";
  fs::create_directories(dir);
  EXPECT_THAT(ModelRunner::Load({dir.string(), Device::kCpu}),
              StatusIs(absl::StatusCode::kNotFound, "config.json"));
}

TEST(ParseDevice, AcceptsFlagNamesOnly) {
  EXPECT_THAT(ParseDevice("cuda"), IsOk());
  EXPECT_EQ(*ParseDevice("mps"), Device::kMps);
  EXPECT_THAT(ParseDevice("gpu"), StatusIs(absl::StatusCode::kInvalidArgument, "auto, cpu"));
}

// Tests that need a model; the runner is loaded once per suite.
class ModelRunnerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(model::testing::TestModelDir());
    load_status_ = new absl::Status();
    if (dir_->empty()) return;
    auto runner = ModelRunner::Load({*dir_, Device::kCpu});
    if (runner.ok()) {
      runner_ = runner->release();
    } else {
      *load_status_ = runner.status();
    }
  }
  static void TearDownTestSuite() {
    delete runner_;
    runner_ = nullptr;
    delete dir_;
    dir_ = nullptr;
    delete load_status_;
    load_status_ = nullptr;
  }
  void SetUp() override {
    if (dir_->empty()) {
      GTEST_SKIP() << "no model: set STORI_MODEL_DIR or ship models/stori-remi/v3";
    }
    ASSERT_THAT(*load_status_, IsOk()) << "loading " << *dir_;
  }
  static const ModelRunner& runner() { return *runner_; }

  static std::string* dir_;
  static absl::Status* load_status_;
  static ModelRunner* runner_;
  const tokens::Vocabulary vocab_;
};
std::string* ModelRunnerTest::dir_ = nullptr;
absl::Status* ModelRunnerTest::load_status_ = nullptr;
ModelRunner* ModelRunnerTest::runner_ = nullptr;

TEST_F(ModelRunnerTest, ReportsConfig) {
  EXPECT_FALSE(runner().model_id().empty());
  EXPECT_FALSE(runner().model_version().empty());
  EXPECT_EQ(runner().device_name(), "cpu");
  EXPECT_EQ(runner().vocab_size(), vocab_.size());
  EXPECT_GE(runner().max_positions(), 64);
  EXPECT_THAT(runner().Warmup(), IsOk());
}

TEST_F(ModelRunnerTest, VocabularyMismatchIsFailedPreconditionNamingTheToken) {
  const std::string dir = CopyModelDir(*dir_, "stori-renamed-vocab");
  {
    std::ifstream in(dir + "/vocab.json");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string from = "\"Pitch_60\"";
    const std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos);
    text.replace(at, from.size(), "\"Pitch_sixty\"");
    std::ofstream(dir + "/vocab.json", std::ios::trunc) << text;
  }
  EXPECT_THAT(ModelRunner::Load({dir, Device::kCpu}),
              StatusIs(absl::StatusCode::kFailedPrecondition, "\"Pitch_sixty\""));
}

TEST_F(ModelRunnerTest, MissingModelFileIsNotFound) {
  const std::string dir = CopyModelDir(*dir_, "stori-no-weights");
  fs::remove(fs::path(dir) / "model.pt");
  EXPECT_THAT(ModelRunner::Load({dir, Device::kCpu}),
              StatusIs(absl::StatusCode::kNotFound, "model.pt"));
}

TEST_F(ModelRunnerTest, CorruptModelFileIsInternal) {
  const std::string dir = CopyModelDir(*dir_, "stori-corrupt-weights");
  std::ofstream(dir + "/model.pt", std::ios::trunc) << "not a zip archive";
  EXPECT_THAT(ModelRunner::Load({dir, Device::kCpu}),
              StatusIs(absl::StatusCode::kInternal, "model.pt"));
}

// Issue 3, point 5: cached decoding equals the uncached forward on the same prefix.
TEST_F(ModelRunnerTest, CachedDecodingMatchesUncachedForward) {
  constexpr int kPrompt = 40;
  constexpr int kSteps = 8;
  const std::vector<TokenId> seq = RemiLikeSequence(vocab_, kPrompt + kSteps);
  const int v = runner().vocab_size();

  auto full = runner().ForwardUncached(seq);
  ASSERT_THAT(full, IsOk());
  ASSERT_EQ(full->size(), static_cast<std::size_t>((kPrompt + kSteps) * v));

  DecodeState state;
  auto logits = runner().Prefill(&state, absl::MakeConstSpan(seq).subspan(0, kPrompt));
  ASSERT_THAT(logits, IsOk());
  ASSERT_EQ(logits->size(), static_cast<std::size_t>(v));
  EXPECT_EQ(state.positions(), kPrompt);
  EXPECT_LT(MaxAbsDiff(logits->data(), full->data() + (kPrompt - 1) * v, v), kCacheTolerance);
  for (int i = 0; i < kSteps; ++i) {
    const int pos = kPrompt + i;
    logits = runner().Step(&state, {seq[pos]});
    ASSERT_THAT(logits, IsOk());
    EXPECT_LT(MaxAbsDiff(logits->data(), full->data() + pos * v, v), kCacheTolerance)
        << "step " << i;
  }
  EXPECT_EQ(state.positions(), kPrompt + kSteps);
}

// The shipped model decodes through forward_in_place (preallocated cache); a runner told not to
// uses forward() (cache concatenated). Both give the same logits through a prefill, steps past
// the first cache allocation (256 positions), a batch expansion and a row selection.
TEST_F(ModelRunnerTest, InPlaceCacheMatchesForwardConcatenation) {
  ASSERT_TRUE(runner().in_place_kv_cache()) << "the shipped model.pt lacks forward_in_place";
  ModelRunnerOptions options{*dir_, Device::kCpu};
  options.in_place_kv_cache = false;
  auto concat = ModelRunner::Load(options);
  ASSERT_THAT(concat, IsOk());
  ASSERT_FALSE((*concat)->in_place_kv_cache());
  const int v = runner().vocab_size();
  const std::vector<TokenId> seq = RemiLikeSequence(vocab_, 300);
  DecodeState a, b;
  auto la = runner().Prefill(&a, absl::MakeConstSpan(seq).subspan(0, 250));
  auto lb = (*concat)->Prefill(&b, absl::MakeConstSpan(seq).subspan(0, 250));
  ASSERT_THAT(la, IsOk());
  ASSERT_THAT(lb, IsOk());
  EXPECT_LT(MaxAbsDiff(la->data(), lb->data(), v), kCacheTolerance);
  for (int pos = 250; pos < 270; ++pos) {  // crosses 256: the in-place cache grows
    la = runner().Step(&a, {seq[pos]});
    lb = (*concat)->Step(&b, {seq[pos]});
    ASSERT_THAT(la, IsOk());
    ASSERT_THAT(lb, IsOk());
    EXPECT_LT(MaxAbsDiff(la->data(), lb->data(), v), kCacheTolerance) << "position " << pos;
  }
  ASSERT_THAT(runner().ExpandBatch(&a, 3), IsOk());
  ASSERT_THAT((*concat)->ExpandBatch(&b, 3), IsOk());
  const std::vector<TokenId> rows = {seq[270], seq[271], seq[272]};
  la = runner().Step(&a, rows);
  lb = (*concat)->Step(&b, rows);
  ASSERT_THAT(la, IsOk());
  ASSERT_THAT(lb, IsOk());
  EXPECT_LT(MaxAbsDiff(la->data(), lb->data(), 3 * v), kCacheTolerance);
  ASSERT_THAT(runner().SelectRow(&a, 2), IsOk());
  ASSERT_THAT((*concat)->SelectRow(&b, 2), IsOk());
  la = runner().Step(&a, {seq[273]});
  lb = (*concat)->Step(&b, {seq[273]});
  ASSERT_THAT(la, IsOk());
  ASSERT_THAT(lb, IsOk());
  EXPECT_LT(MaxAbsDiff(la->data(), lb->data(), v), kCacheTolerance);
  EXPECT_EQ(a.positions(), 272);
}

TEST_F(ModelRunnerTest, AppendThenPrefillContinuesTheCache) {
  const std::vector<TokenId> seq = RemiLikeSequence(vocab_, 24);
  const int v = runner().vocab_size();
  auto full = runner().ForwardUncached(seq);
  ASSERT_THAT(full, IsOk());
  DecodeState state;
  ASSERT_THAT(runner().Append(&state, absl::MakeConstSpan(seq).subspan(0, 10)), IsOk());
  auto logits = runner().Prefill(&state, absl::MakeConstSpan(seq).subspan(10));
  ASSERT_THAT(logits, IsOk());
  EXPECT_LT(MaxAbsDiff(logits->data(), full->data() + 23 * v, v), kCacheTolerance);
}

TEST_F(ModelRunnerTest, BatchRowsEqualTheSingleRowResult) {
  const std::vector<TokenId> seq = RemiLikeSequence(vocab_, 32);
  const int v = runner().vocab_size();
  const TokenId pitches[] = {vocab_.Id(TokenKind::kPitch, 60), vocab_.Id(TokenKind::kPitch, 64),
                             vocab_.Id(TokenKind::kPosition, 6)};
  DecodeState batch_state;
  ASSERT_THAT(runner().Prefill(&batch_state, seq), IsOk());
  ASSERT_THAT(runner().ExpandBatch(&batch_state, 3), IsOk());
  EXPECT_EQ(batch_state.batch(), 3);
  auto batch_logits = runner().Step(&batch_state, pitches);
  ASSERT_THAT(batch_logits, IsOk());
  ASSERT_EQ(batch_logits->size(), static_cast<std::size_t>(3 * v));
  for (int row = 0; row < 3; ++row) {
    DecodeState single;
    ASSERT_THAT(runner().Prefill(&single, seq), IsOk());
    auto logits = runner().Step(&single, {pitches[row]});
    ASSERT_THAT(logits, IsOk());
    EXPECT_LT(MaxAbsDiff(logits->data(), batch_logits->data() + row * v, v), kCacheTolerance)
        << "row " << row;
  }
  // Keep row 1 only: it continues exactly like the single-row run.
  ASSERT_THAT(runner().SelectRow(&batch_state, 1), IsOk());
  EXPECT_EQ(batch_state.batch(), 1);
  const TokenId next = vocab_.Id(TokenKind::kVelocity, 3);
  auto kept = runner().Step(&batch_state, {next});
  DecodeState single;
  ASSERT_THAT(runner().Prefill(&single, seq), IsOk());
  ASSERT_THAT(runner().Step(&single, {pitches[1]}), IsOk());
  auto expected = runner().Step(&single, {next});
  ASSERT_THAT(kept, IsOk());
  ASSERT_THAT(expected, IsOk());
  EXPECT_LT(MaxAbsDiff(kept->data(), expected->data(), v), kCacheTolerance);
}

TEST_F(ModelRunnerTest, KeepRowsReordersAndCloneIsIndependent) {
  const std::vector<TokenId> seq = RemiLikeSequence(vocab_, 16);
  const int v = runner().vocab_size();
  const TokenId a = vocab_.Id(TokenKind::kPitch, 60), b = vocab_.Id(TokenKind::kPitch, 67);
  DecodeState state;
  ASSERT_THAT(runner().Prefill(&state, seq), IsOk());
  auto clone = runner().CloneState(state);
  ASSERT_THAT(clone, IsOk());
  ASSERT_THAT(runner().ExpandBatch(&state, 2), IsOk());
  ASSERT_THAT(runner().Step(&state, {a, b}), IsOk());
  ASSERT_THAT(runner().KeepRows(&state, {1, 1, 0}), IsOk());
  EXPECT_EQ(state.batch(), 3);
  const TokenId next = vocab_.Id(TokenKind::kVelocity, 5);
  auto rows = runner().Step(&state, {next, next, next});
  ASSERT_THAT(rows, IsOk());
  EXPECT_LT(MaxAbsDiff(rows->data(), rows->data() + v, v), kCacheTolerance);
  // The clone still holds the 16-token prompt only.
  EXPECT_EQ(clone->positions(), 16);
  ASSERT_THAT(runner().Step(&*clone, {a}), IsOk());
  auto from_clone = runner().Step(&*clone, {next});
  ASSERT_THAT(from_clone, IsOk());
  EXPECT_LT(MaxAbsDiff(from_clone->data(), rows->data() + 2 * v, v), kCacheTolerance);
}

TEST_F(ModelRunnerTest, PastMaxPositionsIsResourceExhaustedAndStateUnchanged) {
  const int max = runner().max_positions();
  std::vector<TokenId> prompt(max - 1, vocab_.Id(TokenKind::kBar));
  DecodeState state;
  EXPECT_THAT(runner().Prefill(&state, std::vector<TokenId>(max + 1, prompt[0])),
              StatusIs(absl::StatusCode::kResourceExhausted, absl::StrCat(max)));
  EXPECT_EQ(state.positions(), 0);
  ASSERT_THAT(runner().Prefill(&state, prompt), IsOk());
  ASSERT_THAT(runner().Step(&state, {prompt[0]}), IsOk());  // position max - 1 is the last
  EXPECT_EQ(state.positions(), max);
  EXPECT_THAT(runner().Step(&state, {prompt[0]}),
              StatusIs(absl::StatusCode::kResourceExhausted, "max_positions"));
  EXPECT_EQ(state.positions(), max);
}

TEST_F(ModelRunnerTest, BadArgumentsAreInvalidArgument) {
  DecodeState state;
  EXPECT_THAT(runner().Prefill(&state, {}), StatusIs(absl::StatusCode::kInvalidArgument, "empty"));
  EXPECT_THAT(runner().Prefill(&state, {1, runner().vocab_size()}),
              StatusIs(absl::StatusCode::kInvalidArgument, "token 1 has id"));
  EXPECT_THAT(runner().Prefill(&state, {-1}), StatusIs(absl::StatusCode::kInvalidArgument, "-1"));
  ASSERT_THAT(runner().Prefill(&state, {1, 2, 3}), IsOk());
  EXPECT_THAT(runner().Step(&state, {1, 2}),
              StatusIs(absl::StatusCode::kInvalidArgument, "one token per row"));
  EXPECT_THAT(runner().ExpandBatch(&state, 0), StatusIs(absl::StatusCode::kInvalidArgument, ""));
  ASSERT_THAT(runner().ExpandBatch(&state, 2), IsOk());
  EXPECT_THAT(runner().ExpandBatch(&state, 4),
              StatusIs(absl::StatusCode::kInvalidArgument, "batch-1"));
  EXPECT_THAT(runner().Prefill(&state, {1}),
              StatusIs(absl::StatusCode::kInvalidArgument, "batch-1"));
  EXPECT_THAT(runner().Append(&state, {1, 2, 3}),
              StatusIs(absl::StatusCode::kInvalidArgument, "per row"));
  EXPECT_THAT(runner().SelectRow(&state, 2), StatusIs(absl::StatusCode::kInvalidArgument, "row 2"));
  EXPECT_EQ(state.positions(), 3);
  EXPECT_EQ(state.batch(), 2);
}

// The runner is shared by concurrent generations: each thread's results equal the serial ones.
TEST_F(ModelRunnerTest, ConcurrentGenerationsMatchSerialResults) {
  constexpr int kThreads = 3;
  constexpr int kSteps = 6;
  const int v = runner().vocab_size();
  auto run = [&](int seed, std::vector<float>* out) {
    const std::vector<TokenId> seq = RemiLikeSequence(vocab_, 20 + seed);
    DecodeState state;
    auto logits = runner().Prefill(&state, seq);
    for (int i = 0; i < kSteps && logits.ok(); ++i) {
      // Greedy continuation: feed the argmax back.
      const auto best = std::max_element(logits->begin(), logits->end()) - logits->begin();
      logits = runner().Step(&state, {static_cast<TokenId>(best)});
    }
    if (logits.ok()) *out = *logits;
  };
  std::vector<std::vector<float>> serial(kThreads), parallel(kThreads);
  for (int i = 0; i < kThreads; ++i) run(i, &serial[i]);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) threads.emplace_back(run, i, &parallel[i]);
  for (std::thread& t : threads) t.join();
  for (int i = 0; i < kThreads; ++i) {
    ASSERT_EQ(serial[i].size(), static_cast<std::size_t>(v));
    ASSERT_EQ(parallel[i].size(), static_cast<std::size_t>(v));
    EXPECT_LT(MaxAbsDiff(serial[i].data(), parallel[i].data(), v), kCacheTolerance) << i;
  }
}

}  // namespace
}  // namespace stori::model
