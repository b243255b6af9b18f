#include "engine/sampling/sampler.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace stori::sampling {
namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

struct Candidate {
  tokens::TokenId id;
  float logit;
  double prob;
};

absl::Status ValidateConfig(const SamplerConfig& c) {
  if (!(c.temperature > 0.0f) || !std::isfinite(c.temperature)) {
    return absl::InvalidArgumentError(
        absl::StrCat("sampler temperature must be finite and > 0; got ", c.temperature));
  }
  if (c.top_k < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("sampler top_k must be >= 0 (0 = off); got ", c.top_k));
  }
  if (!(c.top_p > 0.0f && c.top_p <= 1.0f)) {
    return absl::InvalidArgumentError(
        absl::StrCat("sampler top_p must be in (0, 1]; got ", c.top_p));
  }
  if (c.min_keep < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("sampler min_keep must be >= 1; got ", c.min_keep));
  }
  return absl::OkStatus();
}

// Runs stages 1-5. On success `kept` holds the surviving tokens in descending-probability order
// (ties: lower id first; temperature > 0 keeps the order of logit + bias) with probabilities summing to 1, and `logits` is overwritten.
absl::Status Filter(absl::Span<float> logits, const TokenMask& mask, const SamplerConfig& config,
                    std::vector<Candidate>* kept) {
  if (absl::Status s = ValidateConfig(config); !s.ok()) return s;
  const std::size_t n = logits.size();
  if (n == 0) return absl::InvalidArgumentError("sampler got an empty logits vector");
  if (mask.allowed.size() != n) {
    return absl::InvalidArgumentError(
        absl::StrCat("token mask has ", mask.allowed.size(), " entries; logits have ", n));
  }
  if (!mask.bias.empty() && mask.bias.size() != n) {
    return absl::InvalidArgumentError(
        absl::StrCat("token mask bias has ", mask.bias.size(), " entries; logits have ", n));
  }
  const bool grouped = !mask.group.empty() || !mask.group_bias.empty();
  if (grouped && (mask.group.size() != n || mask.group_bias.size() != n)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "token mask group has ", mask.group.size(), " entries and group bias ",
        mask.group_bias.size(), "; logits have ", n));
  }
  // The group bias's shift: log of the group's total probability before it over after it.
  double group_shift = 0.0;
  if (grouped) {
    double max_z = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < n; ++i) {
      if (!mask.allowed[i] || !mask.group[i]) continue;
      const double z = static_cast<double>(logits[i]) + (mask.bias.empty() ? 0.0 : mask.bias[i]);
      max_z = std::max(max_z, z + std::max(0.0, static_cast<double>(mask.group_bias[i])));
    }
    if (std::isfinite(max_z)) {
      double before = 0.0, after = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        if (!mask.allowed[i] || !mask.group[i]) continue;
        const double z = static_cast<double>(logits[i]) + (mask.bias.empty() ? 0.0 : mask.bias[i]);
        before += std::exp(z - max_z);
        after += std::exp(z + mask.group_bias[i] - max_z);
      }
      if (before > 0.0 && after > 0.0) group_shift = std::log(before / after);
    }
  }
  // Stages 1-3: mask, bias, temperature.
  const float inv_temperature = 1.0f / config.temperature;
  kept->clear();
  for (std::size_t i = 0; i < n; ++i) {
    if (!mask.allowed[i]) {
      logits[i] = kNegInf;
      continue;
    }
    float x = logits[i];
    if (!mask.bias.empty()) x += mask.bias[i];
    if (grouped && mask.group[i]) {
      x = static_cast<float>(static_cast<double>(x) + mask.group_bias[i] + group_shift);
    }
    if (std::isnan(x) || x == -kNegInf) {
      return absl::InvalidArgumentError(absl::StrCat("logit + bias of allowed token ", i, " is ", x,
                                                     "; expected a finite value"));
    }
    logits[i] = x * inv_temperature;  // for the caller only; probabilities use x below
    if (x > kNegInf) kept->push_back({static_cast<tokens::TokenId>(i), x, 0.0});
  }
  if (kept->empty()) {
    return absl::InvalidArgumentError(absl::StrCat("token mask allows no token (",
                                                   mask.CountAllowed(), " of ", n,
                                                   " allowed, none with a finite logit)"));
  }
  // Stage 4: top-k. Order: highest logit first, ties by lower id (deterministic).
  auto before = [](const Candidate& a, const Candidate& b) {
    return a.logit > b.logit || (a.logit == b.logit && a.id < b.id);
  };
  const std::size_t min_keep = static_cast<std::size_t>(config.min_keep);
  std::size_t keep = kept->size();
  if (config.top_k > 0) keep = std::min(keep, std::max<std::size_t>(config.top_k, min_keep));
  std::partial_sort(kept->begin(), kept->begin() + keep, kept->end(), before);
  // Softmax of logit / temperature over the top-k survivors, in double, with the maximum
  // subtracted first (so a tiny temperature cannot overflow).
  const double max_logit = (*kept)[0].logit;
  const double inv_t = 1.0 / static_cast<double>(config.temperature);
  double total = 0.0;
  for (std::size_t i = 0; i < keep; ++i) {
    (*kept)[i].prob = std::exp((static_cast<double>((*kept)[i].logit) - max_logit) * inv_t);
    total += (*kept)[i].prob;
  }
  // Stage 5: top-p. Smallest prefix whose mass reaches top_p (at least min_keep).
  if (config.top_p < 1.0f) {
    const double target = static_cast<double>(config.top_p) * total;
    double mass = 0.0;
    std::size_t nucleus = 0;
    while (nucleus < keep) {
      mass += (*kept)[nucleus].prob;
      ++nucleus;
      if (mass >= target && nucleus >= min_keep) break;
    }
    keep = nucleus;
    total = mass;
  }
  // Remove the filtered tokens from `logits` and renormalise.
  for (std::size_t i = keep; i < kept->size(); ++i) logits[(*kept)[i].id] = kNegInf;
  kept->resize(keep);
  for (Candidate& c : *kept) c.prob /= total;
  return absl::OkStatus();
}

}  // namespace

