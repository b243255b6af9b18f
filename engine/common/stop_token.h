// StopToken: a request's cancellation flag and deadline, checked by long-running engine work
// (between decoded tokens, between refinement passes) so that a cancelled or expired request
// stops instead of finishing work nobody will read (past its deadline a call gets
// DEADLINE_EXCEEDED and its work stops: proto/stori/generation/v1/service.proto).
#ifndef STORI_ENGINE_COMMON_STOP_TOKEN_H_
#define STORI_ENGINE_COMMON_STOP_TOKEN_H_

#include <atomic>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace stori {

// One per request. The owner (the server's reactor) calls RequestStop() when the client cancels;
// the deadline is fixed at construction. Not copyable or movable: workers hold a pointer to it
// (RunContext::stop) for the life of the request.
// Thread safety: thread-safe; RequestStop() and Check() may race freely.
class StopToken {
 public:
  // A stop requested this close to the deadline is taken for the deadline (see Check).
  static constexpr absl::Duration kDeadlineSlack = absl::Milliseconds(20);

  // No deadline: only RequestStop() stops the work.
  StopToken() = default;
  // Work stops at `deadline` (absl::InfiniteFuture() for none).
  explicit StopToken(absl::Time deadline) : deadline_(deadline) {}

  StopToken(const StopToken&) = delete;
  StopToken& operator=(const StopToken&) = delete;

  // Marks the request cancelled. Idempotent.
  void RequestStop() { stop_requested_.store(true, std::memory_order_release); }

  bool stop_requested() const { return stop_requested_.load(std::memory_order_acquire); }
  absl::Time deadline() const { return deadline_; }

  // Returns OK while work may go on.
  // Errors: kDeadlineExceeded once `now` >= deadline(), naming how far past it is (checked
  //   first: gRPC also cancels a call whose deadline passed, and that is a deadline, not a
  //   caller's cancellation), and for a stop requested within kDeadlineSlack before the deadline
  //   (gRPC's deadline timer fires by its own clock and rounding, which a CI run caught a
  //   fraction of a millisecond ahead of this token's copy of the deadline); kCancelled after
  //   RequestStop() earlier than that.
  absl::Status Check(absl::Time now) const {
    if (now >= deadline_) {
      return absl::DeadlineExceededError(absl::StrCat(
          "deadline passed ", absl::FormatDuration(now - deadline_), " ago; work stopped"));
    }
    if (stop_requested()) {
      if (deadline_ - now <= kDeadlineSlack) {
        return absl::DeadlineExceededError("deadline reached; work stopped");
      }
      return absl::CancelledError("request cancelled by the caller");
    }
    return absl::OkStatus();
  }
  // Check(absl::Now()).
  absl::Status Check() const { return Check(absl::Now()); }

 private:
  std::atomic<bool> stop_requested_{false};
  const absl::Time deadline_ = absl::InfiniteFuture();
};

}  // namespace stori

#endif  // STORI_ENGINE_COMMON_STOP_TOKEN_H_
