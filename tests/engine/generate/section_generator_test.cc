// End-to-end engine tests on the shipped model (models/stori-remi/v3, or STORI_MODEL_DIR).
#include "engine/generate/section_generator.h"

#include <algorithm>
#include <map>
#include <set>

#include "engine/common/stop_token.h"
#include "engine/midi/smf_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/engine/generate/generate_fixture.h"

namespace stori::generate {
namespace {

using ::stori::testing::LeavingHomeVerse;
using ::stori::testing::StatusIs;

class SectionGeneratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    runner_ = ::stori::testing::SharedRunner(&error);
    ASSERT_NE(runner_, nullptr) << "shipped model failed to load: " << error;
  }
  absl::StatusOr<SectionResult> Generate(const SectionRequest& r) {
    SectionGenerator generator(*runner_);
    return generator.Generate(r, RunContext{"test-composition", "test-trace", nullptr, ""});
  }
  const model::ModelRunner* runner_ = nullptr;
};

const TrackResult& TrackNamed(const SectionResult& r, const std::string& id) {
  for (const TrackResult& t : r.tracks) {
    if (t.spec.track_id == id) return t;
  }
  ADD_FAILURE() << "no track " << id;
  return r.tracks.front();
}

TEST_F(SectionGeneratorTest, EveryTrackObeysTheOutputInvariants) {
  const SectionRequest request = LeavingHomeVerse();
  auto result = Generate(request);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->tracks.size(), 4u);
  const std::int64_t section_ticks = 8 * 4 * result->ppq;
  for (const TrackResult& t : result->tracks) {
    EXPECT_FALSE(t.track.notes.empty()) << t.spec.track_id;
    EXPECT_TRUE(std::is_sorted(t.track.notes.begin(), t.track.notes.end())) << t.spec.track_id;
    for (const music::Note& n : t.track.notes) {
      EXPECT_GE(n.pitch, 0);
      EXPECT_LE(n.pitch, 127);
      EXPECT_GE(n.velocity, 1);
      EXPECT_LE(n.velocity, 127);
      EXPECT_GE(n.start_tick, 0);
      EXPECT_GT(n.duration_ticks, 0);
      EXPECT_LE(n.end_tick(), section_ticks);
    }
  }
  EXPECT_EQ(TrackNamed(*result, "drums").track.channel, 9);
  for (const music::Note& n : TrackNamed(*result, "bass").track.notes) {
    EXPECT_GE(n.pitch, 28);
    EXPECT_LE(n.pitch, 60);
  }
  // The SMF opens in a MIDI reader and holds the same notes.
  auto song = midi::ReadSmf(result->smf);
  ASSERT_TRUE(song.ok()) << song.status();
  int smf_notes = 0, notes = 0;
  for (const music::Track& t : song->tracks) smf_notes += static_cast<int>(t.notes.size());
  for (const TrackResult& t : result->tracks) notes += static_cast<int>(t.track.notes.size());
  EXPECT_EQ(smf_notes, notes);
  EXPECT_EQ(result->seed_used, 42u);
  EXPECT_GT(result->timings.tokens_decoded, 100);
  // The roadmap motif's rhythm (4 beats) disagrees with duration_beats (3): served, warned.
  EXPECT_TRUE(std::any_of(result->warnings.begin(), result->warnings.end(), [](const Warning& w) {
    return w.field_path == "motifs[0].duration_beats" &&
           w.message.find("rhythm pattern governs") != std::string::npos;
  }));
}

