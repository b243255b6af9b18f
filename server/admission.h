// Admission control: bounded waiting, not only a bounded count (issue 19).
//
// A call passes two gates:
//   1. TryAdmit, on gRPC's callback thread: at most `max_inflight` calls held at once (reading,
//      queued or running). Past it: RESOURCE_EXHAUSTED at once.
//   2. Ticket::Schedule, once the call is read and converted and its expected work is known
//      (server/work_estimate.h): the call joins the FIFO of the `slots` generation threads only
//      if it can start within min(max_queue_wait, what its deadline leaves after its own run).
//      Otherwise RESOURCE_EXHAUSTED at once with a google.rpc.RetryInfo saying when the backlog
//      should have drained enough (RetryDelayOf reads it back).
//
// Expected start: list scheduling of the FIFO on `slots` servers. Each running call holds its
// slot for the rest of its expected time (at least 10% of it, once overrun); each queued call
// takes the slot that frees first; the new call would start when the next slot frees after all
// of them. Expected times are the work estimate x work_scale(), where work_scale is the
// running mean of actual run time / estimate over calls that ran to completion: the n-th
// completion weighs max(0.2, 1/n), so the first replaces the benchmark's guess and later ones
// form an exponentially weighted mean (kept within 0.1..20): it learns the machine's speed,
// the device and the contention of `slots` calls on its cores.
//
// Under overload an admitted call therefore waits at most about max_queue_wait (plus the error
// of the estimate) and then runs with at most slots - 1 others: its latency stays within
// max_queue_wait + its run time (README "Overload").
#ifndef STORI_SERVER_ADMISSION_H_
#define STORI_SERVER_ADMISSION_H_

#include <cstdint>
#include <map>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"

namespace stori::server {

struct AdmissionOptions {
  int max_inflight = 32;  // >= 1: calls held at once (reading, queued or running)
  int slots = 2;          // >= 1: calls generating at once (the generation executor's threads)
  absl::Duration max_queue_wait = absl::Seconds(2);  // > 0: longest expected wait admitted
};

// Thread safety: thread-safe. Must outlive every Ticket it issued.
class Admission {
 public:
  // Proof of admission; releases its place when destroyed. Movable, not copyable.
  class Ticket {
   public:
    Ticket(Ticket&& other) noexcept : owner_(other.owner_), id_(other.id_) {
      other.owner_ = nullptr;
    }
    Ticket& operator=(Ticket&& other) noexcept;
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket() { Release(); }

    // Gate 2: puts the call in the queue of the generation slots if it can start in time.
    // `expected_seconds` (> 0) is its solo run time before scaling; `deadline` the call's
    // (absl::InfiniteFuture() when none); `now` the current time.
    // Errors: kResourceExhausted with a RetryInfo payload (RetryDelayOf) when the expected wait
    // exceeds max_queue_wait or the call could not finish before its deadline after waiting;
    // kFailedPrecondition if already scheduled or released.
    absl::Status Schedule(double expected_seconds, absl::Time deadline, absl::Time now);
    // The call's generation thread has taken it (after Schedule).
    void Start(absl::Time now);
    // Ends the call; when `completed` (it ran to the end), its run time updates work_scale.
    void Finish(bool completed, absl::Time now);
    // Gives the place back without learning from it (idempotent).
    void Release();

   private:
    friend class Admission;
    Ticket(Admission* owner, std::uint64_t id) : owner_(owner), id_(id) {}
    Admission* owner_;
    std::uint64_t id_;
  };

  // Values below 1 (and a max_queue_wait <= 0) are treated as 1 (1 ms).
  explicit Admission(const AdmissionOptions& options);

  // Gate 1. Errors: kResourceExhausted, with a RetryInfo payload, when max_inflight calls are held.
  absl::StatusOr<Ticket> TryAdmit();

  // Calls held (any stage), queued for a slot, and running.
  int inflight() const;
  int queued() const;
  int running() const;
  // Expected wait of a call scheduled now (0 when a slot is free).
  absl::Duration ExpectedWait(absl::Time now) const;
  // Learned actual / estimated run time (1 until a call completes).
  double work_scale() const;
  const AdmissionOptions& options() const { return options_; }

  // Waits until no ticket is held or `deadline` passes (polling every 10 ms); returns the calls
  // still held then (0 when idle).
  int WaitUntilIdle(absl::Time deadline) const;

 private:
  enum class Stage { kAdmitted, kQueued, kRunning };
  struct Entry {
    Stage stage = Stage::kAdmitted;
    double expected_seconds = 0.0;  // scaled at Schedule time
    double estimate_seconds = 0.0;  // the work estimate, unscaled
    std::uint64_t queue_order = 0;  // FIFO position once queued
    absl::Time started = absl::InfinitePast();
  };

  absl::Duration ExpectedWaitLocked(absl::Time now) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  int CountLocked(Stage stage) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Drops the entry; with `completed_at`, a running call's actual / estimated run time updates
  // work_scale_.
  void Remove(std::uint64_t id, absl::optional<absl::Time> completed_at);

  const AdmissionOptions options_;
  mutable absl::Mutex mu_;
  std::map<std::uint64_t, Entry> entries_ ABSL_GUARDED_BY(mu_);
  std::uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  std::uint64_t next_queue_order_ ABSL_GUARDED_BY(mu_) = 1;
  double work_scale_ ABSL_GUARDED_BY(mu_) = 1.0;
  std::int64_t completed_ ABSL_GUARDED_BY(mu_) = 0;  // calls work_scale_ learned from
};

// The retry delay an admission refusal carries (its google.rpc.RetryInfo payload), if any.
absl::optional<absl::Duration> RetryDelayOf(const absl::Status& status);

}  // namespace stori::server

#endif  // STORI_SERVER_ADMISSION_H_
