// One sampling step over a model's next-token logits. Stages, in order:
//   1. mask: tokens the grammar forbids get -inf (TokenMask::allowed, from
//      engine/sampling/remi_constraints.h or the caller);
//   2. bias: an additive logit bias per token (attribute forcing, chord-tone / scale bias),
//      then the group bias, which moves probability only among the tokens of the group (the
//      group's total probability stays what it was after the plain bias);
//   3. temperature: logits / temperature (1 keeps the model's distribution);
//   4. top-k: keep the k highest logits (Fan, Lewis & Dauphin 2018, arXiv:1805.04833); 0 = off;
//   5. top-p / nucleus: keep the smallest set of highest-probability tokens whose probability
//      sums to >= top_p (Holtzman et al. 2020, "The Curious Case of Neural Text Degeneration",
//      arXiv:1904.09751); 1 = off;
//   6. draw: one token from the renormalised kept set with the caller's Rng (inverse CDF over the
//      kept tokens in descending-probability order, ties broken by lower id).
// Never fewer than min_keep tokens survive stages 4 and 5 (as long as that many are allowed).
#ifndef STORI_ENGINE_SAMPLING_SAMPLER_H_
#define STORI_ENGINE_SAMPLING_SAMPLER_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "engine/sampling/rng.h"
#include "engine/tokens/vocabulary.h"

namespace stori::sampling {

// temperature > 0 (1 keeps the model's distribution); top_k >= 0 (0 = off); top_p in (0, 1]
// (1 = off); min_keep >= 1.
struct SamplerConfig {
  float temperature = 1.0f;
  int top_k = 0;
  float top_p = 0.95f;
  int min_keep = 1;
};

// Which tokens may come next, and an optional additive logit bias (in nats) per token.
// `allowed`: [vocab_size], 1 = allowed. `bias`: [vocab_size] or empty (= no bias).
// Thread-compatible value type.
struct TokenMask {
  std::vector<std::uint8_t> allowed;
  std::vector<float> bias;
  // One group of tokens (group[id] == 1) and a bias within it (group_bias, nats): with z_i =
  // logit_i + bias_i, each allowed member i gets z_i + group_bias_i - log(sum_j e^(z_j +
  // group_bias_j) / sum_j e^(z_j)) over the allowed members j, so the bias reorders the group
  // without changing its total probability against the tokens outside it (e.g. which Position
  // comes next, not whether a Position comes rather than another note at the current one).
  // Both empty (= no group) or [vocab_size].
  std::vector<std::uint8_t> group;
  std::vector<float> group_bias;

  static TokenMask AllowAll(int vocab_size);
  static TokenMask AllowNone(int vocab_size);
  // Resizes to `vocab_size` with every token allowed (allow) or refused, and clears the bias.
  void Reset(int vocab_size, bool allow);
  int size() const { return static_cast<int>(allowed.size()); }
  // Precondition for the three below: 0 <= id < size() (asserted).
  void Allow(tokens::TokenId id);
  void Disallow(tokens::TokenId id);
  // Adds `b` to the bias of `id` (sizes `bias` to size() on first use).
  void AddBias(tokens::TokenId id, float b);
  // Puts `id` in the group and adds `b` (may be 0) to its group bias (sizes both on first use).
  void AddGroupBias(tokens::TokenId id, float b);
  // Number of allowed tokens.
  int CountAllowed() const;
};

// Returns the sampled token id in [0, logits.size()).
// `logits`: [vocab_size], the model's raw next-token logits; overwritten with the processed
// logits (after mask, bias and temperature; -inf for every token removed by any stage), so a
// trace can read what the draw saw.
// Errors: kInvalidArgument, with the reason, when logits is empty; mask.allowed.size() (or a
//   non-empty mask.bias.size(), mask.group.size() or mask.group_bias.size()) differs from
//   logits.size(); temperature <= 0 or not finite;
//   top_k < 0; top_p outside (0, 1]; min_keep < 1; logit + bias of an allowed token is NaN or
//   +inf; or the mask allows no token (or every allowed token has logit + bias == -inf).
// Thread safety: pure apart from `rng` (one draw of rng.NextDouble() per successful call);
//   thread-compatible.
absl::StatusOr<tokens::TokenId> SampleNext(absl::Span<float> logits, const TokenMask& mask,
                                           const SamplerConfig& config, Rng& rng);

// Stages 1-5 only: the probability of each token after the mask, bias, temperature, top-k and
// top-p, [vocab_size], summing to 1 (0 for removed tokens). For tests and intent traces.
// `logits` is overwritten as by SampleNext. Errors and thread safety: as SampleNext.
absl::StatusOr<std::vector<float>> SamplingDistribution(absl::Span<float> logits,
                                                        const TokenMask& mask,
                                                        const SamplerConfig& config);

}  // namespace stori::sampling

#endif  // STORI_ENGINE_SAMPLING_SAMPLER_H_