TEST_F(SectionGeneratorTest, MotifNotesSitAtTheirBeatsWithTheirIntervals) {
  auto result = Generate(LeavingHomeVerse());
  ASSERT_TRUE(result.ok()) << result.status();
  const int ppq = result->ppq;
  std::map<std::int64_t, std::vector<int>> by_start;
  for (const music::Note& n : TrackNamed(*result, "melody").track.notes) {
    by_start[n.start_tick].push_back(n.pitch);
  }
  // Motif rhythm quarter, eighth, eighth, half -> onsets 0, 1, 1.5, 2 beats; intervals 0 2 3 7.
  for (double usage_beat : {0.0, 16.0}) {
    const std::int64_t at = static_cast<std::int64_t>(usage_beat * ppq);
    ASSERT_EQ(by_start.count(at), 1u) << "no melody note at beat " << usage_beat;
    const int first = by_start[at].front();
    const double onsets[] = {1.0, 1.5, 2.0};
    const int intervals[] = {2, 3, 7};
    for (int i = 0; i < 3; ++i) {
      const std::int64_t tick = at + static_cast<std::int64_t>(onsets[i] * ppq);
      ASSERT_EQ(by_start.count(tick), 1u) << "beat " << usage_beat + onsets[i];
      EXPECT_EQ(by_start[tick].front() - first, intervals[i]) << "beat " << usage_beat + onsets[i];
    }
    // Tonic A in A minor for the untransposed usage; two semitones lower for the transposed one.
    EXPECT_EQ(first % 12, usage_beat == 0.0 ? 9 : 7);
  }
}

// Stori's flat requests carry no chords: the section plays over a default progression in its key
// (engine/generate/default_progression.h), reported in a warning, and stays in the key.
TEST_F(SectionGeneratorTest, SectionWithoutChordsPlaysOverADefaultProgressionInItsKey) {
  SectionRequest r = LeavingHomeVerse();
  r.section.chords.clear();
  r.section.motif_usages.clear();
  auto result = Generate(r);
  ASSERT_TRUE(result.ok()) << result.status();
  bool warned = false;
  for (const Warning& w : result->warnings) warned |= w.message.find("Am G F G") != std::string::npos;
  EXPECT_TRUE(warned) << "no warning names the progression";
  const std::set<int> a_minor = {9, 11, 0, 2, 4, 5, 7};
  for (const char* id : {"bass", "piano", "melody"}) {
    const TrackResult& t = TrackNamed(*result, id);
    ASSERT_FALSE(t.track.notes.empty()) << id;
    int in_key = 0;
    for (const music::Note& n : t.track.notes) in_key += a_minor.count(n.pitch % 12) > 0;
    EXPECT_GE(static_cast<double>(in_key) / t.track.notes.size(), 0.9) << id;
  }
}

TEST_F(SectionGeneratorTest, SameSeedSameNotesOtherSeedOtherNotes) {
  SectionRequest request = LeavingHomeVerse();
  request.section.bars = 4;
  request.section.chords.resize(4);
  request.section.motif_usages.resize(1);
  auto a = Generate(request);
  auto b = Generate(request);
  request.seed = 43;
  auto c = Generate(request);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  bool any_difference = false;
  for (std::size_t t = 0; t < a->tracks.size(); ++t) {
    EXPECT_EQ(a->tracks[t].track.notes, b->tracks[t].track.notes) << a->tracks[t].spec.track_id;
    any_difference = any_difference || a->tracks[t].track.notes != c->tracks[t].track.notes;
  }
  EXPECT_TRUE(any_difference);
  EXPECT_EQ(a->smf, b->smf);
}

// The boundary bar is repaired where the notes can fix the transition (boundary_repair.h): drums
// the RMS says stop at the exit lose their last bar's hits, and the violation says so.
TEST_F(SectionGeneratorTest, DrumsThatShouldStopAtTheExitAreRemovedFromTheLastBar) {
  SectionRequest r = LeavingHomeVerse();
  r.section.exit_state.drum_active = false;
  r.next_section = r.section;
  auto result = Generate(r);
  ASSERT_TRUE(result.ok()) << result.status();
  const int last_bar = 7 * 4 * result->ppq;
  for (const music::Note& n : TrackNamed(*result, "drums").track.notes) {
    EXPECT_LT(n.start_tick, last_bar);
  }
  EXPECT_FALSE(TrackNamed(*result, "drums").track.notes.empty());
  ASSERT_TRUE(result->transition.checked);
  bool repaired = false;
  for (const auto& v : result->transition.violations) {
    if (v.kind == transition::ViolationKind::kDrumState) {
      repaired = v.repaired;
      EXPECT_THAT(v.message, ::testing::HasSubstr("repaired"));
    }
  }
  EXPECT_TRUE(repaired);
}

