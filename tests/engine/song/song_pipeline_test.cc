// A song through the refinement worker pool, on the shipped model (models/stori-remi/v3).
#include "engine/song/song_pipeline.h"

#include <memory>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "engine/common/stop_token.h"
#include "gtest/gtest.h"
#include "tests/engine/generate/generate_fixture.h"

namespace stori::song {
namespace {

using ::stori::testing::IsOk;
using ::stori::testing::LeavingHomeVerse;
using ::stori::testing::StatusIs;

// Records what it receives; optionally stops the request after the first section.
class RecordingObserver final : public SongObserver {
 public:
  explicit RecordingObserver(StopToken* stop_after_first = nullptr)
      : stop_after_first_(stop_after_first) {}
  void OnGenerating(int index, int total, int delivered) override {
    absl::MutexLock lock(&mu_);
    generating.push_back(index);
    EXPECT_LE(delivered, index);
    EXPECT_GT(total, index);
  }
  absl::Status OnSection(int index, SectionResult result) override {
    absl::MutexLock lock(&mu_);
    EXPECT_FALSE(in_call_) << "OnSection called concurrently";
    in_call_ = true;
    delivered.push_back(index);
    results.push_back(std::move(result));
    threads.push_back(std::this_thread::get_id());
    if (stop_after_first_ != nullptr) stop_after_first_->RequestStop();
    in_call_ = false;
    return absl::OkStatus();
  }
  std::vector<int> generating;
  std::vector<int> delivered;
  std::vector<SectionResult> results;
  std::vector<std::thread::id> threads;

 private:
  absl::Mutex mu_;
  bool in_call_ = false;
  StopToken* stop_after_first_;
};

class SongPipelineTest : public ::stori::testing::GeneratorTest {
 protected:
  // Three 4-bar sections at BALANCED (two refinement passes) with one candidate each.
  // Three 4-bar BALANCED sections, seeds first_seed, first_seed + 1, first_seed + 2.
  static std::vector<SectionRequest> Song(std::uint64_t first_seed = 100) {
    std::vector<SectionRequest> song;
    for (int i = 0; i < 3; ++i) {
      SectionRequest r = LeavingHomeVerse();
      r.section.bars = 4;
      r.section.chords.resize(4);
      r.section.motif_usages.resize(1);
      r.section.section_id = "s" + std::to_string(i);
      r.section_index = i;
      r.sections_total = 3;
      r.quality_preset = QualityPreset::kBalanced;
      r.num_candidates = 1;
      r.seed = first_seed + static_cast<std::uint64_t>(i);
      song.push_back(r);
    }
    return song;
  }
};

TEST_F(SongPipelineTest, DeliversInSongOrderWithThePoolAsWithout) {
  // The first of a few songs in which some section refines (about a third of sections have a
  // dimension below its threshold), so that the pool has refinement work to do.
  std::vector<SectionRequest> song;
  std::unique_ptr<RecordingObserver> inline_observer;
  for (std::uint64_t first_seed : {100, 200, 300, 400, 500, 600}) {
    song = Song(first_seed);
    inline_observer = std::make_unique<RecordingObserver>();
    ASSERT_THAT(GenerateSong(*generator_, nullptr, song, ctx_, *inline_observer), IsOk());
    int inline_passes = 0;
    for (const SectionResult& r : inline_observer->results) {
      inline_passes += static_cast<int>(r.refinement.size());
    }
    if (inline_passes > 0) break;
  }
  RecordingObserver pooled_observer;
  {
    refine::RefinementPool pool(*generator_, 2, 4);
    ASSERT_THAT(GenerateSong(*generator_, &pool, song, ctx_, pooled_observer), IsOk());
  }
  EXPECT_EQ(pooled_observer.generating, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(pooled_observer.delivered, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(inline_observer->delivered, (std::vector<int>{0, 1, 2}));
  ASSERT_EQ(pooled_observer.results.size(), 3u);
  int passes = 0;
  for (int i = 0; i < 3; ++i) {
    // Refinement is deterministic: the pool changes where it runs, not what it produces.
    EXPECT_EQ(pooled_observer.results[i].smf, inline_observer->results[i].smf) << "section " << i;
    EXPECT_EQ(pooled_observer.results[i].section_id, song[i].section.section_id);
    passes += static_cast<int>(pooled_observer.results[i].refinement.size());
    EXPECT_GE(pooled_observer.results[i].scores.overall + 1e-12,
              pooled_observer.results[i].refinement.empty()
                  ? 0.0
                  : pooled_observer.results[i].refinement.front().overall_before);
  }
  EXPECT_GT(passes, 0) << "no section of three had a dimension below its threshold";
}

TEST_F(SongPipelineTest, CancellingAfterTheFirstSectionStopsTheSong) {
  StopToken stop;
  RunContext ctx = ctx_;
  ctx.stop = &stop;
  RecordingObserver observer(&stop);
  refine::RefinementPool pool(*generator_, 1, 4);
  const absl::Status status = GenerateSong(*generator_, &pool, Song(), ctx, observer);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kCancelled, ""));
  ASSERT_FALSE(observer.delivered.empty());
  EXPECT_EQ(observer.delivered.front(), 0);
  EXPECT_LT(observer.delivered.size(), 3u);
}

TEST_F(SongPipelineTest, AnObserverErrorEndsTheSongWithIt) {
  class Refusing final : public SongObserver {
   public:
    void OnGenerating(int, int, int) override {}
    absl::Status OnSection(int index, SectionResult) override {
      ++sections;
      return absl::CancelledError("stream closed");
    }
    int sections = 0;
  } refusing;
  refine::RefinementPool pool(*generator_, 1, 4);
  EXPECT_THAT(GenerateSong(*generator_, &pool, Song(), ctx_, refusing),
              StatusIs(absl::StatusCode::kCancelled, "stream closed"));
  EXPECT_EQ(refusing.sections, 1);
}

}  // namespace
}  // namespace stori::song
