#include "engine/midi/variable_length_quantity.h"

#include <cassert>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace stori::midi {

absl::StatusOr<std::uint32_t> ReadVariableLengthQuantity(absl::Span<const std::uint8_t> bytes,
                                                         std::size_t* pos) {
  std::uint32_t value = 0;
  std::size_t p = *pos;
  for (int i = 0; i < 4; ++i, ++p) {
    if (p >= bytes.size()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "variable-length quantity at byte %d: data ends after %d byte(s)", *pos, i));
    }
    const std::uint8_t b = bytes[p];
    value = (value << 7) | (b & 0x7Fu);
    if ((b & 0x80u) == 0) {
      *pos = p + 1;
      return value;
    }
  }
  return absl::InvalidArgumentError(absl::StrFormat(
      "variable-length quantity at byte %d: longer than 4 bytes; expected at most 4", *pos));
}

void AppendVariableLengthQuantity(std::uint32_t value, std::vector<std::uint8_t>* out) {
  assert(value <= kMaxVariableLengthQuantity);
  std::uint8_t groups[4];
  int n = 0;
  do {
    groups[n++] = static_cast<std::uint8_t>(value & 0x7Fu);
    value >>= 7;
  } while (value != 0 && n < 4);
  while (n > 1) out->push_back(static_cast<std::uint8_t>(groups[--n] | 0x80u));
  out->push_back(groups[0]);
}

}  // namespace stori::midi
