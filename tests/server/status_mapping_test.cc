#include "server/status_mapping.h"

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/request_fixtures.h"

namespace stori::server {
namespace {

using ::stori::server::testing::BadRequestOf;
using ::testing::ElementsAre;

TEST(ToGrpcStatus, OkIsOk) { EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok()); }

TEST(ToGrpcStatus, KeepsCodeAndMessage) {
  struct Case {
    absl::Status status;
    grpc::StatusCode code;
  };
  const Case cases[] = {
      {absl::InvalidArgumentError("bad"), grpc::StatusCode::INVALID_ARGUMENT},
      {absl::NotFoundError("gone"), grpc::StatusCode::NOT_FOUND},
      {absl::FailedPreconditionError("not loaded"), grpc::StatusCode::FAILED_PRECONDITION},
      {absl::ResourceExhaustedError("full"), grpc::StatusCode::RESOURCE_EXHAUSTED},
      {absl::DeadlineExceededError("late"), grpc::StatusCode::DEADLINE_EXCEEDED},
      {absl::CancelledError("bye"), grpc::StatusCode::CANCELLED},
      {absl::UnimplementedError("later"), grpc::StatusCode::UNIMPLEMENTED},
      {absl::UnavailableError("down"), grpc::StatusCode::UNAVAILABLE},
      {absl::InternalError("bug"), grpc::StatusCode::INTERNAL},
  };
  for (const Case& c : cases) {
    const grpc::Status status = ToGrpcStatus(c.status);
    EXPECT_EQ(status.error_code(), c.code) << c.status;
    EXPECT_EQ(status.error_message(), c.status.message());
    EXPECT_TRUE(status.error_details().empty());
  }
}

TEST(ToGrpcStatus, ViolationsBecomeInvalidArgumentWithBadRequest) {
  validate::FieldViolations violations;
  violations.Add("rms.sections[2].emotion_vector.tension", "must be in [0, 1]; got 1.5");
  violations.Add("rms.tempo_bpm", "must be in [20, 300]; got 400");
  const grpc::Status status = ToGrpcStatus(violations);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              ::testing::HasSubstr("2 invalid field(s); first: "
                                   "rms.sections[2].emotion_vector.tension"));
  google::rpc::Status rich;
  ASSERT_TRUE(rich.ParseFromString(status.error_details()));
  EXPECT_EQ(rich.code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(rich.message(), status.error_message());
  const google::rpc::BadRequest bad_request = BadRequestOf(status);
  ASSERT_EQ(bad_request.field_violations_size(), 2);
  EXPECT_EQ(bad_request.field_violations(0).field(), "rms.sections[2].emotion_vector.tension");
  EXPECT_EQ(bad_request.field_violations(0).description(), "must be in [0, 1]; got 1.5");
  EXPECT_EQ(bad_request.field_violations(1).field(), "rms.tempo_bpm");
}

TEST(ToGrpcStatus, EmptyViolationsAreAServerBug) {
  EXPECT_EQ(ToGrpcStatus(validate::FieldViolations()).error_code(), grpc::StatusCode::INTERNAL);
}

TEST(FieldViolations, LongDescriptionsAreCutAtCharacterBoundaries) {
  validate::FieldViolations violations;
  violations.Add("x", std::string(300, 'a') + "\xC3\xA9");
  EXPECT_LE(violations.reported()[0].description.size(), validate::kMaxDescriptionBytes);
  EXPECT_THAT(violations.reported()[0].description, ::testing::EndsWith("..."));
}

TEST(FieldViolations, AppendKeepsCountsOfUnreportedOnes) {
  validate::FieldViolations a, b;
  for (int i = 0; i < 30; ++i) b.Add("f", "d");
  a.Add("g", "d");
  a.Append(b);
  EXPECT_EQ(a.size(), 31u);
  EXPECT_EQ(a.reported().size(), validate::kMaxReportedViolations);
  EXPECT_EQ(a.reported()[0].field, "g");
}

}  // namespace
}  // namespace stori::server
