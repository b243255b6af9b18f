// Seeded mutation test: thousands of byte-corrupted copies of real fixtures go through ReadSmf,
// which must return a Status every time (never crash, hang or trip a sanitizer), and whatever it
// accepts must satisfy the Song invariants and be writable.
#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "engine/midi/smf_reader.h"
#include "engine/midi/smf_writer.h"
#include "gtest/gtest.h"
#include "tests/engine/midi/smf_bytes.h"
#include "tests/testing/status_matchers.h"

namespace stori::midi {
namespace {

using ::stori::testing::SourcePath;

// Applies 1..4 random edits: overwrite a byte, flip a bit, truncate, or duplicate a slice.
ByteVector Mutate(const ByteVector& original, std::mt19937* rng) {
  ByteVector bytes = original;
  const int edits = std::uniform_int_distribution<int>(1, 4)(*rng);
  for (int e = 0; e < edits && !bytes.empty(); ++e) {
    std::uniform_int_distribution<std::size_t> at(0, bytes.size() - 1);
    switch (std::uniform_int_distribution<int>(0, 3)(*rng)) {
      case 0:
        bytes[at(*rng)] = static_cast<std::uint8_t>((*rng)());
        break;
      case 1:
        bytes[at(*rng)] ^= static_cast<std::uint8_t>(1u << ((*rng)() % 8));
        break;
      case 2:
        bytes.resize(at(*rng));
        break;
      case 3: {
        const std::size_t from = at(*rng);
        const std::size_t len = std::min<std::size_t>(bytes.size() - from, (*rng)() % 16);
        const ByteVector slice(bytes.begin() + from, bytes.begin() + from + len);
        bytes.insert(bytes.begin() + at(*rng), slice.begin(), slice.end());
        break;
      }
    }
  }
  return bytes;
}

TEST(ReadSmfMutation, CorruptedFixturesReturnStatusAndValidSongs) {
  std::mt19937 rng(20240611);
  int accepted = 0;
  int rejected = 0;
  for (const char* name : {"pop909_098.mid", "groove_drummer6_session1_3_rock_80_beat_6-8.mid",
                           "groove_drummer7_session1_21_hiphop_100_fill_4-4.mid"}) {
    const ByteVector original = ReadFileBytes(SourcePath("tests/fixtures/") + name);
    ASSERT_FALSE(original.empty()) << name;
    for (int i = 0; i < 3000; ++i) {
      const ByteVector bytes = Mutate(original, &rng);
      absl::StatusOr<music::Song> song = ReadSmf(bytes);
      if (!song.ok()) {
        ++rejected;
        EXPECT_NE(song.status().code(), absl::StatusCode::kInternal) << song.status();
        continue;
      }
      ++accepted;
      for (const music::Track& t : song->tracks) {
        for (const music::Note& n : t.notes) {
          ASSERT_GT(n.duration_ticks, 0);
          ASSERT_TRUE(n.pitch >= 0 && n.pitch <= 127 && n.velocity >= 1 && n.velocity <= 127);
        }
      }
      // Anything the reader accepts, the writer can write (ticks permitting).
      absl::StatusOr<std::vector<std::uint8_t>> out = WriteSmf(*song);
      if (!out.ok()) {
        EXPECT_NE(out.status().code(), absl::StatusCode::kInternal) << out.status();
      }
    }
  }
  // Both outcomes occur, so the test exercises error paths and the accepting path.
  EXPECT_GT(accepted, 100);
  EXPECT_GT(rejected, 100);
  std::printf("mutation: accepted=%d rejected=%d\n", accepted, rejected);
}

}  // namespace
}  // namespace stori::midi
