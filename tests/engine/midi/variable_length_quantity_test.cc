#include "engine/midi/variable_length_quantity.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::midi {
namespace {

using ::stori::testing::StatusIs;
using ::testing::ElementsAreArray;

// The examples table of the SMF 1.0 spec ("Conventions").
struct VlqExample {
  std::uint32_t value;
  std::vector<std::uint8_t> bytes;
};

const VlqExample kSpecExamples[] = {
    {0x00000000, {0x00}},
    {0x00000040, {0x40}},
    {0x0000007F, {0x7F}},
    {0x00000080, {0x81, 0x00}},
    {0x00002000, {0xC0, 0x00}},
    {0x00003FFF, {0xFF, 0x7F}},
    {0x00004000, {0x81, 0x80, 0x00}},
    {0x00100000, {0xC0, 0x80, 0x00}},
    {0x001FFFFF, {0xFF, 0xFF, 0x7F}},
    {0x00200000, {0x81, 0x80, 0x80, 0x00}},
    {0x08000000, {0xC0, 0x80, 0x80, 0x00}},
    {0x0FFFFFFF, {0xFF, 0xFF, 0xFF, 0x7F}},
};

TEST(VariableLengthQuantity, EncodesTheSpecExamples) {
  for (const VlqExample& e : kSpecExamples) {
    std::vector<std::uint8_t> out;
    AppendVariableLengthQuantity(e.value, &out);
    EXPECT_THAT(out, ElementsAreArray(e.bytes)) << e.value;
  }
}

TEST(VariableLengthQuantity, DecodesTheSpecExamplesAndAdvances) {
  for (const VlqExample& e : kSpecExamples) {
    std::vector<std::uint8_t> bytes = {0xAA};
    bytes.insert(bytes.end(), e.bytes.begin(), e.bytes.end());
    bytes.push_back(0x55);
    std::size_t pos = 1;
    absl::StatusOr<std::uint32_t> value = ReadVariableLengthQuantity(bytes, &pos);
    ASSERT_TRUE(value.ok()) << value.status();
    EXPECT_EQ(*value, e.value);
    EXPECT_EQ(pos, 1 + e.bytes.size());
  }
}

TEST(VariableLengthQuantity, FiveBytesIsInvalidArgumentAndPositionIsKept) {
  const std::vector<std::uint8_t> bytes = {0x81, 0x80, 0x80, 0x80, 0x00};
  std::size_t pos = 0;
  EXPECT_THAT(ReadVariableLengthQuantity(bytes, &pos),
              StatusIs(absl::StatusCode::kInvalidArgument, "at byte 0: longer than 4 bytes"));
  EXPECT_EQ(pos, 0u);
}

TEST(VariableLengthQuantity, EndOfDataInsideQuantityIsInvalidArgument) {
  const std::vector<std::uint8_t> bytes = {0x00, 0x81, 0x80};
  std::size_t pos = 1;
  EXPECT_THAT(ReadVariableLengthQuantity(bytes, &pos),
              StatusIs(absl::StatusCode::kInvalidArgument, "at byte 1: data ends after 2"));
}

}  // namespace
}  // namespace stori::midi
