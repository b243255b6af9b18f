// RequestExecutor: a fixed pool of threads that runs request work, so that none runs on gRPC's
// callback threads. The service has two: one prepares calls (reading, validation, conversion),
// one generates (the engine, then Finish). Its queue is not bounded by itself: Admission bounds
// calls in flight and the expected wait (server/admission.h), and a call is queued only after
// it was admitted. Queue depth is read from Admission, which knows each call's stage.
#ifndef STORI_SERVER_REQUEST_EXECUTOR_H_
#define STORI_SERVER_REQUEST_EXECUTOR_H_

#include <deque>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace stori::server {

// Thread safety: thread-safe. The destructor stops taking tasks, runs every task already queued
// (each request must reach Finish; cancelled ones finish fast through their StopToken) and joins.
// Destroy it only after grpc::Server::Shutdown has returned.
class RequestExecutor {
 public:
  // num_threads >= 1 (values below are treated as 1).
  explicit RequestExecutor(int num_threads);
  ~RequestExecutor();

  RequestExecutor(const RequestExecutor&) = delete;
  RequestExecutor& operator=(const RequestExecutor&) = delete;

  // Queues `task` to run on a pool thread, in FIFO order with other tasks.
  // Errors: kUnavailable once destruction has begun (the task is not run).
  absl::Status Submit(absl::AnyInvocable<void() &&> task);

  int num_threads() const { return static_cast<int>(threads_.size()); }

 private:
  void WorkerLoop();

  mutable absl::Mutex mu_;
  std::deque<absl::AnyInvocable<void() &&>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace stori::server

#endif  // STORI_SERVER_REQUEST_EXECUTOR_H_
