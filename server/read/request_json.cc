#include "server/read/request_json.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/types/optional.h"
#include "engine/common/status_macros.h"
#include "engine/music/gm_program.h"
#include "engine/music/instrument_names.h"
#include "engine/music/track.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace stori::server::read {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::ListValue;
using google::protobuf::Struct;
using google::protobuf::Value;

constexpr char kPackage[] = "stori.generation.v1.";
// Doubles hold every integer up to 2^53 exactly (IEEE 754 binary64).
constexpr double kMaxExactJsonInteger = 9007199254740992.0;

// "tempoBpm", "tempo_bpm" and "Tempo-BPM" compare equal in this form.
std::string Normalized(absl::string_view text) { return music::LettersAndDigits(text); }

std::string Child(const std::string& path, absl::string_view field) {
  return path.empty() ? std::string(field) : absl::StrCat(path, ".", field);
}

struct Alias {
  absl::string_view message;  // short message name
  absl::string_view key;      // normalized
  absl::string_view field;    // proto field name
};

// Names the Stori backend and its LLM write for our fields (its flat request, the roadmap RMS).
constexpr Alias kFieldAliases[] = {
    {"RichMusicalSpecification", "tempo", "tempo_bpm"},
    {"RichMusicalSpecification", "bpm", "tempo_bpm"},
    {"RichMusicalSpecification", "meter", "time_signature"},
    {"RichMusicalSpecification", "timesig", "time_signature"},
    {"RichMusicalSpecification", "style", "genre"},
    {"FlatSectionSpec", "tempo", "tempo_bpm"},
    {"FlatSectionSpec", "bpm", "tempo_bpm"},
    {"FlatSectionSpec", "meter", "time_signature"},
    {"FlatSectionSpec", "timesig", "time_signature"},
    {"FlatSectionSpec", "emotion", "emotion_vector"},
    {"FlatSectionSpec", "style", "genre"},
    {"SectionSpec", "name", "section_id"},
    {"SectionSpec", "id", "section_id"},
    {"SectionSpec", "type", "section_type"},
    {"SectionSpec", "tempo", "tempo_bpm"},
    {"SectionSpec", "bpm", "tempo_bpm"},
    {"SectionSpec", "meter", "time_signature"},
    {"SectionSpec", "emotion", "emotion_vector"},
    {"SectionSpec", "motifs", "motif_usage"},
    {"SectionSpec", "motifusages", "motif_usage"},
    {"SectionSpec", "trackbehaviours", "track_behaviors"},
    {"SectionSpec", "behaviors", "track_behaviors"},
    {"SectionSpec", "tracks", "track_behaviors"},
    {"ChordEvent", "chord", "symbol"},
    {"ChordEvent", "name", "symbol"},
    {"Track", "id", "track_id"},
    {"Track", "gmprogram", "program"},
    {"Motif", "id", "motif_id"},
    {"Motif", "intervals", "interval_pattern"},
    {"Motif", "rhythm", "rhythm_pattern"},
    {"Motif", "duration", "duration_beats"},
    {"Motif", "transformations", "allowed_transformations"},
    {"MotifUsage", "motif", "motif_id"},
    {"MotifUsage", "startbeat", "beat"},
    {"MotifUsage", "start", "beat"},
    {"TrackBehavior", "track", "track_id"},
    {"GenerateSectionRequest", "generationconstraints", "constraints"},
    {"GenerateSectionRequest", "preset", "quality_preset"},
    {"RefineSectionRequest", "generationconstraints", "constraints"},
    {"RefineSectionRequest", "preset", "quality_preset"},
    {"RefineSectionRequest", "command", "refinement_command"},
    {"RefineSectionRequest", "delta", "emotion_delta"},
    {"RefineSectionRequest", "priorresult", "prior_result"},
    {"RefineSectionRequest", "previousresult", "prior_result"},
    {"GenerateSongRequest", "generationconstraints", "constraints"},
    {"GenerateSongRequest", "preset", "quality_preset"},
};