TokenMask TokenMask::AllowAll(int vocab_size) {
  TokenMask m;
  m.Reset(vocab_size, true);
  return m;
}

TokenMask TokenMask::AllowNone(int vocab_size) {
  TokenMask m;
  m.Reset(vocab_size, false);
  return m;
}

void TokenMask::Reset(int vocab_size, bool allow) {
  allowed.assign(static_cast<std::size_t>(std::max(vocab_size, 0)), allow ? 1 : 0);
  bias.clear();
  group.clear();
  group_bias.clear();
}

void TokenMask::Allow(tokens::TokenId id) {
  assert(id >= 0 && id < size());
  allowed[id] = 1;
}

void TokenMask::Disallow(tokens::TokenId id) {
  assert(id >= 0 && id < size());
  allowed[id] = 0;
}

void TokenMask::AddBias(tokens::TokenId id, float b) {
  assert(id >= 0 && id < size());
  if (bias.empty()) bias.assign(allowed.size(), 0.0f);
  bias[id] += b;
}

void TokenMask::AddGroupBias(tokens::TokenId id, float b) {
  assert(id >= 0 && id < size());
  if (group.empty()) {
    group.assign(allowed.size(), 0);
    group_bias.assign(allowed.size(), 0.0f);
  }
  group[id] = 1;
  group_bias[id] += b;
}

int TokenMask::CountAllowed() const {
  return static_cast<int>(
      std::count_if(allowed.begin(), allowed.end(), [](std::uint8_t a) { return a != 0; }));
}

absl::StatusOr<tokens::TokenId> SampleNext(absl::Span<float> logits, const TokenMask& mask,
                                           const SamplerConfig& config, Rng& rng) {
  std::vector<Candidate> kept;
  if (absl::Status s = Filter(logits, mask, config, &kept); !s.ok()) return s;
  const double u = rng.NextDouble();
  double cumulative = 0.0;
  for (const Candidate& c : kept) {
    cumulative += c.prob;
    if (u < cumulative) return c.id;
  }
  return kept.back().id;  // u within rounding of 1
}

absl::StatusOr<std::vector<float>> SamplingDistribution(absl::Span<float> logits,
                                                        const TokenMask& mask,
                                                        const SamplerConfig& config) {
  std::vector<Candidate> kept;
  if (absl::Status s = Filter(logits, mask, config, &kept); !s.ok()) return s;
  std::vector<float> probs(logits.size(), 0.0f);
  for (const Candidate& c : kept) probs[c.id] = static_cast<float>(c.prob);
  return probs;
}

}  // namespace stori::sampling
