#include "engine/sampling/remi_constraints.h"

#include "engine/tokens/chord_token.h"
#include <algorithm>
#include <cmath>

#include "engine/sampling/rng.h"
#include "engine/tokens/remi_decoder.h"
#include "engine/tokens/remi_encoder.h"
#include "engine/tokens/track_attributes.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::sampling {
namespace {

using tokens::TokenKind;
using ::stori::testing::StatusIs;

class RemiConstraintsTest : public ::testing::Test {
 protected:
  TrackConstraintsConfig Config(tokens::TokenRole role, int bars) {
    TrackConstraintsConfig c;
    c.role = role;
    c.bars = bars;
    c.steps_per_bar = 48;
    if (role != tokens::TokenRole::kDrums) {
      for (int b = 0; b < bars; ++b) c.chords.push_back({{0, 9 * tokens::kNumChordQualities + 1}});
    }
    return c;
  }
  // Accepts every forced token; returns how many.
  int AcceptForced(TrackConstraints& c) {
    int n = 0;
    while (c.ForcedNext() >= 0) {
      EXPECT_TRUE(c.Accept(c.ForcedNext()).ok());
      ++n;
    }
    return n;
  }
  // From a new pitched track: the bar header, Position_0, its inline Chord, Pitch_69 and
  // Velocity_4; the next token is the note's Duration.
  void StartNoteAtBarStart(TrackConstraints& c) {
    AcceptForced(c);
    ASSERT_TRUE(c.Accept(Id(TokenKind::kPosition, 0)).ok());
    AcceptForced(c);  // inline Chord
    ASSERT_TRUE(c.Accept(Id(TokenKind::kPitch, 69)).ok());
    ASSERT_TRUE(c.Accept(Id(TokenKind::kVelocity, 4)).ok());
  }
  tokens::TokenId Id(TokenKind kind, int value = 0) { return vocab_.Id(kind, value); }
  const tokens::Vocabulary vocab_;
};

TEST_F(RemiConstraintsTest, BarHeaderWithChordsIsForced) {
  TrackConstraints c(vocab_, Config(tokens::TokenRole::kBass, 2));
  EXPECT_EQ(c.ForcedNext(), Id(TokenKind::kBar));
  EXPECT_EQ(AcceptForced(c), 3);  // Bar ChordBeat_0 Chord_9_min
  EXPECT_EQ(c.tokens()[2], Id(TokenKind::kChord, 9 * tokens::kNumChordQualities + 1));
}

TEST_F(RemiConstraintsTest, GrammarOrderAndBarCountAreEnforced) {
  TrackConstraints c(vocab_, Config(tokens::TokenRole::kMelody, 2));
  AcceptForced(c);
  TokenMask mask;
  c.NextMask(&mask);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPosition, 0)]);
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kPosition, 1)]);   // off the onset grid
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kPitch, 60)]);     // a Pitch needs a Position first
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kBar)]);            // bar 1 of 2 may end
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kTrackEnd)]);      // not before the last bar
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPosition, 12)).ok());
  EXPECT_THAT(c.Accept(Id(TokenKind::kPitch, 69)),  // the bar's first onset carries its chord
              StatusIs(absl::StatusCode::kInvalidArgument, "not allowed"));
  EXPECT_EQ(AcceptForced(c), 1);
  EXPECT_THAT(c.Accept(Id(TokenKind::kVelocity, 3)),
              StatusIs(absl::StatusCode::kInvalidArgument, "not allowed"));
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPitch, 69)).ok());
  ASSERT_TRUE(c.Accept(Id(TokenKind::kVelocity, 4)).ok());
  ASSERT_TRUE(c.Accept(Id(TokenKind::kDuration, 7)).ok());
  c.NextMask(&mask);
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kPosition, 12)]);  // positions strictly increase
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kPitch, 67)]);     // pitches ascend at a position
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPitch, 72)]);
  ASSERT_TRUE(c.Accept(Id(TokenKind::kBar)).ok());
  AcceptForced(c);
  c.NextMask(&mask);
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kBar)]);  // last bar: only TrackEnd closes it
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kTrackEnd)]);
  ASSERT_TRUE(c.Accept(Id(TokenKind::kTrackEnd)).ok());
  EXPECT_TRUE(c.done());
  std::vector<tokens::TokenId> body = c.tokens();
  body.pop_back();
  int bars = 0;
  auto notes = tokens::DecodeTrackBody(vocab_, body, tokens::TokenRole::kMelody, 48, &bars);
  ASSERT_TRUE(notes.ok()) << notes.status();
  EXPECT_EQ(bars, 2);
  ASSERT_EQ(notes->size(), 1u);
  EXPECT_EQ((*notes)[0].start_step, 12);
}