// Fields of the roadmap RMS that this service reads nowhere: ignored with their own warning.
constexpr Alias kUnusedRoadmapFields[] = {
    {"RichMusicalSpecification", "rmsversion", ""},
    {"RichMusicalSpecification", "globalemotion", ""},
};

struct EnumAlias {
  absl::string_view enum_name;  // short enum type name
  absl::string_view text;       // normalized
  absl::string_view value;      // enum value name
};

constexpr EnumAlias kEnumAliases[] = {
    {"SectionType", "build", "SECTION_TYPE_BUILDUP"},
    {"SectionType", "riser", "SECTION_TYPE_BUILDUP"},
    {"SectionType", "pre", "SECTION_TYPE_PRE_CHORUS"},
    {"SectionType", "hook", "SECTION_TYPE_CHORUS"},
    {"SectionType", "refrain", "SECTION_TYPE_CHORUS"},
    {"SectionType", "post", "SECTION_TYPE_POST_CHORUS"},
    {"SectionType", "middle", "SECTION_TYPE_BRIDGE"},
    {"SectionType", "middleeight", "SECTION_TYPE_BRIDGE"},
    {"SectionType", "instrumental", "SECTION_TYPE_INTERLUDE"},
    {"SectionType", "coda", "SECTION_TYPE_OUTRO"},
    {"SectionType", "ending", "SECTION_TYPE_OUTRO"},
    {"RhythmValue", "4th", "RHYTHM_VALUE_QUARTER"},
    {"RhythmValue", "crotchet", "RHYTHM_VALUE_QUARTER"},
    {"RhythmValue", "8th", "RHYTHM_VALUE_EIGHTH"},
    {"RhythmValue", "quaver", "RHYTHM_VALUE_EIGHTH"},
    {"RhythmValue", "16th", "RHYTHM_VALUE_SIXTEENTH"},
    {"RhythmValue", "semiquaver", "RHYTHM_VALUE_SIXTEENTH"},
    {"RhythmValue", "minim", "RHYTHM_VALUE_HALF"},
    {"RhythmValue", "semibreve", "RHYTHM_VALUE_WHOLE"},
    {"RhythmValue", "eighthtriplet", "RHYTHM_VALUE_TRIPLET"},
    {"Transformation", "none", "TRANSFORMATION_IDENTITY"},
    {"Transformation", "original", "TRANSFORMATION_IDENTITY"},
    {"Transformation", "expand", "TRANSFORMATION_RHYTHMIC_EXPAND"},
    {"Transformation", "augment", "TRANSFORMATION_RHYTHMIC_EXPAND"},
    {"Transformation", "augmentation", "TRANSFORMATION_RHYTHMIC_EXPAND"},
    {"Transformation", "compress", "TRANSFORMATION_RHYTHMIC_COMPRESS"},
    {"Transformation", "diminution", "TRANSFORMATION_RHYTHMIC_COMPRESS"},
    {"Transformation", "inversion", "TRANSFORMATION_INVERT"},
    {"Transformation", "reverse", "TRANSFORMATION_RETROGRADE"},
    {"Transformation", "octaveshift", "TRANSFORMATION_REGISTER_SHIFT"},
    {"Transformation", "transposition", "TRANSFORMATION_TRANSPOSE"},
    {"Register", "lowmid", "REGISTER_MID_LOW"},
    {"Register", "highmid", "REGISTER_MID_HIGH"},
    {"Register", "upper", "REGISTER_MID_HIGH"},
    {"Register", "middle", "REGISTER_MID"},
    {"QualityPreset", "default", "QUALITY_PRESET_BALANCED"},
};

// Enums whose unknown names are dropped with a warning (the server resolves or ignores them);
// every other enum's unknown name is an error.
bool IsLenientEnum(const EnumDescriptor& e) {
  return e.name() == "TrackRole" || e.name() == "SectionType" || e.name() == "Register";
}

struct WordValue {
  absl::string_view word;  // normalized
  double value;
};

