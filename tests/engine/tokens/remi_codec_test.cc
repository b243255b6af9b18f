#include <set>

#include "engine/dataset/pop909_windows.h"
#include "engine/tokens/remi_decoder.h"
#include "engine/tokens/remi_encoder.h"
#include "engine/tokens/vocabulary.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::tokens {
namespace {

using ::stori::testing::SourcePath;
using ::stori::testing::StatusIs;

TEST(Vocabulary, NamesAreUniqueAndRoundTrip) {
  const Vocabulary vocab;
  std::set<std::string> names;
  for (TokenId id = 0; id < vocab.size(); ++id) {
    EXPECT_TRUE(names.insert(vocab.Name(id)).second) << vocab.Name(id);
    auto back = vocab.IdOf(vocab.Name(id));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, id);
  }
  EXPECT_EQ(vocab.Name(vocab.Id(TokenKind::kPitch, 60)), "Pitch_60");
  EXPECT_EQ(vocab.Name(vocab.Id(TokenKind::kDrum, 36 - kFirstDrumKey)), "Drum_36");
  EXPECT_EQ(vocab.Name(vocab.Id(TokenKind::kTrack, 3)), "Track_melody");
  EXPECT_EQ(vocab.Name(vocab.Id(TokenKind::kChord, 9 * kNumChordQualities + 1)), "Chord_9_min");
  EXPECT_THAT(vocab.IdOf("Pitch_128"), StatusIs(absl::StatusCode::kNotFound, "Pitch_128"));
  EXPECT_EQ(vocab.Id(TokenKind::kPad), 0);  // the trainer pads with id 0
}

TEST(Vocabulary, JsonListsEveryTokenInIdOrder) {
  const Vocabulary vocab;
  const std::string json = vocab.ToJson();
  EXPECT_NE(json.find("\"format\": \"stori-remi\""), std::string::npos);
  std::size_t last = 0;
  for (TokenId id = 0; id < vocab.size(); id += 37) {
    const std::size_t at = json.find("\"" + vocab.Name(id) + "\"");
    ASSERT_NE(at, std::string::npos) << vocab.Name(id);
    EXPECT_GE(at, last);
    last = at;
  }
}

TEST(GenreIndex, MapsLabelsAndAliases) {
  EXPECT_EQ(std::string(kGenreNames[GenreIndex("Funk")]), "funk");
  EXPECT_EQ(std::string(kGenreNames[GenreIndex("hip-hop")]), "hiphop");
  EXPECT_EQ(std::string(kGenreNames[GenreIndex("lofi hip hop")]), "hiphop");
  EXPECT_EQ(std::string(kGenreNames[GenreIndex("indie folk")]), "indie");
  EXPECT_EQ(std::string(kGenreNames[GenreIndex("zydeco")]), "other");
}

// Real POP909 song 004 (tests/fixtures/pop909, MIT licence): every window round-trips exactly.
TEST(RemiCodec, RealPop909WindowsRoundTripExactly) {
  const Vocabulary vocab;
  dataset::WindowOptions options;
  auto windows = dataset::Pop909Windows(SourcePath("tests/fixtures/pop909/004"), options);
  ASSERT_TRUE(windows.ok()) << windows.status();
  ASSERT_GE(windows->size(), 10u);
  int notes = 0;
  for (const RemiWindow& w : *windows) {
    auto ids = EncodeWindow(vocab, w);
    ASSERT_TRUE(ids.ok()) << ids.status();
    auto back = DecodeWindow(vocab, *ids);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->genre, w.genre);
    EXPECT_EQ(back->key, w.key);
    EXPECT_EQ(back->meter, w.meter);
    EXPECT_EQ(back->tempo_bin, w.tempo_bin);
    EXPECT_EQ(back->bars, w.bars);
    EXPECT_EQ(back->chords, w.chords);
    ASSERT_EQ(back->tracks.size(), w.tracks.size());
    for (std::size_t t = 0; t < w.tracks.size(); ++t) {
      EXPECT_EQ(back->tracks[t].role, w.tracks[t].role);
      EXPECT_EQ(back->tracks[t].bins, w.tracks[t].bins);
      EXPECT_EQ(back->tracks[t].notes, w.tracks[t].notes);
      notes += static_cast<int>(w.tracks[t].notes.size());
    }
    auto again = EncodeWindow(vocab, *back);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *ids);
  }
  EXPECT_GT(notes, 500);
}

