#include "engine/common/task_pool.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace stori {

TaskPool::TaskPool(int num_threads, std::size_t max_queued) : max_queued_(max_queued) {
  const int n = std::max(1, num_threads);
  threads_.reserve(n);
  for (int i = 0; i < n; ++i) threads_.emplace_back([this] { WorkerLoop(); });
}

TaskPool::~TaskPool() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& thread : threads_) thread.join();
}

absl::Status TaskPool::Submit(absl::AnyInvocable<void() &&> task) {
  absl::MutexLock lock(&mu_);
  if (stopping_) return absl::UnavailableError("task pool is shutting down");
  if (queue_.size() >= max_queued_) {
    return absl::ResourceExhaustedError(
        absl::StrCat("task pool queue full (", max_queued_, " waiting)"));
  }
  queue_.push_back(std::move(task));
  return absl::OkStatus();
}

std::size_t TaskPool::queued() const {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

void TaskPool::WorkerLoop() {
  while (true) {
    absl::AnyInvocable<void() &&> task;
    {
      absl::MutexLock lock(&mu_);
      auto has_work = [this]()
                          ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stopping_ || !queue_.empty(); };
      mu_.Await(absl::Condition(&has_work));
      if (queue_.empty()) return;  // stopping, and every queued task has run
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    std::move(task)();
  }
}

}  // namespace stori