// TrackBehavior.density (0..1 relative to the emotion targets) as the roadmap's words.
constexpr WordValue kDensityWords[] = {
    {"minimal", 0.1}, {"sparse", 0.25}, {"light", 0.35}, {"low", 0.25},   {"medium", 0.5},
    {"moderate", 0.5}, {"normal", 0.5}, {"busy", 0.75},  {"high", 0.75},  {"dense", 0.85},
    {"full", 1.0},
};

// TrackBehavior.priority (0..10, 10 kept longest when thinning) as the roadmap's words.
constexpr WordValue kPriorityWords[] = {
    {"hook", 10},          {"lead", 9},       {"motifstatement", 9}, {"primary", 8},
    {"main", 8},           {"melody", 8},     {"foundation", 7},     {"rhythm", 7},
    {"support", 5},        {"supporting", 5}, {"accompaniment", 5},  {"secondary", 5},
    {"background", 3},     {"texture", 2},    {"color", 2},          {"colour", 2},
    {"ambient", 2},        {"optional", 1},   {"fill", 1},
};

absl::optional<double> WordValueOf(absl::Span<const WordValue> table, absl::string_view text) {
  const std::string wanted = Normalized(text);
  for (const WordValue& w : table) {
    if (w.word == wanted) return w.value;
  }
  return absl::nullopt;
}

std::string ShortName(const std::string& full_name) {
  return absl::StartsWith(full_name, kPackage) ? full_name.substr(sizeof(kPackage) - 1)
                                               : full_name;
}

// The enum's value prefix: its type name in UPPER_SNAKE_CASE plus "_" ("SECTION_TYPE_").
std::string EnumPrefix(const EnumDescriptor& e) {
  std::string out;
  for (char c : e.name()) {
    if (absl::ascii_isupper(static_cast<unsigned char>(c)) && !out.empty()) out.push_back('_');
    out.push_back(absl::ascii_toupper(static_cast<unsigned char>(c)));
  }
  return out + "_";
}

const EnumValueDescriptor* FindEnumValue(const EnumDescriptor& e, absl::string_view text) {
  std::string wanted = Normalized(text);
  if (absl::EndsWith(wanted, "note") && wanted.size() > 4) wanted.resize(wanted.size() - 4);
  const std::string prefix = Normalized(EnumPrefix(e));
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 0; i < e.value_count(); ++i) {
      const EnumValueDescriptor* v = e.value(i);
      const std::string full = Normalized(v->name());
      if (absl::EndsWith(full, "unspecified")) continue;
      if (full == wanted || full == prefix + wanted) return v;
    }
    for (const EnumAlias& alias : kEnumAliases) {
      if (alias.enum_name == e.name() && alias.text == wanted) {
        return e.FindValueByName(std::string(alias.value));
      }
    }
    if (e.name() == "TrackRole") {
      if (auto role = music::TrackRoleFromAlias(text)) {
        const std::string name =
            absl::StrCat("TRACK_ROLE_", absl::AsciiStrToUpper(music::TrackRoleName(*role)));
        return e.FindValueByName(name);
      }
      return nullptr;
    }
    // Second pass: without trailing digits ("verse_2", "chorus1").
    while (!wanted.empty() && absl::ascii_isdigit(static_cast<unsigned char>(wanted.back()))) {
      wanted.pop_back();
    }
    if (wanted.empty()) return nullptr;
  }
  return nullptr;
}

bool UnusedRoadmapField(const Descriptor& d, absl::string_view key) {
  const std::string wanted = Normalized(key);
  for (const Alias& alias : kUnusedRoadmapFields) {
    if (alias.message == ShortName(d.full_name()) && alias.key == wanted) return true;
  }
  return false;
}

class Reader {
 public:
  explicit Reader(RequestWarnings* warnings) : warnings_(warnings) {}

