#include "server/admission.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace stori::server {

Admission::Ticket& Admission::Ticket::operator=(Ticket&& other) noexcept {
  if (this != &other) {
    Release();
    owner_ = other.owner_;
    other.owner_ = nullptr;
  }
  return *this;
}

void Admission::Ticket::Release() {
  if (owner_ == nullptr) return;
  owner_->inflight_.fetch_sub(1, std::memory_order_acq_rel);
  owner_ = nullptr;
}

Admission::Admission(int max_inflight) : max_inflight_(std::max(1, max_inflight)) {}

absl::StatusOr<Admission::Ticket> Admission::TryAdmit() {
  int current = inflight_.load(std::memory_order_relaxed);
  do {
    if (current >= max_inflight_) {
      return absl::ResourceExhaustedError(absl::StrCat("server is at its limit of ", max_inflight_,
                                                       " requests in flight; retry with backoff"));
    }
  } while (!inflight_.compare_exchange_weak(current, current + 1, std::memory_order_acq_rel,
                                            std::memory_order_relaxed));
  return Ticket(this);
}

int Admission::WaitUntilIdle(absl::Time deadline) const {
  while (inflight() > 0 && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(10));
  return inflight();
}

}  // namespace stori::server
