// stori-cli: offline generation with the same request path (server/prepare/prepare_request.h:
// validation, seed, conversion) and NeuralSectionEngine as stori-server, without a server and
// without gRPC.
//
//   stori-cli generate --rms examples/leaving_home.json --out out/
//             [--model_path models/stori-remi/v3] [--device auto|cpu|cuda|mps]
//             [--seed N] [--preset fast|balanced|quality] [--torch_threads 1]
//
// Input: one JSON object in protobuf's JSON mapping, read by tools/cli/request_file.h: a
// GenerateSongRequest ({"metadata", "rms", "seed", "qualityPreset", "constraints"}), a flat
// GenerateSectionRequest ({"flat": {...}}) or a bare RichMusicalSpecification.
// --seed and --preset override the file's; with no seed anywhere one is drawn and reported.
//
// Output in --out (created if missing): NN_<section_id>.mid per section (NN = zero-based
// section_index, two digits; the section's own SMF as the server returns it), song.mid (the
// sections end to end, tempo/meter/key changes at section boundaries, tools/cli/song_midi.h) and
// summary.json: {"seedUsed", "model": {...}, "files": [...], "wallMs", "sections": [SectionResult
// in protobuf JSON, camelCase, midiFile left out]}.
//
// Exit status: 0 done; 2 bad usage or input (unreadable JSON; validation errors are printed one
// per line as "<field path>: <description>"); 1 model load, generation or output failure.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/model/model_runner.h"
#include "engine/model/torch_threads.h"
#include "google/protobuf/util/json_util.h"
#include "tools/cli/request_file.h"
#include "tools/cli/song_midi.h"
#include "engine/song/song_observer.h"
#include "server/convert/to_proto.h"
#include "server/prepare/prepare_request.h"
#include "server/neural_section_engine.h"
#include "spdlog/spdlog.h"

namespace {

namespace v1 = ::stori::generation::v1;
namespace fs = std::filesystem;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

constexpr char kUsage[] =
    "usage: stori-cli generate --rms FILE.json --out DIR [--model_path DIR] "
    "[--device auto|cpu|cuda|mps] [--seed N] [--preset fast|balanced|quality] "
    "[--torch_threads N]\n";

struct Args {
  std::string rms;
  std::string out;
  std::string model_path = "models/stori-remi/v3";
  std::string device = "auto";
  bool has_seed = false;
  std::uint64_t seed = 0;
  std::string preset;  // "" = the file's
  int torch_threads = 1;
};

// Parses "generate --flag value" / "--flag=value". Returns "" or an error message.
std::string ParseArgs(int argc, char** argv, Args* args) {
  if (argc < 2 || std::string(argv[1]) != "generate") return "expected the command 'generate'";
  std::map<std::string, std::string> values;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) return absl::StrCat("unexpected argument '", arg, "'");
    arg = arg.substr(2);
    std::string value;
    if (const auto eq = arg.find('='); eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return absl::StrCat("--", arg, " needs a value");
    }
    values[arg] = value;
  }
  for (const auto& [name, value] : values) {
    if (name == "rms") {
      args->rms = value;
    } else if (name == "out") {
      args->out = value;
    } else if (name == "model_path") {
      args->model_path = value;
    } else if (name == "device") {
      args->device = value;
    } else if (name == "seed") {
      if (!absl::SimpleAtoi(value, &args->seed))
        return absl::StrCat("--seed=", value, ": not a uint64");
      args->has_seed = true;
    } else if (name == "preset") {
      if (value != "fast" && value != "balanced" && value != "quality") {
        return absl::StrCat("--preset=", value, ": expected fast, balanced or quality");
      }
      args->preset = value;
    } else if (name == "torch_threads") {
      if (!absl::SimpleAtoi(value, &args->torch_threads) || args->torch_threads < 1) {
        return absl::StrCat("--torch_threads=", value, ": expected an integer >= 1");
      }
    } else {
      return absl::StrCat("unknown flag --", name);
    }
  }
  if (args->rms.empty()) return "--rms is required";
  if (args->out.empty()) return "--out is required";
  return "";
}