  // Rewrites `in` (a JSON object meant as a `d`) into `out` with proto field names and values
  // protobuf's JSON parser accepts.
  absl::Status Object(const Descriptor& d, const Struct& in, const std::string& path,
                      Struct* out) {
    std::vector<std::string> keys;
    for (const auto& entry : in.fields()) keys.push_back(entry.first);
    std::sort(keys.begin(), keys.end());  // map order is unspecified; warnings must not be
    for (const std::string& key : keys) {
      const Value& value = in.fields().at(key);
      if (value.kind_case() == Value::kNullValue) continue;
      const FieldDescriptor* field = FindField(d, key);
      if (field == nullptr) {
        Warn(Child(path, key), UnusedRoadmapField(d, key)
                                   ? "part of the roadmap RMS but not used by this service; "
                                     "ignored"
                                   : "unknown field; ignored");
        continue;
      }
      const std::string field_path = Child(path, field->name());
      if (out->fields().count(field->name()) > 0) {
        Warn(field_path, absl::StrCat("given twice (as \"", key, "\" too); the last spelling in "
                                      "alphabetical order is used"));
      }
      Value rewritten;
      bool keep = true;
      STORI_RETURN_IF_ERROR(Field(*field, value, field_path, &rewritten, &keep));
      if (keep) (*out->mutable_fields())[field->name()] = std::move(rewritten);
    }
    return absl::OkStatus();
  }

 private:
  static const FieldDescriptor* FindField(const Descriptor& d, absl::string_view key) {
    const std::string wanted = Normalized(key);
    for (int i = 0; i < d.field_count(); ++i) {
      if (Normalized(d.field(i)->name()) == wanted) return d.field(i);
    }
    const std::string message = ShortName(d.full_name());
    for (const Alias& alias : kFieldAliases) {
      if (alias.message == message && alias.key == wanted) {
        return d.FindFieldByName(std::string(alias.field));
      }
    }
    return nullptr;
  }

  absl::Status Field(const FieldDescriptor& f, const Value& value, const std::string& path,
                     Value* out, bool* keep) {
    if (!f.is_repeated() || f.is_map()) return Single(f, value, path, out, keep);
    ListValue* list = out->mutable_list_value();
    if (value.kind_case() == Value::kListValue) {
      for (int i = 0; i < value.list_value().values_size(); ++i) {
        const Value& element = value.list_value().values(i);
        if (element.kind_case() == Value::kNullValue) continue;
        Value rewritten;
        bool keep_element = true;
        STORI_RETURN_IF_ERROR(Single(f, element, absl::StrCat(path, "[", i, "]"), &rewritten,
                                     &keep_element));
        if (keep_element) *list->add_values() = std::move(rewritten);
      }
      return absl::OkStatus();
    }
    if (value.kind_case() == Value::kStructValue && f.name() == "track_behaviors") {
      // {"drums": {...}, "bass": {...}}: one behaviour per track id, in key order.
      std::vector<std::string> ids;
      for (const auto& entry : value.struct_value().fields()) ids.push_back(entry.first);
      std::sort(ids.begin(), ids.end());
      for (std::size_t i = 0; i < ids.size(); ++i) {
        Value element = value.struct_value().fields().at(ids[i]);
        if (element.kind_case() != Value::kStructValue) {
          return absl::InvalidArgumentError(absl::StrCat(path, ".", ids[i],
                                                         ": expected a JSON object"));
        }
        (*element.mutable_struct_value()->mutable_fields())["track_id"].set_string_value(ids[i]);
        Value rewritten;
        bool keep_element = true;
        STORI_RETURN_IF_ERROR(Single(f, element, absl::StrCat(path, "[", i, "]"), &rewritten,
                                     &keep_element));
        if (keep_element) *list->add_values() = std::move(rewritten);
      }
      return absl::OkStatus();
    }
    // A single value where a list belongs: a list of one.
    Value rewritten;
    bool keep_element = true;
    STORI_RETURN_IF_ERROR(Single(f, value, absl::StrCat(path, "[0]"), &rewritten, &keep_element));
    if (keep_element) *list->add_values() = std::move(rewritten);
    return absl::OkStatus();
  }