TEST_F(RemiConstraintsTest, ForcedNotesAreInsertedAndLockTheirSpan) {
  TrackConstraintsConfig cfg = Config(tokens::TokenRole::kMelody, 1);
  cfg.forced_notes = {{12, 12, 69, 88}, {24, 24, 72, 88}};
  TrackConstraints c(vocab_, cfg);
  AcceptForced(c);
  TokenMask mask;
  c.NextMask(&mask);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPosition, 0)]);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPosition, 12)]);
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kPosition, 18)]);  // past the next forced onset
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kTrackEnd)]);     // forced notes still pending
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPosition, 12)).ok());
  EXPECT_EQ(c.ForcedNext(), Id(TokenKind::kChord, 9 * tokens::kNumChordQualities + 1));
  EXPECT_EQ(AcceptForced(c), 4);  // inline Chord, then Pitch Velocity Duration
  EXPECT_EQ(c.tokens()[c.tokens().size() - 3], Id(TokenKind::kPitch, 69));
  c.NextMask(&mask);
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kPosition, 18)]);  // inside the forced note
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPosition, 24)]);
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPosition, 24)).ok());
  AcceptForced(c);
  c.NextMask(&mask);
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kPosition, 36)]);  // 24 + 24 steps locked
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kTrackEnd)]);
}

TEST_F(RemiConstraintsTest, SilentBarsBeforeEnterBarAndBudgetClosesTheTrack) {
  TrackConstraintsConfig cfg = Config(tokens::TokenRole::kDrums, 3);
  cfg.enter_bar = 1;
  TrackConstraints c(vocab_, cfg);
  AcceptForced(c);
  TokenMask mask;
  c.NextMask(&mask);
  EXPECT_EQ(mask.CountAllowed(), 1);  // bar 0 stays empty: only Bar
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kBar)]);

  TrackConstraintsConfig tight = Config(tokens::TokenRole::kDrums, 2);
  tight.token_budget = 6;
  TrackConstraints d(vocab_, tight);
  AcceptForced(d);
  d.NextMask(&mask);
  EXPECT_EQ(mask.CountAllowed(), 1);  // no room for notes: close the bar
}

// A continuation window (given_bars 2 of 4): bars 0-1 come out exactly as given, whatever the
// model would choose; a given note held over the boundary does not lock bar 2's downbeat; the
// bass's root is owed at the chord changes of the new bars only.
TEST_F(RemiConstraintsTest, GivenBarsHoldExactlyTheForcedNotes) {
  TrackConstraintsConfig cfg = Config(tokens::TokenRole::kBass, 4);
  cfg.min_pitch = 28;
  cfg.max_pitch = 55;
  // One chord per bar, roots C F G A (major, minor, major, minor).
  cfg.chords = {{{0, 0 * tokens::kNumChordQualities}},
                {{0, 5 * tokens::kNumChordQualities + 1}},
                {{0, 7 * tokens::kNumChordQualities}},
                {{0, 9 * tokens::kNumChordQualities + 1}}};
  cfg.root_at_chord_changes = true;
  cfg.given_bars = 2;
  // Not on the roots (E and G over C, A and B over F minor); the last held 12 steps into bar 2.
  cfg.forced_notes = {{0, 24, 40, 88}, {24, 12, 43, 88}, {48, 24, 45, 72}, {84, 24, 47, 72}};
  Rng rng(11);
  for (int trial = 0; trial < 20; ++trial) {
    TrackConstraints c(vocab_, cfg);
    TokenMask mask;
    bool checked_downbeat = false;
    while (!c.done()) {
      const int bar = static_cast<int>(std::count(c.tokens().begin(), c.tokens().end(),
                                                  Id(TokenKind::kBar))) - 1;
      // Given bars: every token is forced (one span for the model), none the model chooses.
      if (bar < 2) {
        ASSERT_GE(c.ForcedNext(), 0) << "body index " << c.tokens().size();
      }
      if (c.ForcedNext() >= 0) {
        ASSERT_TRUE(c.Accept(c.ForcedNext()).ok());
        continue;
      }
      c.NextMask(&mask);
      if (bar == 2 && !checked_downbeat) {
        checked_downbeat = true;  // right after bar 2's header: the downbeat is free
        EXPECT_TRUE(mask.allowed[Id(TokenKind::kPosition, 0)]);
      }
      std::vector<tokens::TokenId> allowed;
      for (tokens::TokenId id = 0; id < mask.size(); ++id) {
        if (mask.allowed[id]) allowed.push_back(id);
      }
      ASSERT_FALSE(allowed.empty());
      ASSERT_TRUE(c.Accept(allowed[rng.NextBelow(allowed.size())]).ok());
    }
    std::vector<tokens::TokenId> body(c.tokens().begin(), c.tokens().end() - 1);
    auto notes = tokens::DecodeTrackBody(vocab_, body, cfg.role, cfg.steps_per_bar);
    ASSERT_TRUE(notes.ok()) << notes.status();
    std::vector<tokens::GridNote> given, bar2, bar3;
    for (tokens::GridNote n : *notes) {
      if (n.start_step < 96) {
        n.velocity = 0;
        given.push_back(n);
      } else {
        (n.start_step < 144 ? bar2 : bar3).push_back(n);
      }
    }
    std::vector<tokens::GridNote> expected = cfg.forced_notes;
    for (tokens::GridNote& n : expected) n.velocity = 0;  // velocities come back as bin centres
    EXPECT_EQ(given, expected) << "trial " << trial;
    ASSERT_FALSE(bar2.empty());
    ASSERT_FALSE(bar3.empty());
    EXPECT_EQ(bar2.front().start_step, 96);
    EXPECT_EQ(bar2.front().pitch % 12, 7);  // G
    EXPECT_EQ(bar3.front().start_step, 144);
    EXPECT_EQ(bar3.front().pitch % 12, 9);  // A
  }
}

