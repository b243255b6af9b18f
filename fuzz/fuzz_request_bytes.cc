// fuzz_request_bytes: bytes -> GenerateSectionRequest::ParseFromArray -> the
// server's reading, validation and conversion -> the generator's planning step
// (fuzz/request_path.h). A request that carries request_json reaches the
// lenient JSON reader too.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_input.h"
#include "fuzz/request_path.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size > stori::fuzz::kMaxInputBytes) return 0;
  stori::generation::v1::GenerateSectionRequest request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return 0;
  stori::fuzz::ServeGenerateSection(request);
  return 0;
}