  absl::Status Single(const FieldDescriptor& f, const Value& value, const std::string& path,
                      Value* out, bool* keep) {
    switch (f.cpp_type()) {
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return Message(*f.message_type(), value, path, out);
      case FieldDescriptor::CPPTYPE_ENUM:
        return Enum(*f.enum_type(), value, path, out, keep);
      case FieldDescriptor::CPPTYPE_INT64:
      case FieldDescriptor::CPPTYPE_UINT64:
        if (value.kind_case() == Value::kNumberValue &&
            std::abs(value.number_value()) > kMaxExactJsonInteger) {
          return absl::InvalidArgumentError(absl::StrCat(
              path, ": ", value.number_value(), " is above 2^53, where JSON numbers lose digits; "
              "send 64-bit integers as JSON strings (\"12345678901234567890\")"));
        }
        *out = value;
        return absl::OkStatus();
      default:
        break;
    }
    if (value.kind_case() == Value::kStringValue &&
        f.containing_type()->name() == "TrackBehavior" &&
        (f.name() == "density" || f.name() == "priority")) {
      double number = 0;
      if (absl::SimpleAtod(value.string_value(), &number)) {
        out->set_number_value(number);
        return absl::OkStatus();
      }
      const bool density = f.name() == "density";
      const absl::optional<double> word = density
                                              ? WordValueOf(kDensityWords, value.string_value())
                                              : WordValueOf(kPriorityWords, value.string_value());
      if (word.has_value()) {
        out->set_number_value(*word);
      } else {
        *keep = false;
        Warn(path, absl::StrCat("\"", value.string_value(), "\" is not a known ", f.name(),
                                " word; ignored (", density ? "density from the emotion targets"
                                                            : "priority 0", ")"));
      }
      return absl::OkStatus();
    }
    *out = value;
    return absl::OkStatus();
  }

  absl::Status Message(const Descriptor& d, const Value& value, const std::string& path,
                       Value* out) {
    if (d.name() == "TimeSignature" && value.kind_case() != Value::kStructValue) {
      return TimeSignature(value, path, out);
    }
    if (d.full_name().rfind("google.protobuf.", 0) == 0) {  // well-known types: as they are
      *out = value;
      return absl::OkStatus();
    }
    if (value.kind_case() != Value::kStructValue) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": expected a JSON object (", d.name(), ")"));
    }
    return Object(d, value.struct_value(), path, out->mutable_struct_value());
  }

  static absl::Status TimeSignature(const Value& value, const std::string& path, Value* out) {
    std::vector<double> parts;
    if (value.kind_case() == Value::kStringValue) {
      for (absl::string_view part : absl::StrSplit(value.string_value(), '/')) {
        double number = 0;
        if (!absl::SimpleAtod(part, &number)) parts.clear();
        parts.push_back(number);
      }
    } else if (value.kind_case() == Value::kListValue) {
      for (const Value& v : value.list_value().values()) parts.push_back(v.number_value());
    }
    if (parts.size() != 2) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": expected {\"numerator\": 3, \"denominator\": 4}, \"3/4\" or "
                             "[3, 4]"));
    }
    Struct* ts = out->mutable_struct_value();
    (*ts->mutable_fields())["numerator"].set_number_value(parts[0]);
    (*ts->mutable_fields())["denominator"].set_number_value(parts[1]);
    return absl::OkStatus();
  }

  absl::Status Enum(const EnumDescriptor& e, const Value& value, const std::string& path,
                    Value* out, bool* keep) {
    if (value.kind_case() != Value::kStringValue) {
      *out = value;  // a number: protobuf's parser checks it
      return absl::OkStatus();
    }
    if (const EnumValueDescriptor* v = FindEnumValue(e, value.string_value())) {
      out->set_string_value(v->name());
      return absl::OkStatus();
    }
    if (IsLenientEnum(e)) {
      *keep = false;
      Warn(path, absl::StrCat("\"", value.string_value(), "\" is not a known ", e.name(),
                              "; ignored (the server resolves it as if absent)"));
      return absl::OkStatus();
    }
    std::vector<std::string> names;
    for (int i = 0; i < e.value_count(); ++i) {
      const std::string& name = e.value(i)->name();
      if (absl::EndsWith(name, "_UNSPECIFIED")) continue;
      names.push_back(absl::AsciiStrToLower(name.substr(EnumPrefix(e).size())));
    }
    return absl::InvalidArgumentError(absl::StrCat(path, ": \"", value.string_value(),
                                                   "\" is not a ", e.name(), "; expected one of ",
                                                   absl::StrJoin(names, ", ")));
  }

  void Warn(std::string path, std::string message) {
    warnings_->push_back({-1, std::move(path), std::move(message)});
  }

  RequestWarnings* warnings_;
};

