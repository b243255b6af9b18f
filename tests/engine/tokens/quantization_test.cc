#include "engine/tokens/quantization.h"

#include "engine/tokens/vocabulary.h"
#include "gtest/gtest.h"

namespace stori::tokens {
namespace {

TEST(QuantizeOnsetStep, SnapsToSixteenthsAndTriplets) {
  EXPECT_EQ(QuantizeOnsetStep(0.0), 0);
  EXPECT_EQ(QuantizeOnsetStep(0.25), 3);       // 16th
  EXPECT_EQ(QuantizeOnsetStep(1.0 / 3), 4);    // eighth triplet
  EXPECT_EQ(QuantizeOnsetStep(0.5), 6);
  EXPECT_EQ(QuantizeOnsetStep(2.0 / 3), 8);
  EXPECT_EQ(QuantizeOnsetStep(0.74), 9);
  EXPECT_EQ(QuantizeOnsetStep(0.97), 12);      // next beat
  EXPECT_EQ(QuantizeOnsetStep(3.02), 36);
  EXPECT_EQ(QuantizeOnsetStep(0.1), 0);        // 1.2 steps: nearer 0 than 3
}

TEST(QuantizeOnsetStep, ResultIsAlwaysOnTheGrid) {
  for (int i = 0; i < 1000; ++i) {
    EXPECT_TRUE(IsOnsetGridStep(QuantizeOnsetStep(i * 0.00731))) << i;
  }
}

TEST(QuantizeDurationIndex, PicksNearestTokenDuration) {
  EXPECT_EQ(kDurationSteps[QuantizeDurationIndex(1.0)], 12);
  EXPECT_EQ(kDurationSteps[QuantizeDurationIndex(0.26)], 3);
  EXPECT_EQ(kDurationSteps[QuantizeDurationIndex(0.001)], 1);
  EXPECT_EQ(kDurationSteps[QuantizeDurationIndex(20.0)], 96);  // clamps at 8 beats
}

TEST(VelocityBin, CentresAreFixedPoints) {
  for (int bin = 0; bin < kNumVelocityBins; ++bin) {
    EXPECT_EQ(VelocityBin(VelocityBinCentre(bin)), bin);
  }
  EXPECT_EQ(VelocityBin(1), 0);
  EXPECT_EQ(VelocityBin(127), kNumVelocityBins - 1);
}

}  // namespace
}  // namespace stori::tokens