absl::Status ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *out = buffer.str();
  return absl::OkStatus();
}

absl::Status WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path.string()));
  return absl::OkStatus();
}

// The input file as a validated GenerateSongRequest; false after printing what is wrong.
bool LoadRequest(const std::string& json, v1::GenerateSongRequest* request) {
  absl::StatusOr<stori::cli::RequestFile> file =
      stori::cli::SongRequestFromJson(json);
  if (!file.ok()) {
    std::cerr << file.status().message() << "\n";
    return false;
  }
  if (!file->violations.empty()) {
    std::cerr << file->violations.Summary() << "\n";
    for (const auto& v : file->violations.reported()) {
      std::cerr << "  " << v.field << ": " << v.description << "\n";
    }
    return false;
  }
  for (const auto& w : file->warnings) {
    std::cerr << "warning: " << w.field_path << ": " << w.message << "\n";
  }
  *request = std::move(file->request);
  return true;
}

// Collects the song's sections as they become final (the CLI's stand-in for the GenerateSong
// stream), each converted as the server converts it (server/convert/to_proto.h).
class CollectingObserver final : public stori::song::SongObserver {
 public:
  explicit CollectingObserver(const std::vector<stori::SectionRequest>& requests)
      : requests_(requests) {}
  void OnGenerating(int index, int total, int delivered) override {
    std::cerr << absl::StrFormat("[%d/%d] generating section %d ...\n", delivered + 1, total,
                                 index);
  }
  absl::Status OnSection(int index, stori::SectionResult result) override {
    v1::SectionResult section = stori::server::convert::SectionResultToProto(result,
                                                                               &requests_[index]);
    std::size_t notes = 0;
    for (const auto& t : section.tracks()) notes += t.notes_size();
    std::cerr << absl::StrFormat("      %s: %u bars, %d tracks, %d notes, %.0f ms\n",
                                 section.section_id(), section.bars(), section.tracks_size(), notes,
                                 section.timings().total_ms());
    sections.push_back(std::move(section));
    return absl::OkStatus();
  }
  std::vector<v1::SectionResult> sections;

 private:
  const std::vector<stori::SectionRequest>& requests_;
};

