#include "engine/refine/refinement_command.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::refine {
namespace {

using ::stori::testing::StatusIs;

TEST(CommandDelta, EveryCommandOfTheTableIsKnownInAnyCaseAndPunctuation) {
  const auto sadder = CommandDelta("  Make it   SADDER! ");
  ASSERT_TRUE(sadder.ok()) << sadder.status();
  EXPECT_FLOAT_EQ(sadder->valence, -0.3f);
  EXPECT_FLOAT_EQ(sadder->energy, 0.0f);
  const auto calmer = CommandDelta("calmer.");
  ASSERT_TRUE(calmer.ok());
  EXPECT_FLOAT_EQ(calmer->energy, -0.3f);
  EXPECT_FLOAT_EQ(calmer->tension, -0.2f);
  EXPECT_FLOAT_EQ(calmer->motion, -0.2f);
  for (const RefinementCommand& c : kRefinementCommands) EXPECT_TRUE(CommandDelta(c.text).ok());
}

TEST(CommandDelta, UnknownCommandListsTheKnownOnes) {
  EXPECT_THAT(CommandDelta("make it purple"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "expected one of \"make it sadder\", \"more intense\", \"calmer\""));
}

TEST(ApplyDelta, ResultIsClampedToEachAxisRange) {
  const EmotionVector e{0.9f, -0.9f, 0.1f, 0.5f, 0.5f};
  const EmotionVector out = ApplyDelta(e, {0.3f, -0.3f, -0.4f, 0.2f, 0.0f});
  EXPECT_FLOAT_EQ(out.energy, 1.0f);
  EXPECT_FLOAT_EQ(out.valence, -1.0f);
  EXPECT_FLOAT_EQ(out.tension, 0.0f);
  EXPECT_FLOAT_EQ(out.intimacy, 0.7f);
  EXPECT_FLOAT_EQ(out.motion, 0.5f);
}

}  // namespace
}  // namespace stori::refine
