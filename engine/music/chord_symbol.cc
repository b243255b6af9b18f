#include "engine/music/chord_symbol.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "engine/music/pitch_class.h"

namespace stori::music {
namespace {

// Chord tones as semitones above the root; -1 where a tone is absent.
struct Spelling {
  int third = 4;
  int fifth = 7;
  int seventh = -1;
  int sixth = -1;
  int sus = 0;                  // 2 or 4: the 3rd is replaced by a 2nd or 4th
  std::vector<int> extensions;  // any further tones (9ths as 14 etc.)
};

absl::Status ChordError(absl::string_view text, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("chord \"", text, "\": ", what));
}

ChordQuality QualityOf(const Spelling& s) {
  if (s.sus == 2) return ChordQuality::kSus2;
  if (s.sus == 4) return ChordQuality::kSus4;
  if (s.third == 3) {
    if (s.fifth == 6) {
      if (s.seventh == 9) return ChordQuality::kDiminished7;
      if (s.seventh == 10) return ChordQuality::kHalfDiminished7;
      return ChordQuality::kDiminished;
    }
    if (s.seventh == 10) return ChordQuality::kMinor7;
    if (s.seventh == 11) return ChordQuality::kMinorMajor7;
    if (s.sixth == 9) return ChordQuality::kMinor6;
    return ChordQuality::kMinor;
  }
  if (s.fifth == 8) return ChordQuality::kAugmented;
  if (s.seventh == 10) return ChordQuality::kDominant7;
  if (s.seventh == 11) return ChordQuality::kMajor7;
  if (s.sixth == 9) return ChordQuality::kMajor6;
  return ChordQuality::kMajor;
}

ChordSymbol Finish(int root, int bass, const Spelling& s) {
  ChordSymbol chord;
  chord.root_pc = root;
  chord.bass_pc = bass;
  chord.quality = QualityOf(s);
  std::vector<int> tones = {0, s.third, s.fifth, s.seventh, s.sixth};
  if (s.sus != 0) tones.push_back(s.sus == 2 ? 2 : 5);
  tones.insert(tones.end(), s.extensions.begin(), s.extensions.end());
  for (int t : tones) {
    if (t >= 0) chord.pitch_classes.push_back(PitchClass(root + t));
  }
  chord.pitch_classes.push_back(bass);
  std::sort(chord.pitch_classes.begin(), chord.pitch_classes.end());
  chord.pitch_classes.erase(std::unique(chord.pitch_classes.begin(), chord.pitch_classes.end()),
                            chord.pitch_classes.end());
  return chord;
}

// Semitones above the root of scale degree `degree` (1..13) of a major scale; -1 if invalid.
int DegreeSemitones(int degree) {
  constexpr int kMajorScale[7] = {0, 2, 4, 5, 7, 9, 11};
  if (degree < 1 || degree > 13) return -1;
  return kMajorScale[(degree - 1) % 7] + (degree > 7 ? 12 : 0);
}

// Reads accidentals and a degree number ("b7", "#11", "3") from the front of `*text`; returns
// the semitones above the root and the degree, or -1 when none is there.
int TakeDegree(absl::string_view* text, int* degree) {
  int shift = 0;
  std::size_t i = 0;
  for (; i < text->size() && ((*text)[i] == 'b' || (*text)[i] == '#'); ++i) {
    shift += (*text)[i] == '#' ? 1 : -1;
  }
  std::size_t digits = 0;
  int number = 0;
  while (i + digits < text->size() && digits < 2 && absl::ascii_isdigit((*text)[i + digits])) {
    number = number * 10 + ((*text)[i + digits] - '0');
    ++digits;
  }
  const int semitones = DegreeSemitones(number);
  if (digits == 0 || semitones < 0) return -1;
  text->remove_prefix(i + digits);
  *degree = number;
  return semitones + shift;
}

// Sets the tone a degree names: 3rds, 5ths, 7ths and the natural 6th replace the chord's own;
// others are added. `omit` removes it instead (Harte's "*3").
void ApplyDegree(int degree, int semitones, bool omit, Spelling* s) {
  int* slot = degree == 3                       ? &s->third
              : degree == 5                     ? &s->fifth
              : degree == 7                     ? &s->seventh
              : (degree == 6 && semitones == 9) ? &s->sixth
                                                : nullptr;
  if (slot != nullptr) {
    *slot = omit ? -1 : semitones;
    return;
  }
  auto& ext = s->extensions;
  if (omit) {
    ext.erase(std::remove(ext.begin(), ext.end(), semitones), ext.end());
  } else if (degree != 1) {
    ext.push_back(semitones);
  }
}

// --- Harte et al. 2005 -------------------------------------------------------------------------

struct HarteShorthand {
  const char* name;
  int third, fifth, seventh, sixth, sus;
  int extensions[3];  // 0: none
};

// Shorthands of Harte et al. 2005, Table 2, plus the extended ones POP909-style data uses.
constexpr HarteShorthand kHarteShorthands[] = {
    {"maj", 4, 7, -1, -1, 0, {}},         {"min", 3, 7, -1, -1, 0, {}},
    {"dim", 3, 6, -1, -1, 0, {}},         {"aug", 4, 8, -1, -1, 0, {}},
    {"maj7", 4, 7, 11, -1, 0, {}},        {"min7", 3, 7, 10, -1, 0, {}},
    {"7", 4, 7, 10, -1, 0, {}},           {"dim7", 3, 6, 9, -1, 0, {}},
    {"hdim7", 3, 6, 10, -1, 0, {}},       {"minmaj7", 3, 7, 11, -1, 0, {}},
    {"maj6", 4, 7, -1, 9, 0, {}},         {"min6", 3, 7, -1, 9, 0, {}},
    {"9", 4, 7, 10, -1, 0, {14}},         {"maj9", 4, 7, 11, -1, 0, {14}},
    {"min9", 3, 7, 10, -1, 0, {14}},      {"11", 4, 7, 10, -1, 0, {14, 17}},
    {"min11", 3, 7, 10, -1, 0, {14, 17}}, {"13", 4, 7, 10, -1, 0, {14, 21}},
    {"maj13", 4, 7, 11, -1, 0, {14, 21}}, {"min13", 3, 7, 10, -1, 0, {14, 17, 21}},
    {"sus2", -1, 7, -1, -1, 2, {}},       {"sus4", -1, 7, -1, -1, 4, {}},
    {"", -1, -1, -1, -1, 0, {}},  // degrees only: "C:(1,3,5)"
};

const HarteShorthand* FindHarteShorthand(absl::string_view name) {
  for (const HarteShorthand& h : kHarteShorthands) {
    if (name == h.name) return &h;
  }
  return nullptr;
}

absl::StatusOr<ChordSymbol> ParseHarte(absl::string_view text, int root, absl::string_view rest) {
  int bass = root;
  const std::size_t slash = rest.find('/');
  if (slash != absl::string_view::npos) {
    absl::string_view bass_text = rest.substr(slash + 1);
    int degree = 0;
    const int semitones = TakeDegree(&bass_text, &degree);
    if (semitones < 0 || !bass_text.empty()) {
      return ChordError(text, absl::StrCat("bass degree \"", rest.substr(slash + 1),
                                           "\"; expected a degree such as 3, b3, 5 or b7"));
    }
    bass = PitchClass(root + semitones);
    rest = rest.substr(0, slash);
  }
  const std::size_t paren = rest.find('(');
  const HarteShorthand* h = FindHarteShorthand(rest.substr(0, paren));
  if (h == nullptr || (h->name[0] == '\0' && paren == absl::string_view::npos)) {
    return ChordError(text, absl::StrCat("unknown shorthand \"", rest.substr(0, paren),
                                         "\"; expected maj, min, dim, aug, 7, maj7, min7, dim7, "
                                         "hdim7, minmaj7, maj6, min6, 9, maj9, min9, sus2, sus4 "
                                         "or a degree list"));
  }
  Spelling s{h->third, h->fifth, h->seventh, h->sixth, h->sus, {}};
  for (int e : h->extensions) {
    if (e != 0) s.extensions.push_back(e);
  }
  if (paren != absl::string_view::npos) {
    if (rest.back() != ')') return ChordError(text, "degree list lacks its closing \")\"");
    const absl::string_view list = rest.substr(paren + 1, rest.size() - paren - 2);
    for (absl::string_view item : absl::StrSplit(list, ',')) {
      item = absl::StripAsciiWhitespace(item);
      const absl::string_view whole_item = item;
      const bool omit = absl::ConsumePrefix(&item, "*");
      int degree = 0;
      const int semitones = TakeDegree(&item, &degree);
      if (semitones < 0 || !item.empty()) {
        return ChordError(text, absl::StrCat("degree \"", whole_item,
                                             "\"; expected 1..13 with "
                                             "optional b, # or a leading * to omit"));
      }
      ApplyDegree(degree, semitones, omit, &s);
    }
  }
  return Finish(root, bass, s);
}

// --- Lead-sheet symbols ------------------------------------------------------------------------

enum class Head {
  kPlain,
  kMajor7,
  kDelta,
  kMinor,
  kMinorMajor7,
  kDiminished,
  kAugmented,
  kHalfDiminished
};

struct HeadPrefix {
  const char* text;
  Head head;
};

// Longest prefixes first where one prefix starts another ("minmaj" before "min" before "m").
constexpr HeadPrefix kHeads[] = {
    {"minmaj", Head::kMinorMajor7},
    {"minMaj", Head::kMinorMajor7},
    {"mMaj", Head::kMinorMajor7},
    {"mmaj", Head::kMinorMajor7},
    {"mM", Head::kMinorMajor7},
    {"m\u0394", Head::kMinorMajor7},
    {"-maj", Head::kMinorMajor7},
    {"-\u0394", Head::kMinorMajor7},
    {"maj", Head::kMajor7},
    {"Maj", Head::kMajor7},
    {"M", Head::kMajor7},
    {"\u0394", Head::kDelta},
    {"min", Head::kMinor},
    {"mi", Head::kMinor},
    {"m", Head::kMinor},
    {"-", Head::kMinor},
    {"dim", Head::kDiminished},
    {"o", Head::kDiminished},
    {"\u00B0", Head::kDiminished},
    {"aug", Head::kAugmented},
    {"+", Head::kAugmented},
    {"\u00F8", Head::kHalfDiminished},
    {"\u00D8", Head::kHalfDiminished},
};

// Reads the quality head; returns the 7th its number implies (10, 11 or 9 semitones).
int TakeHead(absl::string_view* rest, Spelling* s, bool* forces_seventh) {
  Head head = Head::kPlain;
  for (const HeadPrefix& p : kHeads) {
    if (absl::ConsumePrefix(rest, p.text)) {
      head = p.head;
      break;
    }
  }
  *forces_seventh =
      head == Head::kDelta || head == Head::kMinorMajor7 || head == Head::kHalfDiminished;
  switch (head) {
    case Head::kPlain:
      return 10;
    case Head::kMajor7:
    case Head::kDelta:
      return 11;
    case Head::kMinor:
      s->third = 3;
      return 10;
    case Head::kMinorMajor7:
      s->third = 3;
      return 11;
    case Head::kDiminished:
      s->third = 3;
      s->fifth = 6;
      return 9;
    case Head::kAugmented:
      s->fifth = 8;
      return 10;
    case Head::kHalfDiminished:
      s->third = 3;
      s->fifth = 6;
      return 10;
  }
  return 10;
}

// Reads the chord number (6, 69, 7, 9, 11, 13) if any and applies it.
absl::Status TakeNumber(absl::string_view text, absl::string_view* rest, int seventh,
                        bool forces_seventh, Spelling* s) {
  std::size_t digits = 0;
  while (digits < rest->size() && digits < 2 && absl::ascii_isdigit((*rest)[digits])) ++digits;
  const std::string number(rest->substr(0, digits));
  rest->remove_prefix(digits);
  if (number.empty()) {
    if (forces_seventh) s->seventh = seventh;
    return absl::OkStatus();
  }
  if (number == "6" || number == "69") {
    s->sixth = 9;
    if (number == "69") s->extensions.push_back(14);
    if (forces_seventh) s->seventh = seventh;
    return absl::OkStatus();
  }
  if (number != "7" && number != "9" && number != "11" && number != "13") {
    return ChordError(text, absl::StrCat("unknown chord number \"", number,
                                         "\"; expected 6, 69, 7, 9, 11 or 13"));
  }
  s->seventh = seventh;
  if (number != "7") s->extensions.push_back(14);
  if (number == "11") s->extensions.push_back(17);
  if (number == "13") {
    s->extensions.push_back(21);
    if (s->third == 3) s->extensions.push_back(17);
  }
  return absl::OkStatus();
}

// Reads one alteration, added tone, sus or omission; false if none is at the front.
bool TakeModifier(absl::string_view* rest, Spelling* s) {
  if (absl::ConsumePrefix(rest, "sus2")) {
    s->sus = 2;
  } else if (absl::ConsumePrefix(rest, "sus4") || absl::ConsumePrefix(rest, "sus")) {
    s->sus = 4;
  } else if (absl::ConsumePrefix(rest, "no3") || absl::ConsumePrefix(rest, "omit3")) {
    s->third = -1;
  } else if (absl::ConsumePrefix(rest, "no5") || absl::ConsumePrefix(rest, "omit5")) {
    s->fifth = -1;
  } else if (absl::StartsWith(*rest, "add")) {
    absl::string_view probe = rest->substr(3);
    int degree = 0;
    const int semitones = TakeDegree(&probe, &degree);
    if (semitones < 0) return false;
    s->extensions.push_back(semitones);
    *rest = probe;
  } else {
    absl::string_view probe = *rest;
    int degree = 0;
    const int semitones = TakeDegree(&probe, &degree);
    if (semitones < 0) return false;
    const bool altered = rest->front() == 'b' || rest->front() == '#';
    if (degree == 5 && altered) {
      s->fifth = semitones;
    } else if (degree == 9 || degree == 11 || degree == 13) {
      s->extensions.push_back(semitones);  // b9, #9, #11, b13, or (9), (11), (13)
    } else {
      return false;
    }
    *rest = probe;
  }
  if (s->sus != 0) s->third = -1;
  return true;
}

absl::StatusOr<ChordSymbol> ParseLeadSheet(absl::string_view text, int root,
                                           absl::string_view rest) {
  std::string body(rest);
  int bass = root;
  const std::size_t slash = body.rfind('/');
  if (slash != std::string::npos) {
    const std::string after = body.substr(slash + 1);
    if (after == "9" && slash > 0 && body[slash - 1] == '6') {
      body.erase(slash, 1);  // "6/9" is the 69 chord, not a slash chord
    } else {
      std::size_t consumed = 0;
      bass = ParseNoteName(after, &consumed);
      if (bass < 0 || consumed != after.size()) {
        return ChordError(text, absl::StrCat("bass \"", after,
                                             "\" after \"/\"; expected a note "
                                             "name A-G with optional # or b"));
      }
      body.erase(slash);
    }
  }
  absl::string_view remaining = body;
  Spelling s;
  bool forces_seventh = false;
  const int seventh = TakeHead(&remaining, &s, &forces_seventh);
  absl::Status number = TakeNumber(text, &remaining, seventh, forces_seventh, &s);
  if (!number.ok()) return number;
  int depth = 0;
  while (!remaining.empty()) {
    const char c = remaining.front();
    if (c == '(' || c == ')' || c == ',' || c == ' ') {
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (depth < 0 || depth > 1) return ChordError(text, "unbalanced parentheses");
      remaining.remove_prefix(1);
    } else if (!TakeModifier(&remaining, &s)) {
      return ChordError(text, absl::StrCat("unknown extension \"", remaining,
                                           "\"; expected b5, #5, b9, #9, #11, b13, add9, sus2, "
                                           "sus4 or a /bass note"));
    }
  }
  if (depth != 0) return ChordError(text, "unbalanced parentheses");
  return Finish(root, bass, s);
}

}  // namespace