int Generate(const Args& args) {
  std::string json;
  if (absl::Status s = ReadFile(args.rms, &json); !s.ok()) {
    std::cerr << s.message() << "\n";
    return kExitUsage;
  }
  v1::GenerateSongRequest request;
  if (!LoadRequest(json, &request)) return kExitUsage;
  if (args.has_seed) request.set_seed(args.seed);
  if (args.preset == "fast") request.set_quality_preset(v1::QUALITY_PRESET_FAST);
  if (args.preset == "balanced") request.set_quality_preset(v1::QUALITY_PRESET_BALANCED);
  if (args.preset == "quality") request.set_quality_preset(v1::QUALITY_PRESET_QUALITY);

  std::uint64_t seed = 0;
  auto sections = stori::server::prepare::SeedAndConvert(request, &seed);
  if (!sections.ok()) {
    std::cerr << "invalid request: " << sections.status().message() << "\n";
    return kExitUsage;
  }
  auto device = stori::model::ParseDevice(args.device);
  if (!device.ok()) {
    std::cerr << device.status().message() << "\n";
    return kExitUsage;
  }
  const absl::Time load_start = absl::Now();
  auto runner = stori::model::ModelRunner::Load({args.model_path, *device});
  if (!runner.ok()) {
    std::cerr << "cannot load the model from " << args.model_path << ": " << runner.status()
              << "\n";
    return kExitFailure;
  }
  if (absl::Status warm = (*runner)->Warmup(); !warm.ok()) {
    std::cerr << "model warm-up failed: " << warm << "\n";
    return kExitFailure;
  }
  std::cerr << absl::StrFormat(
      "model %s %s on %s loaded in %.0f ms; seed %u\n", (*runner)->model_id(),
      (*runner)->model_version(), (*runner)->device_name(),
      absl::ToDoubleMilliseconds(absl::Now() - load_start), seed);

  stori::server::NeuralSectionEngine engine(**runner);
  stori::RunContext ctx;
  ctx.composition_id = request.metadata().composition_id();
  ctx.trace_id =
      request.metadata().trace_id().empty() ? "stori-cli" : request.metadata().trace_id();
  CollectingObserver sink(*sections);
  const absl::Time start = absl::Now();
  if (absl::Status s = engine.GenerateSong(*sections, ctx, sink); !s.ok()) {
    std::cerr << "generation failed: " << s << "\n";
    return kExitFailure;
  }
  const double wall_ms = absl::ToDoubleMilliseconds(absl::Now() - start);

  std::error_code ec;
  fs::create_directories(args.out, ec);
  if (ec) {
    std::cerr << "cannot create " << args.out << ": " << ec.message() << "\n";
    return kExitFailure;
  }
  std::vector<std::string> files;
  std::vector<std::string> section_json;
  google::protobuf::util::JsonPrintOptions print;
  print.add_whitespace = true;
  print.always_print_primitive_fields = true;  // channel 0, section_index 0 stay visible
  for (const v1::SectionResult& s : sink.sections) {
    const std::string name = absl::StrFormat("%02u_%s.mid", s.section_index(), s.section_id());
    if (absl::Status w = WriteFile(fs::path(args.out) / name, s.midi_file()); !w.ok()) {
      std::cerr << w.message() << "\n";
      return kExitFailure;
    }
    files.push_back(name);
    v1::SectionResult summary = s;
    summary.clear_midi_file();
    std::string text;
    (void)google::protobuf::util::MessageToJsonString(summary, &text, print);
    section_json.push_back(text);
  }
  auto song = stori::cli::SongMidiFromSections(sink.sections);
  if (!song.ok()) {
    std::cerr << "whole-song MIDI: " << song.status() << "\n";
    return kExitFailure;
  }
  if (absl::Status w =
          WriteFile(fs::path(args.out) / "song.mid", std::string(song->begin(), song->end()));
      !w.ok()) {
    std::cerr << w.message() << "\n";
    return kExitFailure;
  }
  files.push_back("song.mid");
  std::vector<std::string> quoted;
  for (const std::string& f : files) quoted.push_back(absl::StrCat("\"", f, "\""));
  const std::string summary = absl::StrCat(
      "{\n\"seedUsed\": \"", seed, "\",\n\"model\": {\"modelId\": \"",
      (*runner)->model_id(), "\", \"modelVersion\": \"", (*runner)->model_version(),
      "\", \"device\": \"", (*runner)->device_name(), "\"},\n\"files\": [",
      absl::StrJoin(quoted, ", "), "],\n\"wallMs\": ", absl::StrFormat("%.1f", wall_ms),
      ",\n\"sections\": [\n", absl::StrJoin(section_json, ",\n"), "]\n}\n");
  if (absl::Status w = WriteFile(fs::path(args.out) / "summary.json", summary); !w.ok()) {
    std::cerr << w.message() << "\n";
    return kExitFailure;
  }
  std::cerr << absl::StrFormat("wrote %d files and summary.json to %s (%.0f ms generating)\n",
                               files.size(), args.out, wall_ms);
  return EXIT_SUCCESS;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (std::string error = ParseArgs(argc, argv, &args); !error.empty()) {
    std::cerr << "stori-cli: " << error << "\n" << kUsage;
    return kExitUsage;
  }
  spdlog::set_level(spdlog::level::warn);  // the CLI prints its own progress on stderr
  stori::model::SetTorchThreads(args.torch_threads);
  return Generate(args);
}
