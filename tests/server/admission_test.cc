#include "server/admission.h"

#include <utility>
#include <vector>

#include "absl/time/time.h"

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::server {
namespace {

using ::stori::testing::IsOk;
using ::stori::testing::StatusIs;

AdmissionOptions Options(int max_inflight, int slots, absl::Duration max_queue_wait) {
  AdmissionOptions options;
  options.max_inflight = max_inflight;
  options.slots = slots;
  options.max_queue_wait = max_queue_wait;
  return options;
}

const absl::Time kT0 = absl::FromUnixSeconds(1'000'000);

TEST(Admission, RefusesPastTheLimitAtOnceAndReadmitsAfterRelease) {
  Admission admission(Options(2, 2, absl::Seconds(2)));
  auto a = admission.TryAdmit();
  auto b = admission.TryAdmit();
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  const auto refused = admission.TryAdmit();
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kResourceExhausted, "limit of 2 calls in flight"));
  EXPECT_TRUE(RetryDelayOf(refused.status()).has_value());
  a->Release();
  EXPECT_EQ(admission.inflight(), 1);
  EXPECT_THAT(admission.TryAdmit(), IsOk());  // released again at once (temporary)
  EXPECT_EQ(admission.inflight(), 1);
}

TEST(Admission, MovedTicketReleasesOnce) {
  Admission admission(Options(1, 1, absl::Seconds(2)));
  {
    auto ticket = admission.TryAdmit();
    ASSERT_THAT(ticket, IsOk());
    Admission::Ticket moved = *std::move(ticket);
    EXPECT_EQ(admission.inflight(), 1);
  }
  EXPECT_EQ(admission.inflight(), 0);
}

// Two slots; calls of 1 s, 3 s running since kT0; queued 2 s, 2 s. List scheduling: slot A
// frees at 1 s and takes the first queued (busy until 3 s), slot B frees at 3 s and takes the
// second (until 5 s); so a new call starts at 3 s.
TEST(Admission, ExpectedWaitIsListSchedulingOfTheQueueOnTheSlots) {
  Admission admission(Options(8, 2, absl::Seconds(60)));
  std::vector<Admission::Ticket> tickets;
  for (double seconds : {1.0, 3.0, 2.0, 2.0}) {
    auto ticket = admission.TryAdmit();
    ASSERT_THAT(ticket, IsOk());
    ASSERT_THAT(ticket->Schedule(seconds, absl::InfiniteFuture(), kT0), IsOk());
    tickets.push_back(*std::move(ticket));
  }
  EXPECT_EQ(admission.ExpectedWait(kT0), absl::Seconds(3));  // the same before any starts
  tickets[0].Start(kT0);
  tickets[1].Start(kT0);
  EXPECT_EQ(admission.queued(), 2);
  EXPECT_EQ(admission.running(), 2);
  EXPECT_EQ(admission.ExpectedWait(kT0), absl::Seconds(3));
  // Half a second later everything is half a second nearer.
  EXPECT_NEAR(absl::ToDoubleSeconds(admission.ExpectedWait(kT0 + absl::Milliseconds(500))), 2.5,
              1e-9);
  // A call past its expected time is assumed to need 10% of it again, not to be done.
  EXPECT_GT(admission.ExpectedWait(kT0 + absl::Seconds(10)), absl::ZeroDuration());
}

TEST(Admission, RefusesACallThatWouldWaitPastTheLimitWithARetryDelay) {
  Admission admission(Options(8, 1, absl::Seconds(2)));
  auto running = admission.TryAdmit();
  ASSERT_THAT(running, IsOk());
  ASSERT_THAT(running->Schedule(5.0, absl::InfiniteFuture(), kT0), IsOk());
  running->Start(kT0);
  auto next = admission.TryAdmit();
  ASSERT_THAT(next, IsOk());
  const absl::Status refused = next->Schedule(0.5, absl::InfiniteFuture(), kT0);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kResourceExhausted,
                                "expected queue wait 5.00 s (0 calls queued) exceeds its limit"));
  // It could be admitted once the wait is down to the limit: 3 s from now.
  ASSERT_TRUE(RetryDelayOf(refused).has_value());
  EXPECT_NEAR(absl::ToDoubleSeconds(*RetryDelayOf(refused)), 3.0, 1e-6);
  // Refused at gate 2, the ticket still holds its place until released.
  EXPECT_EQ(admission.inflight(), 2);
  next->Release();
  EXPECT_EQ(admission.inflight(), 1);
  // Four seconds on, the wait is 1 s: admitted and queued.
  auto later = admission.TryAdmit();
  ASSERT_THAT(later, IsOk());
  EXPECT_THAT(later->Schedule(0.5, absl::InfiniteFuture(), kT0 + absl::Seconds(4)), IsOk());
  EXPECT_EQ(admission.queued(), 1);
}