// Whether `key` names a field of `d` (in any spelling, or by an alias).
bool NamesField(const Descriptor& d, absl::string_view key) {
  const std::string wanted = Normalized(key);
  for (int i = 0; i < d.field_count(); ++i) {
    if (Normalized(d.field(i)->name()) == wanted) return true;
  }
  for (const Alias& alias : kFieldAliases) {
    if (alias.message == ShortName(d.full_name()) && alias.key == wanted) return true;
  }
  return false;
}

// Moves the top-level fields of a request that belong to its RMS, its flat spec or its metadata
// into those objects, so that {"genre": ..., "tempo": ..., "instruments": [...], "bars": 4,
// "composition_id": ...} reads as {"flat": {...}, "metadata": {...}}.
void Hoist(const Descriptor& request, Struct* top) {
  const FieldDescriptor* rms = request.FindFieldByName("rms");
  const FieldDescriptor* flat = request.FindFieldByName("flat");
  const FieldDescriptor* metadata = request.FindFieldByName("metadata");
  if (rms == nullptr) return;
  bool has_spec = false, looks_like_rms = false;
  for (const auto& entry : top->fields()) {
    const std::string key = Normalized(entry.first);
    if (key == "rms" || key == "flat") has_spec = true;
    if (key == "sections" || key == "tracks" || key == "motifs") looks_like_rms = true;
  }
  const Descriptor* spec = nullptr;
  std::string spec_name;
  if (!has_spec) {
    if (looks_like_rms || flat == nullptr) {
      spec = rms->message_type();
      spec_name = "rms";
    } else {
      spec = flat->message_type();
      spec_name = "flat";
    }
  }
  std::vector<std::string> keys;
  for (const auto& entry : top->fields()) keys.push_back(entry.first);
  std::sort(keys.begin(), keys.end());
  for (const std::string& key : keys) {
    if (NamesField(request, key)) continue;
    std::string target;
    if (metadata != nullptr && NamesField(*metadata->message_type(), key)) {
      target = "metadata";
    } else if (spec != nullptr &&
               (NamesField(*spec, key) || UnusedRoadmapField(*spec, key))) {
      target = spec_name;
    } else {
      continue;
    }
    Value moved = top->fields().at(key);
    top->mutable_fields()->erase(key);
    (*(*top->mutable_fields())[target].mutable_struct_value()->mutable_fields())[key] =
        std::move(moved);
  }
}

}  // namespace

absl::Status ReadRequestJson(absl::string_view json, google::protobuf::Message* out,
                             RequestWarnings* warnings) {
  Value document;
  google::protobuf::util::JsonParseOptions parse;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &document, parse);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("not valid JSON: ", parsed.ToString()));
  }
  if (document.kind_case() != Value::kStructValue) {
    return absl::InvalidArgumentError("expected a JSON object at the top level");
  }
  const Descriptor& d = *out->GetDescriptor();
  Struct top = document.struct_value();
  Hoist(d, &top);
  Struct rewritten;
  Reader reader(warnings);
  STORI_RETURN_IF_ERROR(reader.Object(d, top, "", &rewritten));
  std::string canonical;
  const auto printed = google::protobuf::util::MessageToJsonString(rewritten, &canonical);
  if (!printed.ok()) return absl::InternalError(absl::StrCat("re-encoding: ", printed.ToString()));
  out->Clear();
  google::protobuf::util::JsonParseOptions strict;
  const auto read = google::protobuf::util::JsonStringToMessage(canonical, out, strict);
  if (!read.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("a value has the wrong type for its field: ",
                                                   read.ToString()));
  }
  return absl::OkStatus();
}

}  // namespace stori::server::read