TEST_F(RemiConstraintsTest, ChordTonesGetTheTensionBias) {
  TrackConstraintsConfig cfg = Config(tokens::TokenRole::kMelody, 1);  // A minor chord
  cfg.chord_tone_bias = 1.0f;
  cfg.scale_tone_bias = 0.5f;
  cfg.scale_pitch_classes = {9, 11, 0, 2, 4, 5, 7};
  TrackConstraints c(vocab_, cfg);
  AcceptForced(c);
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPosition, 0)).ok());
  AcceptForced(c);  // inline Chord
  TokenMask mask;
  c.NextMask(&mask);
  ASSERT_EQ(mask.bias.size(), static_cast<std::size_t>(vocab_.size()));
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 69)], 1.0f);  // A: chord tone
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 71)], 0.5f);  // B: scale tone
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 70)], 0.0f);  // Bb: neither
  EXPECT_EQ(tokens::ChordTokenPitchClasses(9 * tokens::kNumChordQualities + 1), (std::vector<int>{0, 4, 9}));
}

TEST_F(RemiConstraintsTest, BassOwesAnOnsetOnTheRootAtEveryChordChange) {
  TrackConstraintsConfig cfg = Config(tokens::TokenRole::kBass, 2);
  cfg.min_pitch = 28;
  cfg.max_pitch = 60;
  const int f_major = 5 * tokens::kNumChordQualities;  // F at bar 0 beat 2
  cfg.chords[0].push_back({2, f_major});
  cfg.root_at_chord_changes = true;
  TrackConstraints c(vocab_, cfg);
  AcceptForced(c);  // Bar, ChordBeat_0 Chord_Am, ChordBeat_2 Chord_F
  TokenMask mask;
  c.NextMask(&mask);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPosition, 0)]);
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kPosition, 3)]);  // past the change at 0 (Am)
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kBar)]);
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPosition, 0)).ok());
  AcceptForced(c);  // inline Chord
  c.NextMask(&mask);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPitch, 45)]);   // A, nearest the range's middle (44)
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kPitch, 33)]);  // A an octave down: a jump
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kPitch, 40)]);  // E: a chord tone, not the root
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPitch, 45)).ok());
  ASSERT_TRUE(c.Accept(Id(TokenKind::kVelocity, 4)).ok());
  ASSERT_TRUE(c.Accept(Id(TokenKind::kDuration, 0)).ok());
  c.NextMask(&mask);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPosition, 12)]);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPosition, 24)]);   // the change to F
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kPosition, 27)]);  // past it
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kBar)]);
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPosition, 24)).ok());
  AcceptForced(c);  // inline Chord F
  c.NextMask(&mask);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPitch, 41)]);   // F, 4 below the previous A45
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kPitch, 53)]);  // F, 8 above
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kPitch, 45)]);  // A
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPitch, 41)).ok());
  ASSERT_TRUE(c.Accept(Id(TokenKind::kVelocity, 4)).ok());
  c.NextMask(&mask);
  ASSERT_TRUE(c.Accept(Id(TokenKind::kDuration, 0)).ok());
  c.NextMask(&mask);
  // Bar 1 starts on Am again after F: a change, owed in its turn; bar 0 may close now.
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kBar)]);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPosition, 36)]);
}

TEST_F(RemiConstraintsTest, WithoutTheRuleTheBassMaySkipAChange) {
  TrackConstraintsConfig cfg = Config(tokens::TokenRole::kBass, 2);
  cfg.min_pitch = 28;
  cfg.max_pitch = 60;
  TrackConstraints c(vocab_, cfg);
  AcceptForced(c);
  TokenMask mask;
  c.NextMask(&mask);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPosition, 3)]);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kBar)]);
}

