// Variable-length quantities (VLQ) of Standard MIDI Files: 7 bits per byte, most significant
// group first, bit 7 set on every byte but the last. Spec: "Standard MIDI Files 1.0" in the
// MIDI 1.0 Detailed Specification (MMA, 1996), "Conventions": at most 4 bytes, so values are
// 0..0x0FFFFFFF.
#ifndef STORI_ENGINE_MIDI_VARIABLE_LENGTH_QUANTITY_H_
#define STORI_ENGINE_MIDI_VARIABLE_LENGTH_QUANTITY_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace stori::midi {

// Largest value a 4-byte VLQ holds.
inline constexpr std::uint32_t kMaxVariableLengthQuantity = 0x0FFFFFFF;

// Returns the VLQ that starts at `bytes[*pos]` (0..kMaxVariableLengthQuantity) and moves `*pos`
// past it. `*pos` is an offset into `bytes`, so callers that pass a whole file get file offsets.
// Errors: kInvalidArgument naming the byte offset if `bytes` ends inside the quantity or the
//   quantity runs past 4 bytes; `*pos` is then unchanged.
// Thread safety: pure function, safe to call concurrently.
absl::StatusOr<std::uint32_t> ReadVariableLengthQuantity(absl::Span<const std::uint8_t> bytes,
                                                         std::size_t* pos);

// Appends `value` as a VLQ of 1..4 bytes. Precondition (asserted): value <=
// kMaxVariableLengthQuantity; callers validate their input before writing.
// Thread safety: thread-compatible (`out` belongs to the caller).
void AppendVariableLengthQuantity(std::uint32_t value, std::vector<std::uint8_t>* out);

}  // namespace stori::midi

#endif  // STORI_ENGINE_MIDI_VARIABLE_LENGTH_QUANTITY_H_
