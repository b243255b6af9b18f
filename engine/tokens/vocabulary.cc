#include "engine/tokens/vocabulary.h"

#include <cassert>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "engine/tokens/track_attributes.h"

namespace stori::tokens {
namespace {

// Chord quality names in music::ChordQuality order (engine/music/chord_symbol.h).
constexpr std::array<const char*, kNumChordQualities> kChordQualityTokenNames = {
    "maj", "min", "dim", "aug", "sus2", "sus4", "7", "maj7", "min7", "hdim7", "dim7", "minmaj7",
    "maj6", "min6"};

std::vector<std::string> Numbered(int n, int first = 0) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(absl::StrCat(first + i));
  return out;
}

template <std::size_t N>
std::vector<std::string> Names(const std::array<const char*, N>& names) {
  return std::vector<std::string>(names.begin(), names.end());
}

}  // namespace

Vocabulary::Vocabulary() {
  Add(TokenKind::kPad, {});
  Add(TokenKind::kBos, {});
  Add(TokenKind::kEos, {});
  Add(TokenKind::kTrackEnd, {});
  Add(TokenKind::kTrack, Names(kTrackTokenRoles));
  Add(TokenKind::kGenre, Names(kGenreNames));
  Add(TokenKind::kSection, Names(kSectionNames));
  std::vector<std::string> keys;
  for (int pc = 0; pc < 12; ++pc) {
    keys.push_back(absl::StrCat(pc, "_maj"));
    keys.push_back(absl::StrCat(pc, "_min"));
  }
  keys.push_back("none");
  Add(TokenKind::kKey, keys);
  std::vector<std::string> meters;
  for (const Meter& m : kMeters) {
    meters.push_back(m.numerator == 0 ? "other" : absl::StrCat(m.numerator, "_", m.denominator));
  }
  Add(TokenKind::kMeter, meters);
  Add(TokenKind::kTempo, Numbered(kTempoBinEdgesBpm.size() + 1));
  Add(TokenKind::kDensity, Numbered(kNumDensityBins));
  Add(TokenKind::kRegister, Numbered(kNumRegisterBins));
  Add(TokenKind::kVelocityLevel, Numbered(kNumVelocityLevelBins));
  Add(TokenKind::kSyncopation, Numbered(kNumSyncopationBins));
  Add(TokenKind::kPolyphony, Numbered(kNumPolyphonyBins));
  Add(TokenKind::kNoteLength, Numbered(kNumNoteLengthBins));
  Add(TokenKind::kEmptyBeats, Numbered(kNumEmptyBeatBins));
  Add(TokenKind::kBar, {});
  Add(TokenKind::kChordBeat, Numbered(kMaxBeatsPerBar));
  std::vector<std::string> chords;
  for (int root = 0; root < 12; ++root) {
    for (const char* q : kChordQualityTokenNames) chords.push_back(absl::StrCat(root, "_", q));
  }
  chords.push_back("none");
  Add(TokenKind::kChord, chords);
  Add(TokenKind::kPosition, Numbered(kMaxStepsPerBar));
  Add(TokenKind::kPitch, Numbered(128));
  Add(TokenKind::kDrum, Numbered(kLastDrumKey - kFirstDrumKey + 1, kFirstDrumKey));
  Add(TokenKind::kVelocity, Numbered(kNumVelocityBins));
  Add(TokenKind::kDuration, Numbered(kDurationSteps.size()));
}

void Vocabulary::Add(TokenKind kind, const std::vector<std::string>& value_names) {
  static constexpr std::array<const char*, static_cast<int>(TokenKind::kNumKinds)> kKindNames = {
      "Pad",       "Bos",      "Eos",           "TrackEnd",    "Track",     "Genre",
      "Section",   "Key",      "Meter",         "Tempo",       "Density",   "Register",
      "VelocityLevel", "Syncopation", "Polyphony", "NoteLength", "EmptyBeats", "Bar", "ChordBeat",
      "Chord",     "Position", "Pitch",         "Drum",        "Velocity",  "Duration"};
  const int k = static_cast<int>(kind);
  offsets_[k] = size();
  const std::string kind_name = kKindNames[k];
  if (value_names.empty()) {
    counts_[k] = 1;
    by_name_[kind_name] = size();
    names_.push_back(kind_name);
    kinds_.push_back(kind);
    return;
  }
  counts_[k] = static_cast<int>(value_names.size());
  for (const std::string& v : value_names) {
    std::string name = absl::StrCat(kind_name, "_", v);
    by_name_[name] = size();
    names_.push_back(std::move(name));
    kinds_.push_back(kind);
  }
}