TEST_F(RemiConstraintsTest, RepeatedPitchAndOffEighthOnsetsAreBiased) {
  TrackConstraintsConfig cfg = Config(tokens::TokenRole::kMelody, 1);
  cfg.repeated_pitch_bias = -0.7f;
  cfg.off_eighth_bias = 0.5f;
  TrackConstraints c(vocab_, cfg);
  StartNoteAtBarStart(c);  // Pitch_69 at position 0
  ASSERT_TRUE(c.Accept(Id(TokenKind::kDuration, 0)).ok());
  TokenMask mask;
  c.NextMask(&mask);
  ASSERT_EQ(mask.bias.size(), static_cast<std::size_t>(vocab_.size()));
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPosition, 6)], 0.0f);  // an 8th
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPosition, 3)], 0.5f);  // a 16th
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPosition, 4)], 0.5f);  // a triplet
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPosition, 3)]);         // biased, not gated
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPosition, 12)).ok());
  AcceptForced(c);
  c.NextMask(&mask);
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 69)], -0.7f);  // the previous onset's pitch
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 71)], 0.0f);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPitch, 69)]);
}

// Harmony echoes its whole voicing: every note of the Position may restate a note struck at that
// step a phrase earlier, where the note keeps its relation to the chord (A minor here).
TEST_F(RemiConstraintsTest, HarmonyPhraseEchoFavoursEveryNoteOfTheVoicing) {
  TrackConstraintsConfig cfg = Config(tokens::TokenRole::kHarmony, 1);
  cfg.echo_onset_steps = {12};
  cfg.echo_onset_bias = 1.5f;
  // A, C, E: chord tones then and now; D: a chord tone then (of a Dm), not of Am now.
  cfg.echo_pitches = {{12, 57, true}, {12, 60, true}, {12, 62, true}, {12, 64, true}};
  cfg.echo_pitch_bias = 2.0f;
  TrackConstraints c(vocab_, cfg);
  AcceptForced(c);
  TokenMask mask;
  c.NextMask(&mask);
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPosition, 12)).ok());
  AcceptForced(c);  // inline Chord
  c.NextMask(&mask);
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 57)], 2.0f);
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 60)], 2.0f);
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 64)], 2.0f);
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 62)], 0.0f);  // the relation changed
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 69)], 0.0f);  // A, not struck then
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPitch, 57)).ok());
  ASSERT_TRUE(c.Accept(Id(TokenKind::kVelocity, 4)).ok());
  ASSERT_TRUE(c.Accept(Id(TokenKind::kDuration, 0)).ok());
  c.NextMask(&mask);  // the second note of the Position
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 60)], 2.0f);
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 64)], 2.0f);
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kPitch, 57)]);  // notes of a Position ascend
}

// The bar echo: each bar favours the onsets the track played in the bar before.
TEST_F(RemiConstraintsTest, BarEchoFavoursTheOnsetsOfThePreviousBar) {
  TrackConstraintsConfig cfg = Config(tokens::TokenRole::kHarmony, 2);
  cfg.bar_echo_bias = 1.0f;
  TrackConstraints c(vocab_, cfg);
  AcceptForced(c);
  TokenMask mask;
  c.NextMask(&mask);
  ASSERT_EQ(mask.group_bias.size(), static_cast<std::size_t>(vocab_.size()));
  EXPECT_FLOAT_EQ(mask.group_bias[Id(TokenKind::kPosition, 0)], 0.0f);  // no bar before bar 1
  for (int position : {0, 18}) {
    ASSERT_TRUE(c.Accept(Id(TokenKind::kPosition, position)).ok());
    AcceptForced(c);  // inline Chord
    ASSERT_TRUE(c.Accept(Id(TokenKind::kPitch, 57)).ok());
    ASSERT_TRUE(c.Accept(Id(TokenKind::kVelocity, 4)).ok());
    ASSERT_TRUE(c.Accept(Id(TokenKind::kDuration, 0)).ok());
  }
  ASSERT_TRUE(c.Accept(Id(TokenKind::kBar)).ok());
  AcceptForced(c);  // bar 2's header
  c.NextMask(&mask);
  ASSERT_EQ(mask.group_bias.size(), static_cast<std::size_t>(vocab_.size()));
  EXPECT_FLOAT_EQ(mask.group_bias[Id(TokenKind::kPosition, 0)], 1.0f);
  EXPECT_FLOAT_EQ(mask.group_bias[Id(TokenKind::kPosition, 18)], 1.0f);
  EXPECT_FLOAT_EQ(mask.group_bias[Id(TokenKind::kPosition, 12)], 0.0f);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPosition, 12)]);  // favoured, not gated
  // Every Position is in the group, nothing else: the echo moves probability among them only.
  EXPECT_EQ(mask.group[Id(TokenKind::kPosition, 12)], 1);
  EXPECT_EQ(mask.group[Id(TokenKind::kPosition, 3)], 1);
  EXPECT_FALSE(mask.group[Id(TokenKind::kBar)]);
  EXPECT_TRUE(mask.bias.empty());
}