TEST(Admission, RefusesACallThatWouldMissItsDeadlineWhileWaiting) {
  Admission admission(Options(8, 1, absl::Seconds(60)));
  auto running = admission.TryAdmit();
  ASSERT_THAT(running, IsOk());
  ASSERT_THAT(running->Schedule(2.0, absl::InfiniteFuture(), kT0), IsOk());
  running->Start(kT0);
  auto next = admission.TryAdmit();
  ASSERT_THAT(next, IsOk());
  // Starts in 2 s, runs 1 s: a 2.5 s deadline cannot be met.
  const absl::Status refused = next->Schedule(1.0, kT0 + absl::Milliseconds(2500), kT0);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kResourceExhausted, "past its deadline"));
  ASSERT_TRUE(RetryDelayOf(refused).has_value());
  EXPECT_NEAR(absl::ToDoubleSeconds(*RetryDelayOf(refused)), 2.0, 1e-6);
  // A 3.5 s deadline can.
  EXPECT_THAT(next->Schedule(1.0, kT0 + absl::Milliseconds(3500), kT0), IsOk());
}

TEST(Admission, AnIdleServerAdmitsEvenACallLongerThanItsDeadline) {
  // Nothing to wait for: the call runs and its own deadline stops it (DEADLINE_EXCEEDED), which
  // says more than RESOURCE_EXHAUSTED from an idle server would.
  Admission admission(Options(8, 1, absl::Seconds(1)));
  auto ticket = admission.TryAdmit();
  ASSERT_THAT(ticket, IsOk());
  EXPECT_THAT(ticket->Schedule(10.0, kT0 + absl::Seconds(1), kT0), IsOk());
}

TEST(Admission, LearnsTheRatioOfActualToEstimatedRunTime) {
  Admission admission(Options(8, 1, absl::Seconds(60)));
  EXPECT_DOUBLE_EQ(admission.work_scale(), 1.0);
  auto ticket = admission.TryAdmit();
  ASSERT_THAT(ticket, IsOk());
  ASSERT_THAT(ticket->Schedule(1.0, absl::InfiniteFuture(), kT0), IsOk());
  ticket->Start(kT0);
  ticket->Finish(/*completed=*/true, kT0 + absl::Seconds(3));  // took 3x the estimate
  EXPECT_DOUBLE_EQ(admission.work_scale(), 3.0);  // the first completion replaces the guess
  auto second = admission.TryAdmit();
  ASSERT_THAT(second, IsOk());
  ASSERT_THAT(second->Schedule(1.0, absl::InfiniteFuture(), kT0), IsOk());
  second->Start(kT0);
  second->Finish(/*completed=*/true, kT0 + absl::Seconds(1));  // ratio 1, weight 1/2
  EXPECT_DOUBLE_EQ(admission.work_scale(), 2.0);
  for (int i = 0; i < 3; ++i) {  // weights 1/3, 1/4, then 0.2
    auto next = admission.TryAdmit();
    ASSERT_THAT(next, IsOk());
    ASSERT_THAT(next->Schedule(1.0, absl::InfiniteFuture(), kT0), IsOk());
    next->Start(kT0);
    next->Finish(/*completed=*/true, kT0 + absl::Seconds(1));
  }
  const double expected_scale = ((2.0 * 2 / 3 + 1.0 / 3) * 3 / 4 + 1.0 / 4) * 0.8 + 0.2;
  EXPECT_NEAR(admission.work_scale(), expected_scale, 1e-12);
  // The next estimate is scaled: 1 s of estimate now expects expected_scale seconds.
  auto a = admission.TryAdmit();
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(a->Schedule(1.0, absl::InfiniteFuture(), kT0), IsOk());
  a->Start(kT0);
  EXPECT_NEAR(absl::ToDoubleSeconds(admission.ExpectedWait(kT0)), expected_scale, 1e-9);
  // A call that did not complete (cancelled, failed) teaches nothing.
  a->Finish(/*completed=*/false, kT0 + absl::Milliseconds(10));
  EXPECT_NEAR(admission.work_scale(), expected_scale, 1e-12);
}

TEST(Admission, ScheduleTwiceIsAnError) {
  Admission admission(Options(8, 1, absl::Seconds(60)));
  auto ticket = admission.TryAdmit();
  ASSERT_THAT(ticket, IsOk());
  ASSERT_THAT(ticket->Schedule(1.0, absl::InfiniteFuture(), kT0), IsOk());
  EXPECT_THAT(ticket->Schedule(1.0, absl::InfiniteFuture(), kT0),
              StatusIs(absl::StatusCode::kFailedPrecondition, "already scheduled"));
}

}  // namespace
}  // namespace stori::server