TokenId Vocabulary::Id(TokenKind kind, int value) const {
  const int k = static_cast<int>(kind);
  assert(value >= 0 && value < counts_[k]);
  return offsets_[k] + value;
}

absl::StatusOr<TokenId> Vocabulary::IdOf(absl::string_view name) const {
  auto it = by_name_.find(std::string(name));
  if (it == by_name_.end()) {
    return absl::NotFoundError(absl::StrCat("token \"", name, "\" is not in the vocabulary"));
  }
  return it->second;
}

std::string Vocabulary::ToJson() const {
  std::string out = absl::StrCat("{\n  \"format\": \"stori-remi\",\n  \"version\": ", kVersion,
                                 ",\n  \"steps_per_beat\": ", kStepsPerBeat,
                                 ",\n  \"size\": ", size(), ",\n  \"tokens\": [\n");
  for (int i = 0; i < size(); ++i) {
    absl::StrAppend(&out, "    \"", names_[i], "\"", i + 1 < size() ? ",\n" : "\n");
  }
  absl::StrAppend(&out, "  ]\n}\n");
  return out;
}

int GenreIndex(absl::string_view label) {
  std::string s = absl::AsciiStrToLower(label);
  s = absl::StrReplaceAll(s, {{"-", ""}, {"_", ""}, {"&", ""}, {"'", ""}});
  struct Alias {
    const char* from;
    const char* to;
  };
  static constexpr Alias kAliases[] = {
      {"hiphop", "hiphop"}, {"rap", "hiphop"},     {"trap", "hiphop"},    {"lofi", "hiphop"},
      {"rnb", "rnb"},       {"rb", "rnb"},         {"edm", "electronic"}, {"house", "dance"},
      {"techno", "electronic"}, {"disco", "dance"}, {"synth", "electronic"}, {"bossa", "latin"},
      {"salsa", "latin"},   {"samba", "latin"},    {"swing", "jazz"},     {"bebop", "jazz"},
      {"motown", "soul"},   {"grunge", "rock"},    {"indie", "indie"},    {"folk", "folk"},
      {"orchestral", "cinematic"}, {"film", "cinematic"}, {"ambient", "ambient"}};
  for (std::size_t i = 0; i < kGenreNames.size(); ++i) {
    if (s == kGenreNames[i]) return static_cast<int>(i);
  }
  for (const Alias& a : kAliases) {
    if (s.find(a.from) != std::string::npos) {
      for (std::size_t i = 0; i < kGenreNames.size(); ++i) {
        if (absl::string_view(kGenreNames[i]) == a.to) return static_cast<int>(i);
      }
    }
  }
  for (std::size_t i = 0; i + 1 < kGenreNames.size(); ++i) {
    if (s.find(kGenreNames[i]) != std::string::npos) return static_cast<int>(i);
  }
  return static_cast<int>(kGenreNames.size()) - 1;
}

int SectionIndex(absl::string_view section_type) {
  std::string s = absl::AsciiStrToLower(section_type);
  s = absl::StrReplaceAll(s, {{"-", "_"}, {" ", "_"}});
  if (s == "prechorus") s = "pre_chorus";
  if (s == "build" || s == "build_up") s = "buildup";
  for (std::size_t i = 0; i < kSectionNames.size(); ++i) {
    if (s == kSectionNames[i]) return static_cast<int>(i);
  }
  return 0;
}

int MeterIndex(int numerator, int denominator) {
  for (std::size_t i = 0; i + 1 < kMeters.size(); ++i) {
    if (kMeters[i].numerator == numerator && kMeters[i].denominator == denominator) {
      return static_cast<int>(i);
    }
  }
  return static_cast<int>(kMeters.size()) - 1;
}

int TempoBin(double bpm) { return BinOf(bpm, kTempoBinEdgesBpm); }

}  // namespace stori::tokens
