#include "engine/evaluate/window_generator.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/common/status_macros.h"
#include "engine/generate/track_decoder.h"
#include "engine/generate/track_sequence.h"
#include "engine/sampling/rng.h"
#include "engine/tokens/remi_encoder.h"

namespace stori::evaluate {
namespace {

using tokens::TokenId;
using tokens::TokenRole;

constexpr TokenRole kTrackOrder[] = {TokenRole::kDrums, TokenRole::kBass, TokenRole::kHarmony,
                                     TokenRole::kMelody};

}  // namespace

absl::StatusOr<GeneratedWindow> GenerateLikeWindow(const model::ModelRunner& runner,
                                                   const tokens::Vocabulary& vocab,
                                                   const tokens::RemiWindow& real,
                                                   const WindowGenerationOptions& options,
                                                   std::uint64_t seed, const RunContext& ctx) {
  GeneratedWindow out;
  out.window = real;
  int index_of_role[4] = {-1, -1, -1, -1};
  for (std::size_t i = 0; i < real.tracks.size(); ++i) {
    const int r = static_cast<int>(real.tracks[i].role);
    if (index_of_role[r] >= 0) {
      return absl::InvalidArgumentError(absl::StrCat("window holds two tracks of role ", r,
                                                     " (tracks ", index_of_role[r], " and ", i,
                                                     "); expected at most one per role"));
    }
    index_of_role[r] = static_cast<int>(i);
    out.window.tracks[i].notes.clear();
  }

  // Decodes the track of `role` in `state`, which holds the prompt up to its attribute tokens.
  auto decode = [&](TokenRole role, model::DecodeState* state, std::vector<float> logits,
                    int reserve_tokens) -> absl::Status {
    sampling::TrackConstraintsConfig c;
    c.role = role;
    c.bars = real.bars;
    c.steps_per_bar = real.steps_per_bar;
    if (role != TokenRole::kDrums) c.chords = real.chords;
    if (options.empty_beat_bounds) {
      sampling::BoundEmptyBeats(real.tracks[index_of_role[static_cast<int>(role)]].bins.empty_beats,
                                &c);
    }
    c.token_budget = std::min(options.max_tokens_per_bar * real.bars,
                              runner.max_positions() - state->positions() - reserve_tokens);
    generate::TrackDecodeInput in;
    in.constraints = std::move(c);
    in.sampler = options.sampler;
    in.num_candidates = 1;
    in.seed = sampling::Rng::Derive(seed, static_cast<std::uint64_t>(role), 0);
    STORI_ASSIGN_OR_RETURN(generate::TrackDecodeOutput decoded,
                           generate::DecodeTrack(runner, vocab, state, std::move(logits), in, ctx));
    out.window.tracks[index_of_role[static_cast<int>(role)]].notes = std::move(decoded.notes);
    out.tokens_decoded += decoded.tokens_decoded;
    out.model_steps += decoded.model_steps;
    return absl::OkStatus();
  };

  // One sequence, as the service decodes (generate::RunTrackSequence): header, then drums, bass,
  // harmony, melody as present, each with its real bins.
  std::vector<TokenRole> order;
  std::vector<generate::SequenceTrack> sequence;
  for (TokenRole role : kTrackOrder) {
    const int index = index_of_role[static_cast<int>(role)];
    if (index < 0) continue;
    order.push_back(role);
    generate::SequenceTrack t;
    t.role = role;
    t.bins = real.tracks[index].bins;
    sequence.push_back(std::move(t));
  }
  std::vector<TokenId> header;
  tokens::AppendHeader(vocab, real, &header);
  model::DecodeState state;
  STORI_ASSIGN_OR_RETURN(
      const int prefills,
      generate::RunTrackSequence(runner, vocab, std::move(header), sequence, real.bars, &state,
                                 [&](std::size_t i, model::DecodeState* st,
                                     std::vector<float> logits, int reserve) {
                                   return decode(order[i], st, std::move(logits), reserve);
                                 }));
  out.model_steps += prefills;
  return out;
}

}  // namespace stori::evaluate
