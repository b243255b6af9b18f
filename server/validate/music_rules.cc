#include "server/validate/music_rules.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "engine/music/chord_symbol.h"
#include "engine/music/key.h"
#include "server/validate/field_checks.h"
#include "server/validate/limits.h"

namespace stori::server::validate {

bool CheckTempo(double tempo_bpm, absl::string_view path, FieldViolations& out) {
  return CheckRange(tempo_bpm, kMinTempoBpm, kMaxTempoBpm, path, out);
}

bool CheckTimeSignature(const v1::TimeSignature& ts, absl::string_view path, FieldViolations& out) {
  bool ok =
      CheckIntRange(ts.numerator(), 1, kMaxTimeSignatureNumerator, Child(path, "numerator"), out);
  const std::uint32_t d = ts.denominator();
  if (d == 0 || d > kMaxTimeSignatureDenominator || (d & (d - 1)) != 0) {
    out.Add(Child(path, "denominator"), absl::StrCat("must be 1, 2, 4, 8, 16 or 32; got ", d));
    ok = false;
  }
  return ok;
}

bool CheckKey(absl::string_view key, absl::string_view path, FieldViolations& out) {
  if (!CheckLength(key, 1, kMaxKeyBytes, path, out)) return false;
  const auto parsed = music::ParseKey(key);
  if (parsed.ok()) return true;
  out.Add(path, parsed.status().message());
  return false;
}

bool CheckChordSymbol(absl::string_view symbol, absl::string_view path, FieldViolations& out) {
  if (!CheckLength(symbol, 1, kMaxChordSymbolBytes, path, out)) return false;
  if (music::IsNoChord(symbol)) return true;
  const auto parsed = music::ParseChordSymbol(symbol);
  if (parsed.ok()) return true;
  out.Add(path, parsed.status().message());
  return false;
}

double BeatsPerBar(const v1::TimeSignature& ts) { return 4.0 * ts.numerator() / ts.denominator(); }

}  // namespace stori::server::validate
