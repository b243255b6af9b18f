// Gives the allocator's free memory back to the operating system when the server goes idle
// (issue 19 point 2). Decoding allocates tens of MiB per call on the generation threads (KV
// caches grown by doubling, logits, candidate batches, the section's note lists); glibc keeps
// what is freed in per-thread arenas and above its (dynamic, up to 32 MiB) mmap threshold on the
// heap, so the resident size after a burst stays near its peak unless malloc_trim(0) hands the
// free pages back (it trims every arena and madvises whole free pages inside them, glibc >= 2.8).
#ifndef STORI_SERVER_MEMORY_RELEASE_H_
#define STORI_SERVER_MEMORY_RELEASE_H_

#include <atomic>
#include <cstdint>

#include "absl/time/time.h"

namespace stori::server {

// Thread safety: thread-safe.
class IdleMemoryRelease {
 public:
  // At most one release per `min_interval`.
  explicit IdleMemoryRelease(absl::Duration min_interval = absl::Seconds(1))
      : min_interval_ns_(absl::ToInt64Nanoseconds(min_interval)) {}

  // Call when a call has ended and Finish was sent, with the calls still held by admission:
  // when none is, returns free heap memory to the OS (malloc_trim(0); a few ms, off the call's
  // latency) unless it did so less than min_interval ago. Returns whether it released.
  bool OnCallEnded(int calls_still_held);

  // Releases now (malloc_trim(0) on glibc; nothing elsewhere).
  static void ReleaseNow();

 private:
  const std::int64_t min_interval_ns_;
  std::atomic<std::int64_t> last_release_ns_{0};
};

}  // namespace stori::server

#endif  // STORI_SERVER_MEMORY_RELEASE_H_
