#include "engine/music/instrument_names.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "engine/music/gm_program.h"

namespace stori::music {
namespace {

// Lower-case words of `text`: runs of letters and digits.
std::vector<std::string> Words(absl::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      word.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// `word` without a trailing plural ("pads" -> "pad", "brushes" -> "brush"; "bass" and "brass"
// keep theirs).
std::string Singular(const std::string& word) {
  for (absl::string_view suffix : {"shes", "ches", "xes"}) {
    if (word.size() > suffix.size() + 1 && absl::EndsWith(word, suffix)) {
      return word.substr(0, word.size() - 2);
    }
  }
  if (word.size() > 3 && word.back() == 's' && word[word.size() - 2] != 's') {
    return word.substr(0, word.size() - 1);
  }
  return word;
}

std::string Joined(const std::vector<std::string>& words) { return absl::StrJoin(words, ""); }

std::string WithoutDigits(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (absl::ascii_isalpha(static_cast<unsigned char>(c))) {
      out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

struct NamedProgram {
  absl::string_view name;  // words joined, singular
  int program;
};

// GS drum kits (program numbers 0-based).
constexpr NamedProgram kKitVariants[] = {
    {"", 0},          {"standard", 0},   {"acoustic", 0}, {"gm", 0},       {"pop", 0},
    {"room", 8},      {"power", 16},     {"rock", 16},    {"electronic", 24}, {"electric", 24},
    {"edm", 24},      {"808", 25},       {"tr808", 25},   {"hiphop", 25},  {"trap", 25},
    {"jazz", 32},     {"brush", 40},     {"orchestra", 48}, {"orchestral", 48},
};

// Plain family words (joined, singular) -> GM program.
constexpr NamedProgram kFamilyWords[] = {
    {"piano", 0},         {"grandpiano", 0},     {"acousticpiano", 0},  {"key", 0},
    {"keyboard", 0},      {"brightpiano", 1},    {"electricpiano", 4},  {"epiano", 4},
    {"rhode", 4},         {"wurlitzer", 5},      {"clavinet", 7},       {"bell", 14},
    {"organ", 16},        {"hammond", 16},       {"guitar", 25},        {"acousticguitar", 25},
    {"nylonguitar", 24},  {"classicalguitar", 24}, {"electricguitar", 27}, {"cleanguitar", 27},
    {"distortedguitar", 30}, {"bass", 33},       {"electricbass", 33},  {"bassguitar", 33},
    {"uprightbass", 32},  {"doublebass", 32},    {"synthbass", 38},     {"sub", 38},
    {"subbass", 38},      {"string", 48},        {"strings", 48},       {"choir", 52},
    {"voice", 53},        {"vocal", 53},         {"brass", 61},         {"horn", 61},
    {"sax", 65},          {"saxophone", 65},     {"synth", 80},         {"lead", 80},
    {"synthlead", 80},    {"arp", 81},           {"arpeggio", 81},      {"arpeggiator", 81},
    {"pad", 89},          {"synthpad", 89},      {"warmpad", 89},       {"fx", 99},
    {"sfx", 99},          {"effect", 99},        {"atmosphere", 99},
};

// A kit name: the words include "kit", or "drum"/"drums" with at most a variant beside them.
absl::optional<ResolvedInstrument> ResolveKit(const std::vector<std::string>& words) {
  bool kit_word = false, drum_word = false;
  std::vector<std::string> variant;
  for (const std::string& w : words) {
    if (w == "kit") {
      kit_word = true;
    } else if (w == "drum" || w == "drums") {
      drum_word = true;
    } else {
      variant.push_back(Singular(w));
    }
  }
  if (!kit_word && !drum_word) return absl::nullopt;
  ResolvedInstrument out;
  out.is_drum_kit = true;
  out.usual_role = TrackRole::kDrums;
  const std::string wanted = Joined(variant);
  for (const NamedProgram& kit : kKitVariants) {
    if (kit.name == wanted) {
      out.program = kit.program;
      out.match = InstrumentMatch::kDrumKit;
      return out;
    }
  }
  // "drum" beside an unknown word is not a kit ("steel drums" is GM 114, matched earlier).
  if (!kit_word) return absl::nullopt;
  out.program = 0;
  out.match = InstrumentMatch::kDrumKitUnknownVariant;
  return out;
}

}  // namespace

TrackRole UsualRoleOfProgram(int program) {
  if (program >= 44 && program <= 46) return TrackRole::kHarmony;  // tremolo, pizzicato, harp
  if (program == 47) return TrackRole::kOther;                     // timpani
  switch (program / 8) {
    case 0:  // piano
    case 2:  // organ
    case 3:  // guitar
      return TrackRole::kHarmony;
    case 4:  // bass
      return TrackRole::kBass;
    case 1:   // chromatic percussion
    case 5:   // solo strings (40..43)
    case 7:   // brass
    case 8:   // reed
    case 9:   // pipe
    case 10:  // synth lead
    case 13:  // ethnic
      return TrackRole::kMelody;
    case 6:   // ensemble
    case 11:  // synth pad
    case 12:  // synth effects
      return TrackRole::kPad;
    default:  // percussive, sound effects
      return TrackRole::kOther;
  }
}

absl::optional<ResolvedInstrument> ResolveInstrumentName(absl::string_view name) {
  const std::vector<std::string> words = Words(name);
  if (words.empty()) return absl::nullopt;
  const std::string joined = Joined(words);
  if (absl::StatusOr<int> program = GmProgramFromName(joined); program.ok()) {
    return ResolvedInstrument{*program, false, UsualRoleOfProgram(*program),
                              InstrumentMatch::kGmName};
  }
  const std::string letters = WithoutDigits(joined);
  if (!letters.empty()) {
    for (int program = 0; program < kNumGmPrograms; ++program) {
      if (WithoutDigits(kGmProgramNames[program]) == letters) {
        return ResolvedInstrument{program, false, UsualRoleOfProgram(program),
                                  InstrumentMatch::kGmNameNoNumber};
      }
    }
  }
  if (auto kit = ResolveKit(words)) return kit;
  std::vector<std::string> singular;
  for (const std::string& w : words) singular.push_back(Singular(w));
  const std::string family = Joined(singular);
  for (const NamedProgram& word : kFamilyWords) {
    if (word.name == family) {
      return ResolvedInstrument{word.program, false, UsualRoleOfProgram(word.program),
                                InstrumentMatch::kFamilyWord};
    }
  }
  return absl::nullopt;
}

absl::optional<TrackRole> TrackRoleFromAlias(absl::string_view text) {
  struct Alias {
    absl::string_view word;
    TrackRole role;
  };
  static constexpr Alias kAliases[] = {
      {"drum", TrackRole::kDrums},        {"kit", TrackRole::kDrums},
      {"percussion", TrackRole::kDrums},  {"perc", TrackRole::kDrums},
      {"beat", TrackRole::kDrums},        {"groove", TrackRole::kDrums},
      {"bass", TrackRole::kBass},         {"bassline", TrackRole::kBass},
      {"sub", TrackRole::kBass},          {"chord", TrackRole::kHarmony},
      {"harmony", TrackRole::kHarmony},   {"comp", TrackRole::kHarmony},
      {"comping", TrackRole::kHarmony},   {"piano", TrackRole::kHarmony},
      {"key", TrackRole::kHarmony},       {"keyboard", TrackRole::kHarmony},
      {"guitar", TrackRole::kHarmony},    {"organ", TrackRole::kHarmony},
      {"rhode", TrackRole::kHarmony},     {"epiano", TrackRole::kHarmony},
      {"arp", TrackRole::kHarmony},       {"arpeggio", TrackRole::kHarmony},
      {"rhythm", TrackRole::kHarmony},    {"brass", TrackRole::kHarmony},
      {"horn", TrackRole::kHarmony},      {"stab", TrackRole::kHarmony},
      {"melody", TrackRole::kMelody},     {"lead", TrackRole::kMelody},
      {"vocal", TrackRole::kMelody},      {"topline", TrackRole::kMelody},
      {"hook", TrackRole::kMelody},       {"solo", TrackRole::kMelody},
      {"line", TrackRole::kMelody},       {"countermelody", TrackRole::kMelody},
      {"sax", TrackRole::kMelody},        {"flute", TrackRole::kMelody},
      {"pad", TrackRole::kPad},           {"string", TrackRole::kPad},
      {"choir", TrackRole::kPad},         {"atmosphere", TrackRole::kPad},
      {"ambient", TrackRole::kPad},       {"drone", TrackRole::kPad},
      {"texture", TrackRole::kPad},       {"fx", TrackRole::kOther},
      {"sfx", TrackRole::kOther},         {"effect", TrackRole::kOther},
      {"noise", TrackRole::kOther},       {"riser", TrackRole::kOther},
      {"other", TrackRole::kOther},
  };
  for (const std::string& word : Words(text)) {
    const std::string singular = Singular(word);
    for (const Alias& alias : kAliases) {
      if (alias.word == singular || alias.word == word) return alias.role;
    }
  }
  return absl::nullopt;
}

}  // namespace stori::music
