// stori-prepare-dataset: POP909 + Groove -> token shards, vocab.json and manifest.json.
//
//   stori-prepare-dataset --pop909 ../shared/data/pop909 --groove ../shared/data/groove
//       --out data/tokens [--bars 4] [--max_tokens 1024] [--seed 1] [--limit 0]
//
// Splits (fixed, song-level): POP909 song NNN goes to test when NNN % 10 == 0, to validation
// when NNN % 10 == 1, else to train; Groove keeps info.csv's own split. Training windows of
// pitched tracks are transposed by a seeded random shift in [-5, +6] semitones. --drum_share of
// the POP909 windows get a drum track from a Groove window of the same split (drum_pairing.h).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/dataset/drum_pairing.h"
#include "engine/dataset/groove_windows.h"
#include "engine/dataset/pop909_windows.h"
#include "engine/dataset/token_shard_writer.h"
#include "engine/tokens/remi_encoder.h"
#include "engine/tokens/vocabulary.h"

ABSL_FLAG(std::string, pop909, "", "POP909 folder (NNN/NNN.mid + annotations); empty skips it");
ABSL_FLAG(std::string, groove, "", "Groove MIDI Dataset folder (info.csv); empty skips it");
ABSL_FLAG(std::string, out, "", "output folder for shards, vocab.json and manifest.json");
ABSL_FLAG(int, bars, 4, "window length in bars");
ABSL_FLAG(int, max_tokens, 1024, "windows longer than this many tokens are skipped");
ABSL_FLAG(int, seed, 1, "seed of the transposition augmentation");
ABSL_FLAG(double, drum_share, 0.75,
          "share of POP909 windows given a Groove drum track of the same split (0 = none)");
ABSL_FLAG(int, limit, 0, "if > 0, only the first N songs/performances of each set (for tests)");

namespace {

using stori::dataset::TokenShardWriter;
using stori::tokens::RemiWindow;
using stori::tokens::Vocabulary;

struct SplitCounts {
  int songs = 0;
  int windows = 0;
  int skipped_long = 0;
  std::vector<std::string> ids;
};

struct Writers {
  std::map<std::string, std::unique_ptr<TokenShardWriter>> by_split;
  std::map<std::string, std::map<std::string, SplitCounts>> counts;  // set -> split -> counts
};

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "error: %s\n", std::string(s.message()).c_str());
  return 1;
}