// The phrase echo: onsets where the track played a phrase earlier, and there the pitch it played
// when it stands to the chord (A minor here) as it stood then.
TEST_F(RemiConstraintsTest, PhraseEchoBiasesOnsetsAndTheirPitches) {
  TrackConstraintsConfig cfg = Config(tokens::TokenRole::kMelody, 1);
  cfg.echo_onset_steps = {12, 30, 36};
  cfg.echo_onset_bias = 2.0f;
  // E, a chord tone then and now; G, a non-chord tone then and now; F, a chord tone then only.
  cfg.echo_pitches = {{12, 64, true}, {30, 67, false}, {36, 65, true}};
  cfg.echo_pitch_bias = 3.0f;
  TrackConstraints c(vocab_, cfg);
  AcceptForced(c);
  TokenMask mask;
  c.NextMask(&mask);
  EXPECT_FLOAT_EQ(mask.group_bias[Id(TokenKind::kPosition, 12)], 2.0f);
  EXPECT_FLOAT_EQ(mask.group_bias[Id(TokenKind::kPosition, 30)], 2.0f);
  EXPECT_FLOAT_EQ(mask.group_bias[Id(TokenKind::kPosition, 24)], 0.0f);
  EXPECT_TRUE(mask.group[Id(TokenKind::kPosition, 24)]);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPosition, 24)]);  // favoured, not gated
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPosition, 12)).ok());
  AcceptForced(c);  // inline Chord
  c.NextMask(&mask);
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 64)], 3.0f);
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 67)], 0.0f);  // another step's pitch
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPitch, 65)]);
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPitch, 65)).ok());
  ASSERT_TRUE(c.Accept(Id(TokenKind::kVelocity, 4)).ok());
  ASSERT_TRUE(c.Accept(Id(TokenKind::kDuration, 0)).ok());
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPosition, 24)).ok());  // no echo here
  c.NextMask(&mask);
  EXPECT_TRUE(mask.bias.empty());  // no bias at all (TokenMask::bias is empty until one is added)
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPitch, 60)).ok());
  ASSERT_TRUE(c.Accept(Id(TokenKind::kVelocity, 4)).ok());
  ASSERT_TRUE(c.Accept(Id(TokenKind::kDuration, 0)).ok());
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPosition, 30)).ok());
  c.NextMask(&mask);
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 67)], 3.0f);  // non-chord tone both times
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPitch, 62)).ok());
  ASSERT_TRUE(c.Accept(Id(TokenKind::kVelocity, 4)).ok());
  ASSERT_TRUE(c.Accept(Id(TokenKind::kDuration, 0)).ok());
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPosition, 36)).ok());
  c.NextMask(&mask);
  EXPECT_TRUE(mask.bias.empty());  // F was a chord tone then, is not under A minor
}

TEST_F(RemiConstraintsTest, LeapsFromThePreviousOnsetAreBiased) {
  TrackConstraintsConfig cfg = Config(tokens::TokenRole::kMelody, 1);
  cfg.leap_bias = 0.6f;
  TrackConstraints c(vocab_, cfg);
  StartNoteAtBarStart(c);  // Pitch_69 at position 0
  TokenMask mask;
  ASSERT_TRUE(c.Accept(Id(TokenKind::kDuration, 0)).ok());
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPosition, 12)).ok());
  AcceptForced(c);
  c.NextMask(&mask);
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 71)], -0.3f);  // a step (2 semitones)
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 68)], -0.3f);
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 69)], 0.0f);   // a repeat: untouched
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 72)], 0.3f);   // a leap (3)
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 64)], 0.3f);
}

TEST_F(RemiConstraintsTest, ModeColourBiasesTheMinorDegrees) {
  TrackConstraintsConfig cfg = Config(tokens::TokenRole::kMelody, 1);
  cfg.mode_colour_pitch_classes = {3, 8, 10};  // C major's b3, b6, b7
  cfg.mode_colour_bias = 0.6f;
  TrackConstraints c(vocab_, cfg);
  AcceptForced(c);
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPosition, 0)).ok());
  AcceptForced(c);
  TokenMask mask;
  c.NextMask(&mask);
  ASSERT_EQ(mask.bias.size(), static_cast<std::size_t>(vocab_.size()));
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 63)], 0.6f);  // Eb
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 70)], 0.6f);  // Bb
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kPitch, 64)], 0.0f);  // E
}

