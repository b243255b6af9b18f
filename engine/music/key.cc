#include "engine/music/key.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "engine/music/pitch_class.h"

namespace stori::music {
namespace {

constexpr int kMajorSteps[7] = {0, 2, 4, 5, 7, 9, 11};
constexpr int kMinorSteps[7] = {0, 2, 3, 5, 7, 8, 10};

absl::Status KeyError(absl::string_view text, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("key \"", text, "\": ", what));
}

// Mode words; true on success, setting *minor.
bool ParseMode(absl::string_view mode, bool* minor) {
  if (mode.empty() || mode == "M") {
    *minor = false;
    return true;
  }
  if (mode == "m") {
    *minor = true;
    return true;
  }
  const std::string lower = absl::AsciiStrToLower(mode);
  if (lower == "maj" || lower == "major") {
    *minor = false;
    return true;
  }
  if (lower == "min" || lower == "minor") {
    *minor = true;
    return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<Key> ParseKey(absl::string_view text) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  std::size_t consumed = 0;
  const int tonic = ParseNoteName(trimmed, &consumed);
  if (tonic < 0) {
    return KeyError(text, absl::StrCat("tonic \"", trimmed.substr(0, 1),
                                       "\"; expected A-G with optional # or b"));
  }
  absl::string_view mode = trimmed.substr(consumed);
  if (!absl::ConsumePrefix(&mode, ":")) absl::ConsumePrefix(&mode, " ");
  Key key{tonic, false};
  if (!ParseMode(mode, &key.minor)) {
    return KeyError(text,
                    absl::StrCat("mode \"", mode, "\"; expected major, minor, maj, min, M or m"));
  }
  return key;
}

std::vector<int> ScalePitchClasses(const Key& key) {
  const int* steps = key.minor ? kMinorSteps : kMajorSteps;
  std::vector<int> out;
  for (int i = 0; i < 7; ++i) out.push_back(PitchClass(key.tonic_pc + steps[i]));
  return out;
}

KeySignature KeySignatureFor(const Key& key, std::int64_t tick) {
  // The major key with the same signature (relative major for minor keys); each fifth up adds
  // a sharp: sharps = 7 * pc mod 12, folded into -6..5.
  const int major_tonic = PitchClass(key.tonic_pc + (key.minor ? 3 : 0));
  int sharps = PitchClass(7 * major_tonic);
  if (sharps > 5) sharps -= 12;
  return KeySignature{tick, sharps, key.minor};
}

absl::StatusOr<Key> KeyFromSignature(const KeySignature& signature) {
  if (signature.sharps_flats < -7 || signature.sharps_flats > 7) {
    return absl::InvalidArgumentError(
        absl::StrCat("key signature sharps_flats ", signature.sharps_flats, "; expected -7..7"));
  }
  const int major_tonic = PitchClass(7 * signature.sharps_flats);
  return Key{PitchClass(major_tonic - (signature.minor ? 3 : 0)), signature.minor};
}

std::string KeyName(const Key& key) {
  const bool flats = KeySignatureFor(key).sharps_flats < 0;
  return absl::StrCat(PitchClassName(key.tonic_pc, flats), key.minor ? "m" : "");
}

}  // namespace stori::music
