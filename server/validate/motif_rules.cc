#include "server/validate/motif_rules.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/validate/field_checks.h"
#include "server/validate/limits.h"

namespace stori::server::validate {

FieldViolations ValidateMotif(const v1::Motif& motif, absl::string_view path) {
  FieldViolations out;
  CheckLength(motif.motif_id(), 1, kMaxIdBytes, Child(path, "motif_id"), out);

  const std::string intervals_path = Child(path, "interval_pattern");
  const std::string rhythm_path = Child(path, "rhythm_pattern");
  const int num_intervals = motif.interval_pattern_size();
  const int num_rhythms = motif.rhythm_pattern_size();
  if (num_intervals == 0) out.Add(intervals_path, "must have at least 1 entry; got none");
  if (num_rhythms == 0) out.Add(rhythm_path, "must have at least 1 entry; got none");
  CheckMaxCount(num_intervals, kMaxMotifNotes, intervals_path, out);
  CheckMaxCount(num_rhythms, kMaxMotifNotes, rhythm_path, out);
  if (num_intervals > 0 && num_rhythms > 0 && num_intervals != num_rhythms) {
    out.Add(rhythm_path, absl::StrCat("must have as many entries as interval_pattern (",
                                      num_intervals, "); got ", num_rhythms));
  }
  for (int i = 0; i < num_intervals && i < kMaxMotifNotes; ++i) {
    CheckIntRange(motif.interval_pattern(i), -kMaxMotifIntervalSemitones,
                  kMaxMotifIntervalSemitones, Indexed(intervals_path, i), out);
  }
  for (int i = 0; i < num_rhythms && i < kMaxMotifNotes; ++i) {
    const int value = motif.rhythm_pattern(i);
    if (value == v1::RHYTHM_VALUE_UNSPECIFIED || !v1::RhythmValue_IsValid(value)) {
      out.Add(Indexed(rhythm_path, i),
              absl::StrCat("must be a RhythmValue (WHOLE .. TRIPLET); got ", value));
    }
  }

  const double duration = motif.duration_beats();
  if (!(duration > 0.0 && duration <= kMaxMotifDurationBeats)) {
    out.Add(Child(path, "duration_beats"),
            absl::StrFormat("must be in (0, %g] beats; got %g", kMaxMotifDurationBeats, duration));
  }
  if (!v1::Register_IsValid(motif.register_())) {
    out.Add(Child(path, "register"), absl::StrCat("unknown Register ", motif.register_()));
  }
  CheckLength(motif.emotional_role(), 0, kMaxNameBytes, Child(path, "emotional_role"), out);
  CheckIntRange(motif.anchor_scale_degree(), 1, 7, Child(path, "anchor_scale_degree"), out);
  for (int i = 0; i < motif.allowed_transformations_size(); ++i) {
    const int value = motif.allowed_transformations(i);
    if (value == v1::TRANSFORMATION_UNSPECIFIED || !v1::Transformation_IsValid(value)) {
      out.Add(Indexed(Child(path, "allowed_transformations"), i),
              absl::StrCat("must be a Transformation (IDENTITY .. SIMPLIFY); got ", value));
    }
  }
  return out;
}

FieldViolations ValidateTransformationParams(v1::Transformation transformation,
                                             const v1::TransformationParams& params,
                                             absl::string_view path) {
  FieldViolations out;
  const std::string name =
      v1::Transformation_IsValid(transformation) ? v1::Transformation_Name(transformation) : "?";
  bool reads_semitones = false, reads_octaves = false, reads_factor = false, reads_amount = false;
  auto require = [&](bool present, absl::string_view field) {
    if (!present) out.Add(Child(path, field), absl::StrCat("is required by ", name));
  };
  switch (transformation) {
    case v1::TRANSFORMATION_TRANSPOSE:
      reads_semitones = true;
      require(params.has_semitones(), "semitones");
      if (params.has_semitones()) {
        CheckIntRange(params.semitones(), -kMaxTransposeSemitones, kMaxTransposeSemitones,
                      Child(path, "semitones"), out);
      }
      break;
    case v1::TRANSFORMATION_REGISTER_SHIFT:
      reads_octaves = true;
      require(params.has_octaves(), "octaves");
      if (params.has_octaves()) {
        CheckIntRange(params.octaves(), -kMaxRegisterShiftOctaves, kMaxRegisterShiftOctaves,
                      Child(path, "octaves"), out);
      }
      break;
    case v1::TRANSFORMATION_RHYTHMIC_EXPAND:
      reads_factor = true;
      require(params.has_factor(), "factor");
      if (params.has_factor() &&
          !(params.factor() > 1.0f && params.factor() <= kMaxRhythmicExpandFactor)) {
        out.Add(Child(path, "factor"),
                absl::StrFormat("must be in (1, %g] for RHYTHMIC_EXPAND; got %g",
                                kMaxRhythmicExpandFactor, params.factor()));
      }
      break;
    case v1::TRANSFORMATION_RHYTHMIC_COMPRESS:
      reads_factor = true;
      require(params.has_factor(), "factor");
      if (params.has_factor() &&
          !(params.factor() >= kMinRhythmicCompressFactor && params.factor() < 1.0f)) {
        out.Add(Child(path, "factor"),
                absl::StrFormat("must be in [%g, 1) for RHYTHMIC_COMPRESS; got %g",
                                kMinRhythmicCompressFactor, params.factor()));
      }
      break;
    case v1::TRANSFORMATION_INTENSIFY:
    case v1::TRANSFORMATION_SIMPLIFY:
      reads_amount = true;
      if (params.has_amount()) CheckRange(params.amount(), 0.0, 1.0, Child(path, "amount"), out);
      break;
    default:
      break;
  }
  auto unread = [&](bool present, bool reads, absl::string_view field) {
    if (present && !reads) out.Add(Child(path, field), absl::StrCat("is not read by ", name));
  };
  unread(params.has_semitones(), reads_semitones, "semitones");
  unread(params.has_octaves(), reads_octaves, "octaves");
  unread(params.has_factor(), reads_factor, "factor");
  unread(params.has_amount(), reads_amount, "amount");
  return out;
}

}  // namespace stori::server::validate
