// Admission control: a bound on requests in flight (STYLE.md §1 seam 2). A request that finds
// the server full is refused at once with RESOURCE_EXHAUSTED instead of queueing behind work it
// would wait seconds for (DESIGN.md §6: "overload -> RESOURCE_EXHAUSTED"; never a hang).
#ifndef STORI_SERVER_ADMISSION_H_
#define STORI_SERVER_ADMISSION_H_

#include <atomic>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace stori::server {

// Thread safety: thread-safe. Must outlive every Ticket it issued.
class Admission {
 public:
  // Proof of admission; releases its slot when destroyed. Movable, not copyable.
  class Ticket {
   public:
    Ticket(Ticket&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
    Ticket& operator=(Ticket&& other) noexcept;
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket() { Release(); }
    // Gives the slot back now (idempotent).
    void Release();

   private:
    friend class Admission;
    explicit Ticket(Admission* owner) : owner_(owner) {}
    Admission* owner_;
  };

  // max_inflight >= 1 (values below are treated as 1).
  explicit Admission(int max_inflight);

  // Returns a ticket while fewer than max_inflight() are held.
  // Errors: kResourceExhausted when all slots are taken, naming the limit.
  absl::StatusOr<Ticket> TryAdmit();

  int inflight() const { return inflight_.load(std::memory_order_relaxed); }

  // Waits until no ticket is held or `deadline` passes (polling every 10 ms); returns the
  // requests still in flight then (0 when idle).
  int WaitUntilIdle(absl::Time deadline) const;
  int max_inflight() const { return max_inflight_; }

 private:
  const int max_inflight_;
  std::atomic<int> inflight_{0};
};

}  // namespace stori::server

#endif  // STORI_SERVER_ADMISSION_H_