TEST_F(RemiConstraintsTest, DrumKeyBiasReachesOnlyTheNamedKeys) {
  TrackConstraintsConfig cfg = Config(tokens::TokenRole::kDrums, 1);
  cfg.biased_drum_keys = {35, 36};  // the kick drum
  cfg.drum_key_bias = -0.8f;
  TrackConstraints c(vocab_, cfg);
  AcceptForced(c);
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPosition, 0)).ok());
  TokenMask mask;
  c.NextMask(&mask);
  ASSERT_EQ(mask.bias.size(), static_cast<std::size_t>(vocab_.size()));
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kDrum, 35 - tokens::kFirstDrumKey)], -0.8f);
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kDrum, 36 - tokens::kFirstDrumKey)], -0.8f);
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kDrum, 38 - tokens::kFirstDrumKey)], 0.0f);  // snare
  EXPECT_FLOAT_EQ(mask.bias[Id(TokenKind::kDrum, 42 - tokens::kFirstDrumKey)], 0.0f);  // hi-hat
  // After a kick at this position the next hit must be a higher key; the snare stays unbiased.
  ASSERT_TRUE(c.Accept(Id(TokenKind::kDrum, 36 - tokens::kFirstDrumKey)).ok());
  ASSERT_TRUE(c.Accept(Id(TokenKind::kVelocity, 4)).ok());
  c.NextMask(&mask);
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kDrum, 35 - tokens::kFirstDrumKey)]);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kDrum, 38 - tokens::kFirstDrumKey)]);
  EXPECT_TRUE(mask.bias.empty()) << "no biased key is left to allow";
}

// A drum part's phrase echo restates its instruments: every key struck one phrase earlier at a
// step is favoured there, for each note of the Position, and no other key is.
TEST_F(RemiConstraintsTest, DrumPhraseEchoFavoursEveryKeyStruckAPhraseEarlier) {
  TrackConstraintsConfig cfg = Config(tokens::TokenRole::kDrums, 1);
  cfg.echo_onset_steps = {0, 12};
  cfg.echo_onset_bias = 1.5f;
  cfg.echo_pitches = {{0, 36, false}, {0, 42, false}, {12, 38, false}};  // kick + hat, snare
  cfg.echo_pitch_bias = 2.0f;
  TrackConstraints c(vocab_, cfg);
  AcceptForced(c);
  TokenMask mask;
  c.NextMask(&mask);
  ASSERT_EQ(mask.group_bias.size(), static_cast<std::size_t>(vocab_.size()));
  EXPECT_FLOAT_EQ(mask.group_bias[Id(TokenKind::kPosition, 0)], 1.5f);
  EXPECT_FLOAT_EQ(mask.group_bias[Id(TokenKind::kPosition, 12)], 1.5f);
  EXPECT_FLOAT_EQ(mask.group_bias[Id(TokenKind::kPosition, 6)], 0.0f);
  auto drum = [&](int key) { return Id(TokenKind::kDrum, key - tokens::kFirstDrumKey); };
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPosition, 0)).ok());
  c.NextMask(&mask);
  EXPECT_FLOAT_EQ(mask.bias[drum(36)], 2.0f);
  EXPECT_FLOAT_EQ(mask.bias[drum(42)], 2.0f);
  EXPECT_FLOAT_EQ(mask.bias[drum(38)], 0.0f);  // struck at step 12, not here
  ASSERT_TRUE(c.Accept(drum(36)).ok());
  ASSERT_TRUE(c.Accept(Id(TokenKind::kVelocity, 4)).ok());
  c.NextMask(&mask);
  EXPECT_FLOAT_EQ(mask.bias[drum(42)], 2.0f) << "the second key of the step is still favoured";
  ASSERT_TRUE(c.Accept(Id(TokenKind::kPosition, 12)).ok());
  c.NextMask(&mask);
  EXPECT_FLOAT_EQ(mask.bias[drum(38)], 2.0f);
  EXPECT_FLOAT_EQ(mask.bias[drum(36)], 0.0f);
  EXPECT_FLOAT_EQ(mask.bias[drum(42)], 0.0f);
}

TEST_F(RemiConstraintsTest, MaxEmptyBeatsRefusesSkippingABeat) {
  TrackConstraintsConfig cfg = Config(tokens::TokenRole::kMelody, 2);
  cfg.max_empty_beats = 0;
  TrackConstraints c(vocab_, cfg);
  StartNoteAtBarStart(c);
  ASSERT_TRUE(c.Accept(Id(TokenKind::kDuration, 0)).ok());  // 1 step: beat 0 only
  TokenMask mask;
  c.NextMask(&mask);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPosition, 12)]);   // beat 1
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kPosition, 24)]);  // would leave beat 1 silent
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kBar)]);           // would leave beats 1..3 silent
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPitch, 72)]);      // more notes at this onset

  cfg.max_empty_beats = 3;
  TrackConstraints d(vocab_, cfg);
  AcceptForced(d);
  d.NextMask(&mask);
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kBar)]);  // bar 0 silent: 4 beats > 3
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPosition, 36)]);  // beats 0-2 silent: 3
}

