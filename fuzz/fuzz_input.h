// What every fuzz target accepts (fuzz/README.md).
#ifndef STORI_FUZZ_FUZZ_INPUT_H_
#define STORI_FUZZ_FUZZ_INPUT_H_

#include <cstddef>

namespace stori::fuzz {

// Inputs longer than this are skipped by every target: libFuzzer runs with
// -max_len=65536 (fuzz/README.md), and the replay driver's mutations stay under
// it too.
inline constexpr std::size_t kMaxInputBytes = 1 << 16;

}  // namespace stori::fuzz

#endif  // STORI_FUZZ_FUZZ_INPUT_H_