absl::StatusOr<ChordSymbol> ParseChordSymbol(absl::string_view text) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  if (trimmed.empty()) return ChordError(text, "empty; expected a root note A-G");
  std::size_t consumed = 0;
  const int root = ParseNoteName(trimmed, &consumed);
  if (root < 0) {
    return ChordError(text, absl::StrCat("root \"", trimmed.substr(0, 1),
                                         "\"; expected A-G with optional # or b"));
  }
  absl::string_view rest = trimmed.substr(consumed);
  if (absl::ConsumePrefix(&rest, ":")) return ParseHarte(text, root, rest);
  return ParseLeadSheet(text, root, rest);
}

bool IsNoChord(absl::string_view text) {
  const absl::string_view t = absl::StripAsciiWhitespace(text);
  return t == "N" || t == "NC" || t == "N.C.";
}

const char* ChordQualityName(ChordQuality quality) {
  switch (quality) {
    case ChordQuality::kMajor:
      return "maj";
    case ChordQuality::kMinor:
      return "min";
    case ChordQuality::kDiminished:
      return "dim";
    case ChordQuality::kAugmented:
      return "aug";
    case ChordQuality::kSus2:
      return "sus2";
    case ChordQuality::kSus4:
      return "sus4";
    case ChordQuality::kDominant7:
      return "7";
    case ChordQuality::kMajor7:
      return "maj7";
    case ChordQuality::kMinor7:
      return "min7";
    case ChordQuality::kHalfDiminished7:
      return "hdim7";
    case ChordQuality::kDiminished7:
      return "dim7";
    case ChordQuality::kMinorMajor7:
      return "minmaj7";
    case ChordQuality::kMajor6:
      return "maj6";
    case ChordQuality::kMinor6:
      return "min6";
  }
  return "maj";
}

std::vector<int> ChordQualityIntervals(ChordQuality quality) {
  switch (quality) {
    case ChordQuality::kMajor:
      return {0, 4, 7};
    case ChordQuality::kMinor:
      return {0, 3, 7};
    case ChordQuality::kDiminished:
      return {0, 3, 6};
    case ChordQuality::kAugmented:
      return {0, 4, 8};
    case ChordQuality::kSus2:
      return {0, 2, 7};
    case ChordQuality::kSus4:
      return {0, 5, 7};
    case ChordQuality::kDominant7:
      return {0, 4, 7, 10};
    case ChordQuality::kMajor7:
      return {0, 4, 7, 11};
    case ChordQuality::kMinor7:
      return {0, 3, 7, 10};
    case ChordQuality::kHalfDiminished7:
      return {0, 3, 6, 10};
    case ChordQuality::kDiminished7:
      return {0, 3, 6, 9};
    case ChordQuality::kMinorMajor7:
      return {0, 3, 7, 11};
    case ChordQuality::kMajor6:
      return {0, 4, 7, 9};
    case ChordQuality::kMinor6:
      return {0, 3, 7, 9};
  }
  return {0, 4, 7};
}

}  // namespace stori::music