absl::Status Emit(const Vocabulary& vocab, const std::string& set, const std::string& split,
                  const std::string& id, const std::vector<RemiWindow>& windows, int max_tokens,
                  Writers* w) {
  SplitCounts& c = w->counts[set][split];
  ++c.songs;
  c.ids.push_back(id);
  for (const RemiWindow& window : windows) {
    auto ids = stori::tokens::EncodeWindow(vocab, window);
    if (!ids.ok()) return absl::Status(ids.status().code(), absl::StrCat(set, " ", id, ": ", ids.status().message()));
    if (static_cast<int>(ids->size()) > max_tokens) {
      ++c.skipped_long;
      continue;
    }
    if (auto s = w->by_split[split]->Append(*ids); !s.ok()) return s;
    ++c.windows;
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string out = absl::GetFlag(FLAGS_out);
  if (out.empty()) return Fail(absl::InvalidArgumentError("--out is required"));
  std::filesystem::create_directories(out);
  const Vocabulary vocab;
  const int limit = absl::GetFlag(FLAGS_limit);
  const int max_tokens = absl::GetFlag(FLAGS_max_tokens);
  stori::dataset::WindowOptions options;
  options.bars = absl::GetFlag(FLAGS_bars);
  options.seed = static_cast<unsigned>(absl::GetFlag(FLAGS_seed));

  Writers w;
  for (const char* split : {"train", "validation", "test"}) {
    w.by_split[split] = std::make_unique<TokenShardWriter>(out, split);
    if (!w.by_split[split]->status().ok()) return Fail(w.by_split[split]->status());
  }

  // Groove first: its windows are emitted as drum-only sequences and kept, per split, as the
  // pool the POP909 windows of that split draw their drum tracks from.
  std::map<std::string, std::vector<RemiWindow>> drum_pool;
  if (const std::string groove = absl::GetFlag(FLAGS_groove); !groove.empty()) {
    auto entries = stori::dataset::ReadGrooveInfo(groove);
    if (!entries.ok()) return Fail(entries.status());
    if (limit > 0 && static_cast<int>(entries->size()) > limit) entries->resize(limit);
    for (const auto& e : *entries) {
      auto windows = stori::dataset::GrooveWindows(e, options);
      if (!windows.ok()) return Fail(windows.status());
      const std::string id = e.midi_path.substr(groove.size() + 1);
      if (auto s = Emit(vocab, "groove", e.split, id, *windows, max_tokens, &w); !s.ok()) {
        return Fail(s);
      }
      auto& pool = drum_pool[e.split];
      pool.insert(pool.end(), windows->begin(), windows->end());
    }
  }
  std::map<std::string, stori::dataset::DrumPairingStats> pairing;
  if (const std::string pop = absl::GetFlag(FLAGS_pop909); !pop.empty()) {
    std::vector<std::string> songs;
    for (const auto& e : std::filesystem::directory_iterator(pop)) {
      const std::string id = e.path().filename().string();
      if (e.is_directory() && std::filesystem::exists(e.path() / (id + ".mid"))) songs.push_back(id);
    }
    std::sort(songs.begin(), songs.end());
    if (limit > 0 && static_cast<int>(songs.size()) > limit) songs.resize(limit);
    for (const std::string& id : songs) {
      const int number = std::atoi(id.c_str());
      const std::string split = number % 10 == 0 ? "test" : number % 10 == 1 ? "validation" : "train";
      stori::dataset::WindowOptions o = options;
      o.transpose = split == "train";
      auto windows = stori::dataset::Pop909Windows(pop + "/" + id, o);
      if (!windows.ok()) return Fail(windows.status());
      stori::dataset::DrumPairingOptions p;
      p.share = absl::GetFlag(FLAGS_drum_share);
      p.seed = stori::dataset::SongPairingSeed(options.seed, number);
      const auto stats = stori::dataset::PairDrums(drum_pool[split], p, &*windows);
      auto& total = pairing[split];
      total.paired += stats.paired;
      total.left_without += stats.left_without;
      total.no_candidate += stats.no_candidate;
      total.agreement_sum += stats.agreement_sum;
      if (auto s = Emit(vocab, "pop909", split, id, *windows, max_tokens, &w); !s.ok()) return Fail(s);
    }
  }

  std::string splits_json;
  for (auto& [split, writer] : w.by_split) {
    if (auto s = writer->Close(); !s.ok()) return Fail(s);
    absl::StrAppend(&splits_json, splits_json.empty() ? "" : ",\n", "    \"", split,
                    "\": {\"tokens\": \"", split, ".tokens\", \"index\": \"", split,
                    ".index\", \"sequences\": ", writer->sequences(),
                    ", \"tokens_total\": ", writer->tokens(), "}");
  }
  std::string sets_json;
  for (auto& [set, by_split] : w.counts) {
    for (auto& [split, c] : by_split) {
      absl::StrAppend(&sets_json, sets_json.empty() ? "" : ",\n", "    {\"set\": \"", set,
                      "\", \"split\": \"", split, "\", \"songs\": ", c.songs,
                      ", \"windows\": ", c.windows, ", \"skipped_over_max_tokens\": ",
                      c.skipped_long, ", \"ids\": [\"", absl::StrJoin(c.ids, "\", \""), "\"]}");
    }
  }
  std::string pairing_json;
  for (const auto& [split, p] : pairing) {
    absl::StrAppend(&pairing_json, pairing_json.empty() ? "" : ",\n", "    \"", split,
                    "\": {\"paired\": ", p.paired, ", \"left_without\": ", p.left_without,
                    ", \"no_candidate\": ", p.no_candidate, ", \"mean_kick_bass_agreement\": ",
                    p.paired > 0 ? p.agreement_sum / p.paired : 0.0, "}");
  }
  std::ofstream(out + "/vocab.json") << vocab.ToJson();
  std::ofstream(out + "/manifest.json")
      << "{\n  \"format\": \"stori-token-shards\",\n  \"vocab\": \"vocab.json\",\n"
      << "  \"vocab_size\": " << vocab.size() << ",\n  \"bars_per_window\": " << options.bars
      << ",\n  \"max_tokens\": " << max_tokens << ",\n  \"seed\": " << options.seed
      << ",\n  \"split_rule\": \"POP909 song NNN: NNN % 10 == 0 -> test, == 1 -> validation, "
         "else train (transposed by a seeded shift in [-5, 6]); Groove: info.csv split\",\n"
      << "  \"drum_share\": " << absl::GetFlag(FLAGS_drum_share) << ",\n"
      << "  \"drum_pairing\": {\n" << pairing_json << "\n  },\n"
      << "  \"splits\": {\n" << splits_json << "\n  },\n  \"sets\": [\n" << sets_json
      << "\n  ]\n}\n";
  for (auto& [split, writer] : w.by_split) {
    std::printf("%s: %lld sequences, %lld tokens\n", split.c_str(),
                static_cast<long long>(writer->sequences()), static_cast<long long>(writer->tokens()));
  }
  return 0;
}
