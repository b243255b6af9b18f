#include "server/memory_release.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "absl/time/clock.h"

namespace stori::server {

bool IdleMemoryRelease::OnCallEnded(int calls_still_held) {
  if (calls_still_held > 0) return false;
  const std::int64_t now = absl::GetCurrentTimeNanos();
  std::int64_t last = last_release_ns_.load(std::memory_order_relaxed);
  if (now - last < min_interval_ns_) return false;
  if (!last_release_ns_.compare_exchange_strong(last, now, std::memory_order_relaxed)) {
    return false;  // another thread is releasing
  }
  ReleaseNow();
  return true;
}

void IdleMemoryRelease::ReleaseNow() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace stori::server
