// Deterministic random numbers for sampling: the same seed gives the same sequence on every
// platform, compiler and standard library, whichever thread draws.
// Algorithms, written out in rng.cc rather than taken from <random>, whose distributions differ
// between standard libraries:
//   - generator: xoshiro256** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number
//     generators", ACM TOMS 2021; https://prng.di.unimi.it/xoshiro256starstar.c);
//   - seeding and Derive: SplitMix64 (Steele, Lea & Flood, OOPSLA 2014), as the xoshiro authors
//     recommend for filling the 256-bit state from a 64-bit seed;
//   - NextDouble: the top 53 bits times 2^-53 (the xoshiro authors' conversion).
#ifndef STORI_ENGINE_SAMPLING_RNG_H_
#define STORI_ENGINE_SAMPLING_RNG_H_

#include <array>
#include <cstdint>

namespace stori::sampling {

// A seeded xoshiro256** generator. Copyable (a copy continues the same sequence independently).
// Thread-compatible: one generation owns one Rng.
class Rng {
 public:
  // State = four successive SplitMix64 outputs starting from `seed` (any value, 0 included).
  explicit Rng(std::uint64_t seed);

  // Next 64 uniformly distributed bits.
  std::uint64_t NextU64();
  // Uniform double in [0, 1) with 53 bits of resolution: (NextU64() >> 11) * 2^-53.
  double NextDouble();
  // Uniform integer in [0, n) by rejection (no modulo bias); n >= 1 (returns 0 for n == 0).
  std::uint64_t NextBelow(std::uint64_t n);

  // A seed for a sub-stream, e.g. Derive(request_seed, section_index, pass) or
  // Derive(Derive(seed, section, track), pass, candidate): a SplitMix64 hash chain of
  // (seed, a, b). Pure; distinct (a, b) give unrelated streams for the same seed.
  static std::uint64_t Derive(std::uint64_t seed, std::uint64_t a, std::uint64_t b);

 private:
  std::array<std::uint64_t, 4> s_;
};

// The SplitMix64 output function ("mix64variant13" finalizer of Stafford): a bijective hash of
// 64 bits. Exposed for Derive-style hashing elsewhere.
std::uint64_t SplitMix64Mix(std::uint64_t z);

}  // namespace stori::sampling

#endif  // STORI_ENGINE_SAMPLING_RNG_H_
