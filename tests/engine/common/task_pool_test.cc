#include "engine/common/task_pool.h"

#include <atomic>
#include <thread>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori {
namespace {

using ::stori::testing::IsOk;
using ::stori::testing::StatusIs;

TEST(TaskPool, RunsEveryQueuedTaskBeforeDestruction) {
  std::atomic<int> ran{0};
  {
    TaskPool pool(2);
    for (int i = 0; i < 100; ++i) {
      ASSERT_THAT(pool.Submit([&ran] { ran.fetch_add(1); }), IsOk());
    }
  }
  EXPECT_EQ(ran.load(), 100);
}

TEST(TaskPool, RunsTasksOffTheSubmittingThread) {
  TaskPool pool(1);
  absl::Notification done;
  std::thread::id worker;
  ASSERT_THAT(pool.Submit([&] {
    worker = std::this_thread::get_id();
    done.Notify();
  }),
              IsOk());
  done.WaitForNotification();
  EXPECT_NE(worker, std::this_thread::get_id());
}

TEST(TaskPool, ABoundedQueueRefusesWhenFullAndTakesAgainOnceDrained) {
  TaskPool pool(1, /*max_queued=*/2);
  absl::Notification release, started;
  std::atomic<int> ran{0};
  ASSERT_THAT(pool.Submit([&] {
    started.Notify();
    release.WaitForNotification();
    ran.fetch_add(1);
  }),
              IsOk());
  started.WaitForNotification();  // the thread is busy; the queue is empty
  ASSERT_THAT(pool.Submit([&] { ran.fetch_add(1); }), IsOk());
  ASSERT_THAT(pool.Submit([&] { ran.fetch_add(1); }), IsOk());
  EXPECT_EQ(pool.queued(), 2u);
  bool refused_ran = false;
  EXPECT_THAT(pool.Submit([&] { refused_ran = true; }),
              StatusIs(absl::StatusCode::kResourceExhausted, "queue full"));
  release.Notify();
  while (ran.load() < 3) std::this_thread::yield();
  EXPECT_THAT(pool.Submit([&] { ran.fetch_add(1); }), IsOk());
  while (ran.load() < 4) std::this_thread::yield();
  EXPECT_FALSE(refused_ran);
}

}  // namespace
}  // namespace stori