TEST_F(RemiConstraintsTest, MinEmptyBeatsRefusesSoundingInTheLastSilentBeats) {
  TrackConstraintsConfig cfg = Config(tokens::TokenRole::kMelody, 1);
  cfg.min_empty_beats = 2;
  TrackConstraints c(vocab_, cfg);
  StartNoteAtBarStart(c);
  TokenMask mask;
  c.NextMask(&mask);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kDuration, 10)]);   // 24 steps: beats 0-1
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kDuration, 12)]);  // 36 steps: beats 0-2
  ASSERT_TRUE(c.Accept(Id(TokenKind::kDuration, 10)).ok());
  c.NextMask(&mask);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPosition, 12)]);   // beat 1 already sounds
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kPosition, 24)]);  // beats 2 and 3 must stay silent
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kPosition, 36)]);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kTrackEnd)]);
  ASSERT_TRUE(c.Accept(Id(TokenKind::kTrackEnd)).ok());
  EXPECT_EQ(c.final_empty_beats(), 2);
}

TEST_F(RemiConstraintsTest, MinEmptyBeatsArePacedBarByBar) {
  // 4 bars of 4/4, at least 4 of the 16 beats silent, phase 0.5: by the end of bar k,
  // floor(4 * (4k - 2) / 16 + 0.5) = k of them must be able to stay silent, so a rest owed in
  // bar 1 falls in bar 1, not in bar 4.
  TrackConstraintsConfig cfg = Config(tokens::TokenRole::kMelody, 4);
  cfg.min_empty_beats = 4;
  cfg.empty_beat_phase = 0.5;
  TrackConstraints c(vocab_, cfg);
  StartNoteAtBarStart(c);
  TokenMask mask;
  c.NextMask(&mask);
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kDuration, 12)]);   // 36 steps: beats 0-2
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kDuration, 14)]);  // 48 steps: all of bar 1
  ASSERT_TRUE(c.Accept(Id(TokenKind::kDuration, 12)).ok());
  c.NextMask(&mask);
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kPosition, 36)]);  // beat 3 owes bar 1's rest
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kBar)]);
}

TEST_F(RemiConstraintsTest, EmptyBeatBoundsYieldToSilentBarsBeforeEnterBar) {
  TrackConstraintsConfig cfg = Config(tokens::TokenRole::kDrums, 2);
  cfg.enter_bar = 1;
  BoundEmptyBeats(0, &cfg);  // no silent beat asked for, but bar 0 is silent
  ASSERT_EQ(cfg.max_empty_beats, 0);
  TrackConstraints c(vocab_, cfg);
  AcceptForced(c);
  TokenMask mask;
  c.NextMask(&mask);
  ASSERT_TRUE(mask.allowed[Id(TokenKind::kBar)]);
  ASSERT_TRUE(c.Accept(Id(TokenKind::kBar)).ok());
  c.NextMask(&mask);
  EXPECT_FALSE(mask.allowed[Id(TokenKind::kPosition, 12)]);  // no further silent beat
  EXPECT_TRUE(mask.allowed[Id(TokenKind::kPosition, 0)]);
}

// Decodes random bodies (a seeded walk choosing a token kind, then a token of it, among those
// allowed) under the bounds of every EmptyBeats bin: each body's measured bin is the bin asked
// for, for a pitched and a drum track, in 4/4 and 7/8.
TEST_F(RemiConstraintsTest, RandomBodiesLandInTheRequestedEmptyBeatsBin) {
  Rng rng(7);
  for (const tokens::TokenRole role : {tokens::TokenRole::kMelody, tokens::TokenRole::kDrums}) {
    for (const int steps_per_bar : {48, 42}) {
      for (int bin = 0; bin < tokens::kNumEmptyBeatBins; ++bin) {
        for (int trial = 0; trial < 20; ++trial) {
          TrackConstraintsConfig cfg = Config(role, 4);
          cfg.steps_per_bar = steps_per_bar;
          BoundEmptyBeats(bin, &cfg);
          ASSERT_GE(cfg.min_empty_beats, 0);
          TrackConstraints c(vocab_, cfg);
          TokenMask mask;
          while (!c.done()) {
            if (c.ForcedNext() >= 0) {
              ASSERT_TRUE(c.Accept(c.ForcedNext()).ok());
              continue;
            }
            c.NextMask(&mask);
            // Token kinds allowed, each with its ids; a kind is chosen first so that closing a
            // bar is as likely as another note.
            std::vector<std::vector<tokens::TokenId>> by_kind(32);
            for (tokens::TokenId id = 0; id < mask.size(); ++id) {
              if (mask.allowed[id]) by_kind[static_cast<int>(vocab_.KindOf(id))].push_back(id);
            }
            by_kind.erase(std::remove_if(by_kind.begin(), by_kind.end(),
                                         [](const auto& ids) { return ids.empty(); }),
                          by_kind.end());
            ASSERT_FALSE(by_kind.empty());
            const auto& ids = by_kind[rng.NextBelow(by_kind.size())];
            ASSERT_TRUE(c.Accept(ids[rng.NextBelow(ids.size())]).ok());
          }
          std::vector<tokens::TokenId> body(c.tokens().begin(), c.tokens().end() - 1);
          auto notes = tokens::DecodeTrackBody(vocab_, body, role, steps_per_bar);
          ASSERT_TRUE(notes.ok()) << notes.status();
          const double rate = tokens::EmptyBeatRate(*notes, steps_per_bar, 4);
          EXPECT_EQ(tokens::BinOf(rate, tokens::kEmptyBeatEdges), bin)
              << "role " << static_cast<int>(role) << ", " << steps_per_bar
              << " steps per bar, trial " << trial << ": rate " << rate;
          EXPECT_EQ(c.final_empty_beats(),
                    std::lround(rate * tokens::BeatsInWindow(4, steps_per_bar)));
        }
      }
    }
  }
}

}  // namespace
}  // namespace stori::sampling

