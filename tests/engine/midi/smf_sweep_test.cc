// Full-data sweep: every POP909 and Groove MIDI file must read, write and read back unchanged.
// Runs only with STORI_FULL_SWEEP=1 (minutes on a small machine); scripts/sweep_midi.sh runs it.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/midi/smf_reader.h"
#include "engine/midi/smf_writer.h"
#include "gtest/gtest.h"
#include "tests/engine/midi/song_comparison.h"
#include "tests/testing/status_matchers.h"

namespace stori::midi {
namespace {

struct SweepCounts {
  int files = 0;
  int read_ok = 0;
  int round_trip_ok = 0;
  int format0_round_trip_ok = 0;
  int format0_eligible = 0;
  long long notes = 0;
  std::vector<std::string> failures;
};

bool DistinctChannels(const music::Song& song) {
  std::vector<bool> seen(16, false);
  for (const music::Track& t : song.tracks) {
    if (seen[t.channel]) return false;
    seen[t.channel] = true;
  }
  return true;
}

void SweepFile(const std::string& path, SweepCounts* counts) {
  ++counts->files;
  absl::StatusOr<music::Song> song = ReadSmfFile(path);
  if (!song.ok()) {
    counts->failures.push_back(std::string(song.status().message()));
    return;
  }
  ++counts->read_ok;
  for (const music::Track& t : song->tracks) counts->notes += t.notes.size();
  for (SmfFormat format : {SmfFormat::kMultiTrack, SmfFormat::kSingleTrack}) {
    const bool single = format == SmfFormat::kSingleTrack;
    if (single && !DistinctChannels(*song)) continue;
    counts->format0_eligible += single;
    absl::StatusOr<std::vector<std::uint8_t>> bytes = WriteSmf(*song, {format});
    absl::StatusOr<music::Song> back =
        bytes.ok() ? ReadSmf(*bytes) : absl::StatusOr<music::Song>(bytes.status());
    const std::string diff =
        back.ok() ? DescribeSongDifference(*song, *back) : std::string(back.status().message());
    if (!diff.empty()) {
      counts->failures.push_back(absl::StrFormat("%s (format %d): %s", path, single ? 0 : 1, diff));
    } else {
      (single ? counts->format0_round_trip_ok : counts->round_trip_ok) += 1;
    }
  }
}

SweepCounts SweepTree(const std::string& root) {
  SweepCounts counts;
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".mid") {
      paths.push_back(entry.path().string());
    }
  }
  std::sort(paths.begin(), paths.end());
  for (const std::string& path : paths) SweepFile(path, &counts);
  return counts;
}

void RunSweep(const std::string& name, int expected_files) {
  const char* flag = std::getenv("STORI_FULL_SWEEP");
  if (flag == nullptr || std::string(flag) != "1") GTEST_SKIP() << "set STORI_FULL_SWEEP=1";
  const std::string root = testing::SharedDataDir() + "/" + name;
  if (!std::filesystem::is_directory(root)) GTEST_SKIP() << root << " is absent";
  const SweepCounts c = SweepTree(root);
  std::printf(
      "sweep %s: files=%d read_ok=%d round_trip_format1_ok=%d "
      "round_trip_format0_ok=%d/%d notes=%lld failures=%zu\n",
      name.c_str(), c.files, c.read_ok, c.round_trip_ok, c.format0_round_trip_ok,
      c.format0_eligible, c.notes, c.failures.size());
  for (std::size_t i = 0; i < c.failures.size() && i < 20; ++i) {
    ADD_FAILURE() << c.failures[i];
  }
  EXPECT_EQ(c.files, expected_files);
  EXPECT_EQ(c.read_ok, c.files);
  EXPECT_EQ(c.round_trip_ok, c.files);
  EXPECT_EQ(c.format0_round_trip_ok, c.format0_eligible);
}

TEST(SmfSweep, EveryPop909FileRoundTrips) { RunSweep("pop909", 879); }

TEST(SmfSweep, EveryGrooveFileRoundTrips) { RunSweep("groove", 1150); }

}  // namespace
}  // namespace stori::midi
