// stori-fuzz-seeds: writes the binary seeds of fuzz/corpus (fuzz/make_corpus.sh
// runs it).
//
//   stori-fuzz-seeds pb OUT_DIR FILE.json...
//     For each JSON request (examples/*.json, tests/server/testdata/*.json,
//     fuzz/seeds/*.json), serialized GenerateSectionRequests for
//     fuzz_request_bytes: the file as the lenient reader reads it
//     (server/read/request_json.h, typed fields only, no defaults taken), one
//     per section of its RMS (section_index 0..n-1) or one for a flat request,
//     named <stem>_s<i>.pb; and the file's text in request_json,
//     <stem>_json.pb.
//   stori-fuzz-seeds smf0 OUT_DIR FILE.mid...
//     For each Standard MIDI File, the file read and written back in format 0
//     (<stem>_format0.mid), so the SMF corpus has single-track files with
//     running status.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "engine/midi/smf_reader.h"
#include "engine/midi/smf_writer.h"
#include "server/read/request_json.h"
#include "stori/generation/v1/service.pb.h"

namespace {

namespace fs = std::filesystem;
namespace v1 = ::stori::generation::v1;

bool ReadText(const fs::path &path, std::string *out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

bool WriteBytes(const fs::path &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

int ProtobufSeeds(const fs::path &out_dir, const std::vector<fs::path> &inputs) {
  for (const fs::path &path : inputs) {
    std::string json;
    if (!ReadText(path, &json)) {
      std::fprintf(stderr, "stori-fuzz-seeds: cannot read %s\n", path.c_str());
      return 1;
    }
    const std::string stem = path.stem().string();
    v1::GenerateSectionRequest typed;
    stori::server::read::RequestWarnings warnings;
    if (absl::Status s = stori::server::read::ReadRequestJson(json, &typed, &warnings); !s.ok()) {
      std::fprintf(stderr, "stori-fuzz-seeds: %s: %s\n", path.c_str(),
                   std::string(s.message()).c_str());
      return 1;
    }
    const int sections = typed.has_rms() ? typed.rms().sections_size() : 1;
    for (int i = 0; i < sections; ++i) {
      v1::GenerateSectionRequest one = typed;
      if (typed.has_rms()) one.set_section_index(static_cast<std::uint32_t>(i));
      if (!WriteBytes(out_dir / (stem + "_s" + std::to_string(i) + ".pb"),
                      one.SerializeAsString())) {
        return 1;
      }
    }
    v1::GenerateSectionRequest as_json;
    as_json.set_request_json(json);
    if (!WriteBytes(out_dir / (stem + "_json.pb"), as_json.SerializeAsString())) return 1;
  }
  return 0;
}

int FormatZeroSeeds(const fs::path &out_dir, const std::vector<fs::path> &inputs) {
  for (const fs::path &path : inputs) {
    absl::StatusOr<stori::music::Song> song = stori::midi::ReadSmfFile(path.string());
    if (!song.ok()) {
      std::fprintf(stderr, "stori-fuzz-seeds: %s\n", std::string(song.status().message()).c_str());
      return 1;
    }
    stori::midi::SmfWriteOptions options;
    options.format = stori::midi::SmfFormat::kSingleTrack;
    absl::StatusOr<std::vector<std::uint8_t>> bytes = stori::midi::WriteSmf(*song, options);
    if (!bytes.ok()) {
      std::fprintf(stderr, "stori-fuzz-seeds: %s: %s\n", path.c_str(),
                   std::string(bytes.status().message()).c_str());
      return 1;
    }
    if (!WriteBytes(out_dir / (path.stem().string() + "_format0.mid"),
                    std::string(bytes->begin(), bytes->end()))) {
      return 1;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: stori-fuzz-seeds pb|smf0 OUT_DIR FILE...\n");
    return 2;
  }
  const std::string mode = argv[1];
  const fs::path out_dir = argv[2];
  const std::vector<fs::path> inputs(argv + 3, argv + argc);
  fs::create_directories(out_dir);
  if (mode == "pb") return ProtobufSeeds(out_dir, inputs);
  if (mode == "smf0") return FormatZeroSeeds(out_dir, inputs);
  std::fprintf(stderr, "stori-fuzz-seeds: unknown mode %s\n", mode.c_str());
  return 2;
}
