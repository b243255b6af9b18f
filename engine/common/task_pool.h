// TaskPool: a fixed pool of threads running queued tasks in FIFO order, with an optional bound
// on the queue. The server runs request work on two (prepare, generate:
// server/generation_service.h); the engine's refinement worker pool
// (engine/refine/refinement_pool.h) is one with a bounded queue.
#ifndef STORI_ENGINE_COMMON_TASK_POOL_H_
#define STORI_ENGINE_COMMON_TASK_POOL_H_

#include <cstddef>
#include <deque>
#include <limits>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace stori {

// Thread safety: thread-safe. The destructor stops taking tasks, runs every task already queued
// (so work that must reach an end, such as a request's Finish, does; cancelled work ends fast
// through its StopToken) and joins the threads.
class TaskPool {
 public:
  // num_threads >= 1 (values below are treated as 1); max_queued: tasks waiting for a thread
  // beyond which Submit refuses (the default: no bound).
  explicit TaskPool(int num_threads,
                    std::size_t max_queued = std::numeric_limits<std::size_t>::max());
  ~TaskPool();

  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;

  // Queues `task` to run on a pool thread, in FIFO order with other tasks.
  // Errors: kUnavailable once destruction has begun; kResourceExhausted when max_queued tasks
  //   are already waiting. In both cases the task is not run (and is destroyed).
  absl::Status Submit(absl::AnyInvocable<void() &&> task);

  int num_threads() const { return static_cast<int>(threads_.size()); }
  // Tasks waiting for a thread (not those running).
  std::size_t queued() const;

 private:
  void WorkerLoop();

  const std::size_t max_queued_;
  mutable absl::Mutex mu_;
  std::deque<absl::AnyInvocable<void() &&>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace stori

#endif  // STORI_ENGINE_COMMON_TASK_POOL_H_