namespace stori::sampling {
namespace {

// The constraints force the inline Chord exactly where the encoder writes it, so a decoded body
// re-encodes to the same tokens.
TEST(RemiConstraintsInlineChord, MatchesTheEncoderAcrossAChordChange) {
  const tokens::Vocabulary vocab;
  const int am = 9 * tokens::kNumChordQualities + 1;
  const int f = 5 * tokens::kNumChordQualities;
  TrackConstraintsConfig cfg;
  cfg.role = tokens::TokenRole::kHarmony;
  cfg.bars = 2;
  cfg.steps_per_bar = 48;
  cfg.chords = {{{0, am}, {2, f}}, {{1, f}}};
  TrackConstraints c(vocab, cfg);
  auto accept = [&](TokenKind kind, int value) {
    ASSERT_TRUE(c.Accept(vocab.Id(kind, value)).ok()) << vocab.Name(vocab.Id(kind, value));
    while (c.ForcedNext() >= 0) ASSERT_TRUE(c.Accept(c.ForcedNext()).ok());
  };
  auto note = [&](int position, int pitch) {
    accept(TokenKind::kPosition, position);
    accept(TokenKind::kPitch, pitch);
    accept(TokenKind::kVelocity, 4);
    accept(TokenKind::kDuration, 6);
  };
  while (c.ForcedNext() >= 0) ASSERT_TRUE(c.Accept(c.ForcedNext()).ok());
  note(6, 69);   // A minor sounds from beat 0
  note(18, 72);  // same chord: no inline Chord
  note(24, 65);  // F from beat 2
  note(36, 69);
  accept(TokenKind::kBar, 0);
  note(0, 60);   // bar 2 has no chord before beat 1: no inline Chord
  note(12, 65);  // F from beat 1
  accept(TokenKind::kTrackEnd, 0);

  std::vector<tokens::TokenId> expected;
  for (const char* name : {"Bar", "ChordBeat_0", "Chord_9_min", "ChordBeat_2", "Chord_5_maj",
                           "Position_6", "Chord_9_min", "Pitch_69", "Velocity_4", "Duration_6",
                           "Position_18", "Pitch_72", "Velocity_4", "Duration_6",
                           "Position_24", "Chord_5_maj", "Pitch_65", "Velocity_4", "Duration_6",
                           "Position_36", "Pitch_69", "Velocity_4", "Duration_6",
                           "Bar", "ChordBeat_1", "Chord_5_maj",
                           "Position_0", "Pitch_60", "Velocity_4", "Duration_6",
                           "Position_12", "Chord_5_maj", "Pitch_65", "Velocity_4", "Duration_6",
                           "TrackEnd"}) {
    auto id = vocab.IdOf(name);
    ASSERT_TRUE(id.ok()) << name;
    expected.push_back(*id);
  }
  EXPECT_EQ(c.tokens(), expected);

  std::vector<tokens::TokenId> body(c.tokens().begin(), c.tokens().end() - 1);
  auto notes = tokens::DecodeTrackBody(vocab, body, tokens::TokenRole::kHarmony, 48, nullptr);
  ASSERT_TRUE(notes.ok()) << notes.status();
  ASSERT_EQ(notes->size(), 6u);
  tokens::RemiWindow w;
  w.bars = 2;
  w.steps_per_bar = 48;
  w.chords = cfg.chords;
  w.tracks.push_back({tokens::TokenRole::kHarmony, {}, *notes});
  auto encoded = tokens::EncodeWindow(vocab, w);
  ASSERT_TRUE(encoded.ok()) << encoded.status();
  const auto start = std::find(encoded->begin(), encoded->end(), vocab.Id(TokenKind::kBar));
  EXPECT_EQ(std::vector<tokens::TokenId>(start, encoded->end() - 1), expected);
}

}  // namespace
}  // namespace stori::sampling
