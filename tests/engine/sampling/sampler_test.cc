#include "engine/sampling/sampler.h"

#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::sampling {
namespace {

using ::stori::testing::IsOk;
using ::stori::testing::StatusIs;

// Logits whose softmax is `probs` (log-probabilities).
std::vector<float> LogitsOf(const std::vector<double>& probs) {
  std::vector<float> out;
  for (double p : probs) out.push_back(static_cast<float>(std::log(p)));
  return out;
}

std::vector<float> RampLogits(int n) {
  std::vector<float> out(n);
  for (int i = 0; i < n; ++i) out[i] = 0.01f * static_cast<float>((i * 37) % n);
  return out;
}

TEST(SampleNext, SameSeedSameTokens) {
  const SamplerConfig config{0.9f, 0, 0.95f, 1};
  const TokenMask mask = TokenMask::AllowAll(200);
  Rng a(123), b(123);
  std::vector<tokens::TokenId> first, second;
  for (int i = 0; i < 200; ++i) {
    std::vector<float> la = RampLogits(200), lb = RampLogits(200);
    auto ta = SampleNext(absl::MakeSpan(la), mask, config, a);
    auto tb = SampleNext(absl::MakeSpan(lb), mask, config, b);
    ASSERT_THAT(ta, IsOk());
    ASSERT_THAT(tb, IsOk());
    first.push_back(*ta);
    second.push_back(*tb);
  }
  EXPECT_EQ(first, second);
  std::map<tokens::TokenId, int> distinct;
  for (auto t : first) ++distinct[t];
  EXPECT_GT(distinct.size(), 20u);  // it does sample, not argmax
}

TEST(SampleNext, MaskIsRespectedOverManyDraws) {
  const int n = 50;
  TokenMask mask = TokenMask::AllowNone(n);
  for (int id : {3, 17, 40}) mask.Allow(id);
  std::vector<double> probs(n, 0.001);
  probs[0] = 0.9;  // the model's favourite is masked out
  Rng rng(5);
  std::map<tokens::TokenId, int> counts;
  for (int i = 0; i < 3000; ++i) {
    std::vector<float> logits = LogitsOf(probs);
    auto t = SampleNext(absl::MakeSpan(logits), mask, SamplerConfig{1.0f, 0, 1.0f, 1}, rng);
    ASSERT_THAT(t, IsOk());
    ++counts[*t];
  }
  EXPECT_EQ(counts.size(), 3u);
  for (const auto& [id, count] : counts) {
    EXPECT_TRUE(id == 3 || id == 17 || id == 40) << id;
    EXPECT_GT(count, 800);  // equal logits: about 1000 each
  }
}

TEST(SampleNext, TopKOneIsArgmax) {
  std::vector<float> base = RampLogits(97);
  int argmax = 0;
  for (int i = 1; i < 97; ++i) {
    if (base[i] > base[argmax]) argmax = i;
  }
  Rng rng(9);
  for (int i = 0; i < 100; ++i) {
    std::vector<float> logits = base;
    auto t = SampleNext(absl::MakeSpan(logits), TokenMask::AllowAll(97),
                        SamplerConfig{1.5f, 1, 1.0f, 1}, rng);
    ASSERT_THAT(t, IsOk());
    EXPECT_EQ(*t, argmax);
  }
}

TEST(SampleNext, BiasShiftsTheChoice) {
  std::vector<double> probs = {0.5, 0.5};
  TokenMask mask = TokenMask::AllowAll(2);
  mask.AddBias(1, 20.0f);
  Rng rng(1);
  for (int i = 0; i < 100; ++i) {
    std::vector<float> logits = LogitsOf(probs);
    EXPECT_EQ(*SampleNext(absl::MakeSpan(logits), mask, SamplerConfig{}, rng), 1);
  }
}

// A group bias reorders its group and leaves the group's total probability: tokens 1, 2 and 3
// (0.2 + 0.2 + 0.2) keep 0.6 against token 0's 0.4 while ln 3 on token 3 makes it 3 times as
// likely as each of the others in the group: 0.36, 0.12, 0.12. A plain bias on a member adds
// before the group's total is taken.
TEST(SamplingDistribution, GroupBiasMovesProbabilityOnlyWithinTheGroup) {
  std::vector<float> logits = LogitsOf({0.4, 0.2, 0.2, 0.2});
  TokenMask mask = TokenMask::AllowAll(4);
  for (int id : {1, 2, 3}) mask.AddGroupBias(id, 0.0f);
  mask.AddGroupBias(3, static_cast<float>(std::log(3.0)));
  auto probs = SamplingDistribution(absl::MakeSpan(logits), mask, SamplerConfig{1.0f, 0, 1.0f, 1});
  ASSERT_THAT(probs, IsOk());
  EXPECT_NEAR((*probs)[0], 0.4, 1e-6);
  EXPECT_NEAR((*probs)[1], 0.12, 1e-6);
  EXPECT_NEAR((*probs)[2], 0.12, 1e-6);
  EXPECT_NEAR((*probs)[3], 0.36, 1e-6);

  std::vector<float> again = LogitsOf({0.4, 0.2, 0.2, 0.2});
  mask.AddBias(1, static_cast<float>(std::log(2.0)));  // the group now holds 0.4 + 0.2 + 0.2
  probs = SamplingDistribution(absl::MakeSpan(again), mask, SamplerConfig{1.0f, 0, 1.0f, 1});
  ASSERT_THAT(probs, IsOk());
  // Before the group bias: 0.4 / 1.2 = 1/3 for token 0 and 2/3 for the group; within the group
  // the weights 2 : 1 : 3 share the 2/3.
  EXPECT_NEAR((*probs)[0], 1.0 / 3.0, 1e-6);
  EXPECT_NEAR((*probs)[1], 2.0 / 3.0 * 2.0 / 6.0, 1e-6);
  EXPECT_NEAR((*probs)[3], 2.0 / 3.0 * 3.0 / 6.0, 1e-6);
}

// A group or group bias not sized like the logits is refused with the sizes.
TEST(SamplingDistribution, AMisSizedGroupIsInvalidArgument) {
  std::vector<float> logits = LogitsOf({0.25, 0.25, 0.25, 0.25});
  TokenMask mask = TokenMask::AllowAll(4);
  mask.AddGroupBias(0, 1.0f);
  mask.group_bias.pop_back();
  EXPECT_EQ(SamplingDistribution(absl::MakeSpan(logits), mask, SamplerConfig{1.0f, 0, 1.0f, 1})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(SamplingDistribution, TopPKeepsTheNucleus) {
  // Sorted probabilities 0.5, 0.3, 0.15, 0.05: top_p 0.75 needs {0, 1} (0.8 >= 0.75).
  std::vector<float> logits = LogitsOf({0.3, 0.05, 0.5, 0.15});
  auto probs = SamplingDistribution(absl::MakeSpan(logits), TokenMask::AllowAll(4),
                                    SamplerConfig{1.0f, 0, 0.75f, 1});
  ASSERT_THAT(probs, IsOk());
  EXPECT_NEAR((*probs)[2], 0.5 / 0.8, 1e-6);
  EXPECT_NEAR((*probs)[0], 0.3 / 0.8, 1e-6);
  EXPECT_EQ((*probs)[1], 0.0f);
  EXPECT_EQ((*probs)[3], 0.0f);
  EXPECT_EQ(logits[1], -std::numeric_limits<float>::infinity());  // removed ones read -inf
  EXPECT_EQ(logits[3], -std::numeric_limits<float>::infinity());

  // The same through SampleNext: only the nucleus is ever drawn.
  Rng rng(11);
  for (int i = 0; i < 2000; ++i) {
    std::vector<float> l = LogitsOf({0.3, 0.05, 0.5, 0.15});
    auto t = SampleNext(absl::MakeSpan(l), TokenMask::AllowAll(4), SamplerConfig{1.0f, 0, 0.75f, 1},
                        rng);
    ASSERT_THAT(t, IsOk());
    EXPECT_TRUE(*t == 0 || *t == 2) << *t;
  }
}

TEST(SamplingDistribution, MinKeepAndTopKAndTemperature) {
  std::vector<float> logits = LogitsOf({0.97, 0.01, 0.01, 0.01});
  auto probs = SamplingDistribution(absl::MakeSpan(logits), TokenMask::AllowAll(4),
                                    SamplerConfig{1.0f, 0, 0.5f, 2});
  ASSERT_THAT(probs, IsOk());
  int kept = 0;
  for (float p : *probs) kept += p > 0;
  EXPECT_EQ(kept, 2);  // top_p alone would keep 1

  // Temperature 2 on log-probs = square root of the odds: 0.9/0.1 -> 3:1.
  std::vector<float> l2 = LogitsOf({0.9, 0.1});
  auto t2 = SamplingDistribution(absl::MakeSpan(l2), TokenMask::AllowAll(2),
                                 SamplerConfig{2.0f, 0, 1.0f, 1});
  ASSERT_THAT(t2, IsOk());
  EXPECT_NEAR((*t2)[0], 0.75, 1e-6);

  std::vector<float> l3 = LogitsOf({0.4, 0.3, 0.2, 0.1});
  auto t3 = SamplingDistribution(absl::MakeSpan(l3), TokenMask::AllowAll(4),
                                 SamplerConfig{1.0f, 2, 1.0f, 1});
  ASSERT_THAT(t3, IsOk());
  EXPECT_NEAR((*t3)[0], 0.4 / 0.7, 1e-6);
  EXPECT_EQ((*t3)[2], 0.0f);
}

TEST(SampleNext, InvalidInputIsInvalidArgumentWithTheReason) {
  Rng rng(0);
  std::vector<float> logits(8, 0.0f);
  const TokenMask all = TokenMask::AllowAll(8);
  auto sample = [&](const TokenMask& mask, const SamplerConfig& config) {
    std::vector<float> copy = logits;
    return SampleNext(absl::MakeSpan(copy), mask, config, rng);
  };
  EXPECT_THAT(sample(all, SamplerConfig{0.0f, 0, 0.9f, 1}),
              StatusIs(absl::StatusCode::kInvalidArgument, "temperature"));
  EXPECT_THAT(sample(all, SamplerConfig{-1.0f, 0, 0.9f, 1}),
              StatusIs(absl::StatusCode::kInvalidArgument, "temperature"));
  EXPECT_THAT(sample(all, SamplerConfig{1.0f, 0, 0.0f, 1}),
              StatusIs(absl::StatusCode::kInvalidArgument, "top_p must be in (0, 1]"));
  EXPECT_THAT(sample(all, SamplerConfig{1.0f, 0, 1.5f, 1}),
              StatusIs(absl::StatusCode::kInvalidArgument, "top_p"));
  EXPECT_THAT(sample(all, SamplerConfig{1.0f, -1, 0.9f, 1}),
              StatusIs(absl::StatusCode::kInvalidArgument, "top_k"));
  EXPECT_THAT(sample(all, SamplerConfig{1.0f, 0, 0.9f, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument, "min_keep"));
  EXPECT_THAT(sample(TokenMask::AllowAll(7), SamplerConfig{}),
              StatusIs(absl::StatusCode::kInvalidArgument, "7 entries; logits have 8"));
  EXPECT_THAT(sample(TokenMask::AllowNone(8), SamplerConfig{}),
              StatusIs(absl::StatusCode::kInvalidArgument, "allows no token"));
  logits[2] = std::nanf("");
  EXPECT_THAT(sample(all, SamplerConfig{}),
              StatusIs(absl::StatusCode::kInvalidArgument, "token 2 is nan"));
  TokenMask without_nan = TokenMask::AllowAll(8);
  without_nan.Disallow(2);
  EXPECT_THAT(sample(without_nan, SamplerConfig{}), IsOk());  // a masked NaN is harmless
  std::vector<float> empty;
  EXPECT_THAT(SampleNext(absl::MakeSpan(empty), TokenMask{}, SamplerConfig{}, rng),
              StatusIs(absl::StatusCode::kInvalidArgument, "empty"));
}

}  // namespace
}  // namespace stori::sampling
