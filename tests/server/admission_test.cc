#include "server/admission.h"

#include <atomic>
#include <utility>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "server/request_executor.h"
#include "tests/testing/status_matchers.h"

namespace stori::server {
namespace {

using ::stori::testing::IsOk;
using ::stori::testing::StatusIs;

TEST(Admission, RefusesPastTheLimitAtOnceAndReadmitsAfterRelease) {
  Admission admission(2);
  auto a = admission.TryAdmit();
  auto b = admission.TryAdmit();
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  EXPECT_THAT(admission.TryAdmit(),
              StatusIs(absl::StatusCode::kResourceExhausted, "limit of 2 requests in flight"));
  a->Release();
  EXPECT_EQ(admission.inflight(), 1);
  EXPECT_THAT(admission.TryAdmit(), IsOk());  // released again at once (temporary)
  EXPECT_EQ(admission.inflight(), 1);
}

TEST(Admission, MovedTicketReleasesOnce) {
  Admission admission(1);
  {
    auto ticket = admission.TryAdmit();
    ASSERT_THAT(ticket, IsOk());
    Admission::Ticket moved = *std::move(ticket);
    EXPECT_EQ(admission.inflight(), 1);
  }
  EXPECT_EQ(admission.inflight(), 0);
}

TEST(RequestExecutor, RunsEveryQueuedTaskBeforeDestruction) {
  std::atomic<int> ran{0};
  {
    RequestExecutor executor(2);
    for (int i = 0; i < 100; ++i) {
      ASSERT_THAT(executor.Submit([&ran] { ran.fetch_add(1); }), IsOk());
    }
  }
  EXPECT_EQ(ran.load(), 100);
}

TEST(RequestExecutor, RunsTasksOffTheSubmittingThread) {
  RequestExecutor executor(1);
  absl::Notification done;
  std::thread::id worker;
  ASSERT_THAT(executor.Submit([&] {
    worker = std::this_thread::get_id();
    done.Notify();
  }),
              IsOk());
  done.WaitForNotification();
  EXPECT_NE(worker, std::this_thread::get_id());
}

}  // namespace
}  // namespace stori::server