TEST_F(SectionGeneratorTest, InactiveTracksStaySilentAndEnterBarIsHonoured) {
  SectionRequest request = LeavingHomeVerse();
  request.section.bars = 4;
  request.section.chords.resize(4);
  request.section.motif_usages.resize(1);
  request.section.track_behaviors[2].active = false;  // piano
  request.section.track_behaviors[1].enter_bar = 2;   // bass from bar 3
  auto result = Generate(request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(TrackNamed(*result, "piano").track.notes.empty());
  for (const music::Note& n : TrackNamed(*result, "bass").track.notes) {
    EXPECT_GE(n.start_tick, 2 * 4 * result->ppq);
  }
  EXPECT_FALSE(TrackNamed(*result, "melody").track.notes.empty());
}

// The EmptyBeats control is kept by the decoder (sampling::BoundEmptyBeats): every track that
// enters at bar 0 and carries no motif leaves as many silent beats as its target bin asks, for
// two seeds.
TEST_F(SectionGeneratorTest, TracksLeaveTheRequestedEmptyBeats) {
  for (const std::uint64_t seed : {42u, 7u}) {
    SectionRequest request = LeavingHomeVerse();
    request.seed = seed;
    request.section.motif_usages.clear();
    auto result = Generate(request);
    ASSERT_TRUE(result.ok()) << result.status();
    std::set<int> bins;
    for (const TrackResult& t : result->tracks) {
      EXPECT_EQ(t.measured_bins.empty_beats, t.targets.bins.empty_beats)
          << t.spec.track_id << ", seed " << seed << ": empty-beat rate "
          << t.measured.empty_beat_rate;
      bins.insert(t.targets.bins.empty_beats);
    }
    EXPECT_GE(bins.size(), 2u) << "the verse's tracks should ask for different bins";
  }
}

TEST_F(SectionGeneratorTest, CandidatesAreDecodedAsABatchAndScored) {
  SectionRequest request = LeavingHomeVerse();
  request.section.bars = 4;
  request.section.chords.resize(4);
  request.section.motif_usages.clear();
  request.num_candidates = 3;
  auto result = Generate(request);
  ASSERT_TRUE(result.ok()) << result.status();
  for (const TrackResult& t : result->tracks) {
    EXPECT_EQ(t.candidates, 3);
    EXPECT_GT(t.candidate_score, 0.0);
  }
}

TEST_F(SectionGeneratorTest, ThreeFourWaltzKeepsNotesInsideItsBars) {
  SectionRequest request = LeavingHomeVerse();
  request.time_signature = {0, 3, 4};
  request.section.time_signature = {0, 3, 4};
  request.section.bars = 4;
  request.section.chords.clear();
  for (int bar = 0; bar < 4; ++bar) {
    request.section.chords.push_back({bar, 0.0, bar * 3.0, bar % 2 ? "G" : "C"});
  }
  request.section.motif_usages.clear();
  request.section.key = "C";
  auto result = Generate(request);
  ASSERT_TRUE(result.ok()) << result.status();
  for (const TrackResult& t : result->tracks) {
    for (const music::Note& n : t.track.notes) EXPECT_LE(n.end_tick(), 4 * 3 * result->ppq);
  }
}

TEST_F(SectionGeneratorTest, StoppedTokenCancelsAndPastDeadlineExceeds) {
  SectionGenerator generator(*runner_);
  StopToken cancelled;
  cancelled.RequestStop();
  EXPECT_THAT(generator.Generate(LeavingHomeVerse(), RunContext{"c", "t", &cancelled, ""}),
              StatusIs(absl::StatusCode::kCancelled, ""));
  StopToken late(absl::Now() - absl::Seconds(1));
  EXPECT_THAT(generator.Generate(LeavingHomeVerse(), RunContext{"c", "t", &late, ""}),
              StatusIs(absl::StatusCode::kDeadlineExceeded, ""));
}

TEST_F(SectionGeneratorTest, BarsLongerThanTheModelsGridAreInvalidArgument) {
  SectionRequest request = LeavingHomeVerse();
  request.section.time_signature = {0, 9, 4};
  EXPECT_THAT(Generate(request), StatusIs(absl::StatusCode::kInvalidArgument, "9/4"));
}

}  // namespace
}  // namespace stori::generate