TEST(RemiCodec, InlineChordMustAgreeWithTheBarHeader) {
  const Vocabulary vocab;
  RemiWindow w;
  w.bars = 1;
  w.chords = {{{0, 9 * kNumChordQualities + 1}, {2, 5 * kNumChordQualities}}};  // Am, F at beat 2
  w.tracks.push_back({TokenRole::kMelody, {}, {{0, 12, 69, 72}, {24, 12, 65, 72}}});
  auto ids = EncodeWindow(vocab, w);
  ASSERT_TRUE(ids.ok()) << ids.status();
  std::vector<std::size_t> inline_chords;  // indices of Chord tokens right after a Position
  for (std::size_t i = 1; i < ids->size(); ++i) {
    if (vocab.Is((*ids)[i], TokenKind::kChord) && vocab.Is((*ids)[i - 1], TokenKind::kPosition)) {
      inline_chords.push_back(i);
    }
  }
  ASSERT_EQ(inline_chords.size(), 2u);
  EXPECT_EQ(vocab.Name((*ids)[inline_chords[0]]), "Chord_9_min");
  EXPECT_EQ(vocab.Name((*ids)[inline_chords[1]]), "Chord_5_maj");

  std::vector<TokenId> wrong = *ids;
  wrong[inline_chords[1]] = vocab.Id(TokenKind::kChord, 0);
  EXPECT_THAT(DecodeWindow(vocab, wrong),
              StatusIs(absl::StatusCode::kInvalidArgument, "differs from the bar header"));
  std::vector<TokenId> missing = *ids;
  missing.erase(missing.begin() + static_cast<std::ptrdiff_t>(inline_chords[0]));
  EXPECT_THAT(DecodeWindow(vocab, missing),
              StatusIs(absl::StatusCode::kInvalidArgument, "expected the Chord sounding"));
}

TEST(RemiCodec, DrumWindowRoundTrips) {
  const Vocabulary vocab;
  RemiWindow w;
  w.genre = GenreIndex("funk");
  w.bars = 2;
  w.tracks.push_back({TokenRole::kDrums, {}, {{0, 3, 36, 104}, {0, 3, 42, 88}, {6, 3, 42, 56},
                                               {12, 3, 38, 120}, {60, 3, 49, 120}}});
  auto ids = EncodeWindow(vocab, w);
  ASSERT_TRUE(ids.ok()) << ids.status();
  auto back = DecodeWindow(vocab, *ids);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->tracks[0].notes, w.tracks[0].notes);
  EXPECT_TRUE(back->chords.empty());
}

TEST(RemiCodec, OffGridNoteIsInvalidArgumentNamingIt) {
  const Vocabulary vocab;
  RemiWindow w;
  w.tracks.push_back({TokenRole::kMelody, {}, {{0, 12, 60, 72}, {5, 12, 62, 72}}});
  EXPECT_THAT(EncodeWindow(vocab, w),
              StatusIs(absl::StatusCode::kInvalidArgument, "tracks[0].notes[1]"));
  w.tracks[0].notes = {{0, 12, 60, 73}};
  EXPECT_THAT(EncodeWindow(vocab, w),
              StatusIs(absl::StatusCode::kInvalidArgument, "not a bin centre"));
  w.tracks[0].notes = {{48, 12, 60, 72}};  // one bar of 48 steps
  EXPECT_THAT(EncodeWindow(vocab, w), StatusIs(absl::StatusCode::kInvalidArgument, "outside"));
}

TEST(RemiCodec, DecoderNamesTheOffendingToken) {
  const Vocabulary vocab;
  RemiWindow w;
  w.tracks.push_back({TokenRole::kMelody, {}, {{0, 12, 60, 72}}});
  auto ids = EncodeWindow(vocab, w);
  ASSERT_TRUE(ids.ok());
  std::vector<TokenId> broken = *ids;
  // Replace the Duration after Velocity with a Pitch.
  for (std::size_t i = 0; i < broken.size(); ++i) {
    if (vocab.Is(broken[i], TokenKind::kDuration)) {
      broken[i] = vocab.Id(TokenKind::kPitch, 64);
      break;
    }
  }
  EXPECT_THAT(DecodeWindow(vocab, broken),
              StatusIs(absl::StatusCode::kInvalidArgument, "expected Duration after Velocity"));
  broken = *ids;
  broken.pop_back();
  EXPECT_THAT(DecodeWindow(vocab, broken),
              StatusIs(absl::StatusCode::kInvalidArgument, "ends at index"));
}

}  // namespace
}  // namespace stori::tokens
