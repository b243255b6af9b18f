// fuzz_request_json: text -> `request_json` of a GenerateSectionRequest, a
// GenerateSongRequest and a RefineSectionRequest (server/read/request_json.h,
// the lenient reader) -> validation, conversion and the generator's planning
// step (fuzz/request_path.h), each request kind only where its validation
// passes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_input.h"
#include "fuzz/request_path.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size > stori::fuzz::kMaxInputBytes) return 0;
  const std::string json(reinterpret_cast<const char *>(data), size);
  {
    stori::generation::v1::GenerateSectionRequest request;
    request.set_request_json(json);
    stori::fuzz::ServeGenerateSection(request);
  }
  {
    stori::generation::v1::GenerateSongRequest request;
    request.set_request_json(json);
    stori::fuzz::ServeGenerateSong(request);
  }
  {
    stori::generation::v1::RefineSectionRequest request;
    request.set_request_json(json);
    stori::fuzz::ServeRefineSection(request);
  }
  return 0;
}
