// DecodeTrack (engine/generate/track_decoder.h) on the shipped model with a continuation
// window's given bars: a real POP909 melody's first two bars (song 004, tests/fixtures/pop909,
// MIT licence) come back note for note, the model writes the two bars after them, and the
// model's cache holds the whole body, given bars included, so that what follows is conditioned
// on them; for one candidate and for three decoded as a batch.
#include "engine/generate/track_decoder.h"

#include <vector>

#include "engine/dataset/pop909_windows.h"
#include "engine/tokens/remi_encoder.h"
#include "engine/tokens/track_attributes.h"
#include "gtest/gtest.h"
#include "tests/engine/generate/generate_fixture.h"

namespace stori::generate {
namespace {

using tokens::GridNote;

TEST(DecodeTrack, GivenBarsComeBackAsGivenAndTheModelContinuesThem) {
  std::string error;
  const model::ModelRunner* runner = ::stori::testing::SharedRunner(&error);
  ASSERT_NE(runner, nullptr) << error;
  const tokens::Vocabulary vocab;
  auto windows = dataset::Pop909Windows(
      ::stori::testing::SourcePath("tests/fixtures/pop909/004"), dataset::WindowOptions{});
  ASSERT_TRUE(windows.ok()) << windows.status();
  int tested = 0;
  for (const tokens::RemiWindow& w : *windows) {
    const tokens::TrackSegment* melody = tokens::FindTrack(w, tokens::TokenRole::kMelody);
    if (melody == nullptr || w.chords.empty()) continue;
    std::vector<GridNote> given;
    for (const GridNote& n : melody->notes) {
      if (n.start_step < 2 * w.steps_per_bar) given.push_back(n);
    }
    if (given.size() < 4) continue;
    for (const int rows : {1, 3}) {
      std::vector<tokens::TokenId> prompt;
      tokens::AppendHeader(vocab, w, &prompt);
      tokens::AppendTrackStart(
          vocab, tokens::TokenRole::kMelody,
          tokens::AttributeBinsOf(tokens::MeasureTrack(melody->notes, w.bars, w.steps_per_bar)),
          &prompt);
      model::DecodeState state;
      auto logits = runner->Prefill(&state, prompt);
      ASSERT_TRUE(logits.ok()) << logits.status();
      TrackDecodeInput in;
      in.constraints.role = tokens::TokenRole::kMelody;
      in.constraints.bars = w.bars;
      in.constraints.steps_per_bar = w.steps_per_bar;
      in.constraints.chords = w.chords;
      in.constraints.min_pitch = 36;
      in.constraints.max_pitch = 96;
      in.constraints.token_budget = 400;
      in.constraints.given_bars = 2;
      in.constraints.forced_notes = given;
      in.num_candidates = rows;
      in.seed = 5;
      in.score = [](const std::vector<GridNote>& notes) { return static_cast<double>(notes.size()); };
      auto out = DecodeTrack(*runner, vocab, &state, *std::move(logits), in, RunContext{});
      ASSERT_TRUE(out.ok()) << out.status();
      std::vector<GridNote> back, added;
      for (const GridNote& n : out->notes) {
        (n.start_step < 2 * w.steps_per_bar ? back : added).push_back(n);
      }
      EXPECT_EQ(back, given) << rows << " candidate(s)";
      EXPECT_FALSE(added.empty()) << rows << " candidate(s)";
      EXPECT_EQ(state.positions(), static_cast<int>(prompt.size() + out->body.size()));
      if (rows == 1) {
        EXPECT_EQ(out->tokens_decoded, static_cast<int>(out->body.size()));
        // The given bars go to the model as one forced span: one call for them (with bar 2's
        // header), then at most one per token of the new bars.
        std::size_t bar2 = 0;
        for (int bars_seen = 0; bar2 < out->body.size(); ++bar2) {
          if (vocab.Is(out->body[bar2], tokens::TokenKind::kBar) && ++bars_seen == 3) break;
        }
        EXPECT_LE(out->model_steps, static_cast<int>(out->body.size() - bar2) + 1);
      }
    }
    if (++tested == 3) break;
  }
  EXPECT_EQ(tested, 3);
}

}  // namespace
}  // namespace stori::generate
