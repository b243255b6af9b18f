// engine/common/stop_token.h is built by the server seam (StopToken per request); tested here
// beside the reactors that trip it.
#include "engine/common/stop_token.h"

#include "engine/common/run_context.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori {
namespace {

using ::stori::testing::IsOk;
using ::stori::testing::StatusIs;

TEST(StopToken, OkUntilStopRequestedThenCancelled) {
  StopToken token;
  EXPECT_THAT(token.Check(), IsOk());
  token.RequestStop();
  token.RequestStop();
  EXPECT_THAT(token.Check(), StatusIs(absl::StatusCode::kCancelled, "cancelled"));
}

TEST(StopToken, DeadlineExceededAtAndAfterTheDeadline) {
  const absl::Time deadline = absl::FromUnixSeconds(1000);
  StopToken token(deadline);
  EXPECT_THAT(token.Check(deadline - absl::Milliseconds(1)), IsOk());
  EXPECT_THAT(token.Check(deadline), StatusIs(absl::StatusCode::kDeadlineExceeded, "deadline"));
  EXPECT_THAT(token.Check(deadline + absl::Seconds(2)),
              StatusIs(absl::StatusCode::kDeadlineExceeded, "2s ago"));
}

// gRPC cancels a call whose deadline passed (the reactor's OnCancel trips the token): that is
// logged and answered as DEADLINE_EXCEEDED, not as the caller's cancellation.
TEST(StopToken, PassedDeadlineWinsOverCancellation) {
  StopToken token(absl::InfinitePast());
  token.RequestStop();
  EXPECT_THAT(token.Check(), StatusIs(absl::StatusCode::kDeadlineExceeded, "deadline passed"));
  StopToken live(absl::InfiniteFuture());
  live.RequestStop();
  EXPECT_THAT(live.Check(), StatusIs(absl::StatusCode::kCancelled, "cancelled"));
}

// gRPC's deadline timer may trip the token a little before this token's copy of the deadline:
// within kDeadlineSlack that is still the deadline; earlier, the caller's cancellation.
TEST(StopToken, AStopJustBeforeTheDeadlineIsTheDeadline) {
  const absl::Time deadline = absl::FromUnixSeconds(1000);
  StopToken token(deadline);
  token.RequestStop();
  EXPECT_THAT(token.Check(deadline - absl::Milliseconds(1)),
              StatusIs(absl::StatusCode::kDeadlineExceeded, "deadline reached"));
  EXPECT_THAT(token.Check(deadline - StopToken::kDeadlineSlack),
              StatusIs(absl::StatusCode::kDeadlineExceeded, "deadline reached"));
  EXPECT_THAT(token.Check(deadline - absl::Seconds(1)),
              StatusIs(absl::StatusCode::kCancelled, "cancelled"));
}

TEST(RunContext, NoTokenNeverStops) {
  RunContext ctx;
  EXPECT_THAT(ctx.CheckStop(), IsOk());
  StopToken token;
  ctx.stop = &token;
  token.RequestStop();
  EXPECT_THAT(ctx.CheckStop(), StatusIs(absl::StatusCode::kCancelled, ""));
}

}  // namespace
}  // namespace stori
