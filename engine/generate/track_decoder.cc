#include "engine/generate/track_decoder.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "engine/common/status_macros.h"
#include "engine/sampling/rng.h"
#include "engine/tokens/remi_decoder.h"

namespace stori::generate {
namespace {

using sampling::TokenMask;
using sampling::TrackConstraints;
using tokens::TokenId;

constexpr int kStopCheckEverySteps = 4;

absl::StatusOr<std::vector<tokens::GridNote>> NotesOf(const tokens::Vocabulary& vocab,
                                                      const TrackConstraints& c,
                                                      const sampling::TrackConstraintsConfig& cfg) {
  std::vector<TokenId> body = c.tokens();
  if (!body.empty() && vocab.Is(body.back(), tokens::TokenKind::kTrackEnd)) body.pop_back();
  return tokens::DecodeTrackBody(vocab, body, cfg.role, cfg.steps_per_bar);
}

// One sampled (or forced) token for a row.
absl::StatusOr<TokenId> NextToken(TrackConstraints& c, absl::Span<float> logits,
                                  const sampling::SamplerConfig& config, sampling::Rng& rng,
                                  TokenMask& mask) {
  if (const TokenId forced = c.ForcedNext(); forced >= 0) return forced;
  c.NextMask(&mask);
  auto id = sampling::SampleNext(logits, mask, config, rng);
  if (!id.ok()) {
    return absl::InternalError(absl::StrCat("constrained decoding dead end: ", id.status().message()));
  }
  return *id;
}

// Single candidate: forced spans go to the model in one Prefill call.
absl::StatusOr<TrackDecodeOutput> DecodeSingle(const model::ModelRunner& runner,
                                               const tokens::Vocabulary& vocab,
                                               model::DecodeState* state,
                                               std::vector<float> logits,
                                               const TrackDecodeInput& input,
                                               const RunContext& ctx) {
  TrackConstraints c(vocab, input.constraints);
  sampling::Rng rng(sampling::Rng::Derive(input.seed, 0, 0));
  TokenMask mask;
  TrackDecodeOutput out;
  std::vector<TokenId> feed;
  while (!c.done()) {
    feed.clear();
    while (!c.done() && c.ForcedNext() >= 0) {
      const TokenId forced = c.ForcedNext();
      STORI_RETURN_IF_ERROR(c.Accept(forced));
      feed.push_back(forced);
    }
    if (feed.empty()) {
      STORI_ASSIGN_OR_RETURN(TokenId id, NextToken(c, absl::MakeSpan(logits), input.sampler, rng, mask));
      STORI_RETURN_IF_ERROR(c.Accept(id));
      feed.push_back(id);
    }
    out.tokens_decoded += static_cast<int>(feed.size());
    if (c.done()) {
      STORI_RETURN_IF_ERROR(runner.Append(state, feed));
      ++out.model_steps;
      break;
    }
    STORI_ASSIGN_OR_RETURN(logits, runner.Prefill(state, feed));
    ++out.model_steps;
    if (out.model_steps % kStopCheckEverySteps == 0) STORI_RETURN_IF_ERROR(ctx.CheckStop());
  }
  STORI_ASSIGN_OR_RETURN(out.notes, NotesOf(vocab, c, input.constraints));
  out.body = c.tokens();
  out.score = input.score ? input.score(out.notes) : 0.0;
  out.candidate_scores = {out.score};
  return out;
}

}  // namespace

absl::StatusOr<TrackDecodeOutput> DecodeTrack(const model::ModelRunner& runner,
                                              const tokens::Vocabulary& vocab,
                                              model::DecodeState* state,
                                              std::vector<float> last_logits,
                                              const TrackDecodeInput& input,
                                              const RunContext& ctx) {
  const int rows = std::max(1, input.num_candidates);
  if (rows == 1) return DecodeSingle(runner, vocab, state, std::move(last_logits), input, ctx);

  // The forced tokens every row starts with (the first bar's header, a continuation window's
  // given bars) go to the model once, in one Prefill, before the batch is expanded.
  TrackConstraints prefix(vocab, input.constraints);
  std::vector<TokenId> forced;
  while (!prefix.done() && prefix.ForcedNext() >= 0) {
    const TokenId id = prefix.ForcedNext();
    STORI_RETURN_IF_ERROR(prefix.Accept(id));
    forced.push_back(id);
  }
  if (prefix.done()) {  // nothing left to choose: no candidates to compare
    return DecodeSingle(runner, vocab, state, std::move(last_logits), input, ctx);
  }
  TrackDecodeOutput out;
  if (!forced.empty()) {
    STORI_ASSIGN_OR_RETURN(last_logits, runner.Prefill(state, forced));
    ++out.model_steps;
    out.tokens_decoded += static_cast<int>(forced.size());
  }
  STORI_ASSIGN_OR_RETURN(model::DecodeState batch, runner.CloneState(*state));
  STORI_RETURN_IF_ERROR(runner.ExpandBatch(&batch, rows));
  const int vocab_size = vocab.size();
  std::vector<float> logits(static_cast<std::size_t>(rows) * vocab_size);
  for (int r = 0; r < rows; ++r) {
    std::copy(last_logits.begin(), last_logits.end(), logits.begin() + r * vocab_size);
  }
  std::vector<TrackConstraints> constraints;
  constraints.reserve(rows);
  std::vector<sampling::Rng> rngs;
  for (int r = 0; r < rows; ++r) {
    constraints.push_back(prefix);
    rngs.emplace_back(sampling::Rng::Derive(input.seed, static_cast<std::uint64_t>(r), 0));
  }
  TokenMask mask;
  std::vector<TokenId> feed(rows);
  const TokenId pad = vocab.Id(tokens::TokenKind::kPad);
  while (true) {
    bool all_done = true;
    for (int r = 0; r < rows; ++r) {
      TrackConstraints& c = constraints[r];
      if (c.done()) {
        feed[r] = pad;
        continue;
      }
      auto row_logits = absl::MakeSpan(logits.data() + static_cast<std::size_t>(r) * vocab_size,
                                       vocab_size);
      STORI_ASSIGN_OR_RETURN(TokenId id, NextToken(c, row_logits, input.sampler, rngs[r], mask));
      STORI_RETURN_IF_ERROR(c.Accept(id));
      feed[r] = id;
      ++out.tokens_decoded;
      all_done = all_done && c.done();
    }
    if (all_done) break;
    STORI_ASSIGN_OR_RETURN(logits, runner.Step(&batch, feed));
    ++out.model_steps;
    if (out.model_steps % kStopCheckEverySteps == 0) STORI_RETURN_IF_ERROR(ctx.CheckStop());
  }
  int best = -1;
  std::vector<tokens::GridNote> best_notes;
  for (int r = 0; r < rows; ++r) {
    STORI_ASSIGN_OR_RETURN(std::vector<tokens::GridNote> notes,
                           NotesOf(vocab, constraints[r], input.constraints));
    const double score = input.score ? input.score(notes) : 0.0;
    out.candidate_scores.push_back(score);
    if (best < 0 || score > out.score) {
      best = r;
      out.score = score;
      best_notes = std::move(notes);
    }
  }
  out.kept_candidate = best;
  out.body = constraints[best].tokens();
  out.notes = std::move(best_notes);
  // The batch cache holds Pad after rows that ended early; rebuild the kept row's cache after
  // the shared forced prefix (already in `state`).
  STORI_RETURN_IF_ERROR(runner.Append(
      state, std::vector<TokenId>(out.body.begin() + static_cast<std::ptrdiff_t>(forced.size()),
                                  out.body.end())));
  ++out.model_steps;
  return out;
}

}  // namespace stori::generate
