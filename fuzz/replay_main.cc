// Corpus replay: a main() for a fuzz target built without libFuzzer (the g++
// build's fuzz_smoke tests, fuzz/README.md). Runs every file under the given
// paths through LLVMFuzzerTestOneInput, then deterministic random mutations of
// them (bit flips, byte edits, inserted and deleted runs, splices of two
// inputs, dictionary words) until --mutations have run or --max_seconds have
// passed. A crashing input (abort, segfault, a FUZZ_CHECK) is written to
// <artifact_prefix>crash before the process dies, so that the clang build's
// fuzzer can reproduce it under sanitizers.
//
//   fuzz_request_json_replay [--mutations=N] [--max_seconds=S] [--seed=X]
//   [--dict=FILE]
//                            [--artifact_prefix=P] PATH...
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

namespace {

using Bytes = std::vector<std::uint8_t>;

// The input being run, for the crash handler (written with async-signal-safe
// calls only).
const std::uint8_t *g_current = nullptr;
std::size_t g_current_size = 0;
char g_crash_path[4096] = "crash";

void OnCrash(int sig) {
  const int fd = open(g_crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    std::size_t done = 0;
    while (g_current != nullptr && done < g_current_size) {
      const ssize_t n = write(fd, g_current + done, g_current_size - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    close(fd);
    const char msg[] = "replay: crashing input written to ";
    (void)!write(2, msg, sizeof(msg) - 1);
    (void)!write(2, g_crash_path, strlen(g_crash_path));
    (void)!write(2, "\n", 1);
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

void Run(const Bytes &input) {
  g_current = input.data();
  g_current_size = input.size();
  LLVMFuzzerTestOneInput(input.data(), input.size());
  g_current = nullptr;
}

bool ReadFile(const std::filesystem::path &path, Bytes *out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

// libFuzzer dictionary lines: `"word"` or `name="word"`, with \\, \" and \xAB
// escapes.
std::vector<Bytes> ReadDictionary(const std::string &path) {
  std::vector<Bytes> words;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t open = line.find('"');
    const std::size_t close = line.rfind('"');
    if (line.empty() || line[0] == '#' || open == std::string::npos || close <= open) continue;
    Bytes word;
    for (std::size_t i = open + 1; i < close; ++i) {
      if (line[i] == '\\' && i + 1 < close) {
        if (line[i + 1] == 'x' && i + 3 < close) {
          word.push_back(static_cast<std::uint8_t>(std::stoi(line.substr(i + 2, 2), nullptr, 16)));
          i += 3;
        } else {
          word.push_back(static_cast<std::uint8_t>(line[++i]));
        }
      } else {
        word.push_back(static_cast<std::uint8_t>(line[i]));
      }
    }
    if (!word.empty()) words.push_back(std::move(word));
  }
  return words;
}

class Mutator {
 public:
  Mutator(std::uint64_t seed, const std::vector<Bytes> &corpus, const std::vector<Bytes> &dict)
      : rng_(seed), corpus_(corpus), dict_(dict) {}

  Bytes Next() {
    Bytes b = corpus_.empty() ? Bytes{} : corpus_[Below(corpus_.size())];
    const int edits = 1 + static_cast<int>(Below(4));
    for (int i = 0; i < edits; ++i) Edit(&b);
    if (b.size() > stori::fuzz::kMaxInputBytes) b.resize(stori::fuzz::kMaxInputBytes);
    return b;
  }

 private:
  std::size_t Below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng_() % n); }

  void Edit(Bytes *b) {
    static constexpr std::uint8_t kInteresting[] = {0x00, 0x01, 0x7F, 0x80, 0xFF, '"', '{',
                                                    '}',  '[',  ']',  ',',  ':',  '-', '0'};
    switch (Below(8)) {
      case 0:  // flip a bit
        if (!b->empty()) (*b)[Below(b->size())] ^= static_cast<std::uint8_t>(1u << Below(8));
        break;
      case 1:  // set a byte to a random or an interesting value
        if (!b->empty()) {
          (*b)[Below(b->size())] = Below(2) == 0 ? static_cast<std::uint8_t>(Below(256))
                                                 : kInteresting[Below(sizeof(kInteresting))];
        }
        break;
      case 2: {  // insert random bytes
        const std::size_t at = Below(b->size() + 1);
        const std::size_t n = 1 + Below(8);
        for (std::size_t i = 0; i < n; ++i) {
          b->insert(b->begin() + static_cast<std::ptrdiff_t>(at),
                    static_cast<std::uint8_t>(Below(256)));
        }
        break;
      }
      case 3: {  // delete a run
        if (b->empty()) break;
        const std::size_t at = Below(b->size());
        const std::size_t n = 1 + Below(std::min<std::size_t>(b->size() - at, 16));
        b->erase(b->begin() + static_cast<std::ptrdiff_t>(at),
                 b->begin() + static_cast<std::ptrdiff_t>(at + n));
        break;
      }
      case 4: {  // duplicate a run
        if (b->empty()) break;
        const std::size_t at = Below(b->size());
        const std::size_t n = 1 + Below(std::min<std::size_t>(b->size() - at, 64));
        const Bytes run(b->begin() + static_cast<std::ptrdiff_t>(at),
                        b->begin() + static_cast<std::ptrdiff_t>(at + n));
        b->insert(b->begin() + static_cast<std::ptrdiff_t>(Below(b->size() + 1)), run.begin(),
                  run.end());
        break;
      }
      case 5: {  // splice: this input's head, another's tail
        if (corpus_.empty()) break;
        const Bytes &other = corpus_[Below(corpus_.size())];
        b->resize(Below(b->size() + 1));
        b->insert(b->end(), other.begin() + static_cast<std::ptrdiff_t>(Below(other.size() + 1)),
                  other.end());
        break;
      }
      case 6:  // copy a random byte over another (keeps the input's own alphabet)
        if (b->size() >= 2) (*b)[Below(b->size())] = (*b)[Below(b->size())];
        break;
      default: {  // a dictionary word, inserted or overwriting
        if (dict_.empty()) break;
        const Bytes &word = dict_[Below(dict_.size())];
        const std::size_t at = Below(b->size() + 1);
        if (Below(2) == 0 || at + word.size() > b->size()) {
          b->insert(b->begin() + static_cast<std::ptrdiff_t>(at), word.begin(), word.end());
        } else {
          std::copy(word.begin(), word.end(), b->begin() + static_cast<std::ptrdiff_t>(at));
        }
        break;
      }
    }
  }

  std::mt19937_64 rng_;
  const std::vector<Bytes> &corpus_;
  const std::vector<Bytes> &dict_;
};

bool Flag(const std::string &arg, const char *name, std::string *value) {
  const std::string prefix = std::string("--") + name + "=";
  if (arg.compare(0, prefix.size(), prefix) != 0) return false;
  *value = arg.substr(prefix.size());
  return true;
}

}  // namespace

int main(int argc, char **argv) {
  long long mutations = 10000;
  double max_seconds = 20.0;
  std::uint64_t seed = 1;
  std::string dict_path, value, artifact_prefix;
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (Flag(arg, "mutations", &value)) {
      mutations = std::stoll(value);
    } else if (Flag(arg, "max_seconds", &value)) {
      max_seconds = std::stod(value);
    } else if (Flag(arg, "seed", &value)) {
      seed = std::stoull(value);
    } else if (Flag(arg, "dict", &value)) {
      dict_path = value;
    } else if (Flag(arg, "artifact_prefix", &value)) {
      artifact_prefix = value;
    } else if (arg.rfind("--", 0) == 0) {
      std::fprintf(stderr, "replay: unknown flag %s\n", arg.c_str());
      return 2;
    } else if (std::filesystem::is_directory(arg)) {
      for (const auto &e : std::filesystem::recursive_directory_iterator(arg)) {
        if (e.is_regular_file()) files.push_back(e.path());
      }
    } else {
      files.emplace_back(arg);
    }
  }
  std::sort(files.begin(), files.end());
  std::snprintf(g_crash_path, sizeof(g_crash_path), "%scrash", artifact_prefix.c_str());
  for (int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) signal(sig, OnCrash);

  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  std::vector<Bytes> corpus;
  for (const auto &path : files) {
    Bytes b;
    if (!ReadFile(path, &b)) {
      std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
      return 2;
    }
    Run(b);
    corpus.push_back(std::move(b));
  }
  const double corpus_seconds = elapsed();
  const std::vector<Bytes> dict =
      dict_path.empty() ? std::vector<Bytes>{} : ReadDictionary(dict_path);
  Mutator mutator(seed, corpus, dict);
  long long done = 0;
  while (done < mutations && elapsed() < max_seconds) {
    Run(mutator.Next());
    ++done;
  }
  const double seconds = elapsed();
  std::printf(
      "replay: %zu corpus files in %.2f s, then %lld mutations (seed %llu, %zu "
      "dictionary "
      "words): %lld executions in %.2f s (%.0f exec/s), no crash\n",
      files.size(), corpus_seconds, done, static_cast<unsigned long long>(seed), dict.size(),
      static_cast<long long>(files.size()) + done, seconds,
      seconds > 0 ? (static_cast<double>(files.size()) + done) / seconds : 0.0);
  return 0;
}
