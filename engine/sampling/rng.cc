#include "engine/sampling/rng.h"

namespace stori::sampling {
namespace {

constexpr std::uint64_t kGoldenGamma = 0x9e3779b97f4a7c15ULL;  // SplitMix64's increment

constexpr std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

std::uint64_t SplitMix64Mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

Rng::Rng(std::uint64_t seed) {
  // SplitMix64: x += gamma; output Mix(x). Never yields the all-zero xoshiro state in practice
  // (four consecutive outputs of a bijection of distinct inputs cannot all be zero).
  std::uint64_t x = seed;
  for (std::uint64_t& word : s_) {
    x += kGoldenGamma;
    word = SplitMix64Mix(x);
  }
}

std::uint64_t Rng::NextU64() {
  // xoshiro256** 1.0, https://prng.di.unimi.it/xoshiro256starstar.c
  const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

double Rng::NextDouble() { return static_cast<double>(NextU64() >> 11) * 0x1.0p-53; }

std::uint64_t Rng::NextBelow(std::uint64_t n) {
  if (n <= 1) return 0;
  // Largest multiple of n that fits: draws at or above it are rejected.
  const std::uint64_t limit = (~std::uint64_t{0}) - ((~std::uint64_t{0}) % n);
  std::uint64_t x;
  do {
    x = NextU64();
  } while (x >= limit);
  return x % n;
}

std::uint64_t Rng::Derive(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
  std::uint64_t h = SplitMix64Mix(seed + kGoldenGamma);
  h = SplitMix64Mix(h ^ (a * kGoldenGamma + 0x632be59bd9b4e019ULL));
  h = SplitMix64Mix(h ^ (b * kGoldenGamma + 0x85157af5ULL));
  return h;
}

}  // namespace stori::sampling
