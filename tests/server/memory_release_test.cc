#include "server/memory_release.h"

#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "server/metrics.h"

namespace stori::server {
namespace {

TEST(IdleMemoryRelease, ReleasesOnlyWhenIdleAndAtMostOncePerInterval) {
  IdleMemoryRelease release(absl::Hours(1));
  EXPECT_FALSE(release.OnCallEnded(/*calls_still_held=*/2));
  EXPECT_TRUE(release.OnCallEnded(0));
  EXPECT_FALSE(release.OnCallEnded(0));  // within the interval
  IdleMemoryRelease every_time(absl::ZeroDuration());
  EXPECT_TRUE(every_time.OnCallEnded(0));
  EXPECT_TRUE(every_time.OnCallEnded(0));
}

#if defined(__GLIBC__)
// What a decoding thread leaves behind: many small blocks freed on another thread's arena stay
// resident until trimmed. 96 MiB in 64 KiB blocks (below the mmap threshold), freed, then
// released: the resident size must fall by most of it.
TEST(IdleMemoryRelease, GivesFreedHeapBackToTheOperatingSystem) {
  constexpr std::size_t kBlock = 64 * 1024;
  constexpr std::size_t kBlocks = 96 * 16;
  std::thread worker([&] {
    std::vector<std::unique_ptr<char[]>> blocks;
    blocks.reserve(kBlocks);
    for (std::size_t i = 0; i < kBlocks; ++i) {
      blocks.emplace_back(new char[kBlock]);
      for (std::size_t j = 0; j < kBlock; j += 4096) blocks.back()[j] = 1;  // touch every page
    }
    // Freed in allocation order, the last block still in use keeps the arena's top from
    // shrinking by itself.
    auto keep = std::move(blocks.back());
    blocks.clear();
    const double before = ResidentMemoryBytes();
    IdleMemoryRelease::ReleaseNow();
    const double after = ResidentMemoryBytes();
    EXPECT_LT(after, before - 48.0 * 1024 * 1024)
        << "resident " << before / 1048576 << " MiB before, " << after / 1048576 << " after";
  });
  worker.join();
}
#endif

}  // namespace
}  // namespace stori::server
