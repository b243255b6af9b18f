#include "engine/motif/motif_renderer.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/common/status_macros.h"
#include "engine/music/pitch_class.h"
#include "engine/tokens/quantization.h"
#include "engine/tokens/vocabulary.h"

namespace stori::motif {
namespace {


// Velocity added by intensify at amount 1: two velocity bins (tokens::VelocityBin is 16 wide).
constexpr double kIntensifyVelocityGain = 32.0;
// Intensify doubles on-beat notes an octave above from this amount on.
constexpr double kIntensifyDoublingAmount = 0.5;
constexpr double kEps = 1e-6;

// One motif note before snapping: offset from the usage's start and duration in beats.
struct Draft {
  double offset_beats = 0;
  double duration_beats = 0;
  int pitch = 0;
};

// Largest kDurationSteps value <= max_steps (max_steps >= 1).
int LongestDurationWithin(int max_steps) {
  int best = tokens::kDurationSteps.front();
  for (int d : tokens::kDurationSteps) {
    if (d <= max_steps) best = d;
  }
  return best;
}

// Metric weight of a section beat: 3 on every 2nd beat, 2 on a beat, 1 on an eighth, else 0.
int MetricWeight(double beat) {
  auto on = [&](double unit) {
    const double q = beat / unit;
    return std::abs(q - std::round(q)) < kEps;
  };
  if (on(2.0)) return 3;
  if (on(1.0)) return 2;
  if (on(0.5)) return 1;
  return 0;
}

// MIDI pitch of `pitch_class` nearest `centre`; at a tritone either way, the lower.
int NearestPitch(int pitch_class, int centre) {
  int d = music::PitchClass(pitch_class - centre);  // 0..11 above the centre
  if (d >= 6) d -= 12;                              // 6 -> -6: the lower one
  return centre + d;
}

absl::Status CheckInputs(const Motif& m, const MotifUsage& u,
                         int register_center_pitch, int section_steps, int velocity) {
  if (m.interval_pattern.empty() || m.interval_pattern.size() != m.rhythm_pattern.size()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "motif %s: interval_pattern has %d values and rhythm_pattern %d; expected the same "
        "non-zero length",
        m.motif_id, m.interval_pattern.size(), m.rhythm_pattern.size()));
  }
  if (m.anchor_scale_degree < 1 || m.anchor_scale_degree > 7) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "motif %s: anchor_scale_degree %d; expected 1..7", m.motif_id, m.anchor_scale_degree));
  }
  if (section_steps <= 0) {
    return absl::InvalidArgumentError(
        absl::StrFormat("motif %s: section_steps %d; expected > 0", m.motif_id, section_steps));
  }
  if (!(u.start_beat >= 0) || u.start_beat * tokens::kStepsPerBeat >= section_steps) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "motif %s: start_beat %g; expected 0 <= start_beat < %g (the section's length in beats)",
        m.motif_id, u.start_beat, static_cast<double>(section_steps) / tokens::kStepsPerBeat));
  }
  if (register_center_pitch < 0 || register_center_pitch > 127) {
    return absl::InvalidArgumentError(
        absl::StrFormat("motif %s: register centre %d; expected MIDI pitch 0..127", m.motif_id,
                        register_center_pitch));
  }
  if (velocity < 1 || velocity > 127) {
    return absl::InvalidArgumentError(
        absl::StrFormat("motif %s: velocity %d; expected 1..127", m.motif_id, velocity));
  }
  return absl::OkStatus();
}

absl::Status CheckTransformation(const Motif& m, const MotifUsage& u) {
  const Transformation t = u.transformation;
  const char* name = TransformationName(t);
  if (t != Transformation::kIdentity && !m.allowed_transformations.empty() &&
      std::find(m.allowed_transformations.begin(), m.allowed_transformations.end(), t) ==
          m.allowed_transformations.end()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "motif %s: transformation %s is not allowed; allowed_transformations: %s", m.motif_id, name,
        absl::StrJoin(m.allowed_transformations, ", ", [](std::string* out, Transformation a) {
          out->append(TransformationName(a));
        })));
  }
  auto bad = [&](absl::string_view param, absl::string_view expected) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "motif %s: transformation %s needs params.%s %s", m.motif_id, name, param, expected));
  };
  const TransformationParams& p = u.params;
  switch (t) {
    case Transformation::kTranspose:
      if (!p.semitones || *p.semitones < -24 || *p.semitones > 24) {
        return bad("semitones", "in -24..24");
      }
      break;
    case Transformation::kRegisterShift:
      if (!p.octaves || *p.octaves < -3 || *p.octaves > 3) return bad("octaves", "in -3..3");
      break;
    case Transformation::kRhythmicExpand:
      if (!p.factor || !(*p.factor > 1.0f && *p.factor <= 4.0f)) {
        return bad("factor", "in (1, 4]");
      }
      break;
    case Transformation::kRhythmicCompress:
      if (!p.factor || !(*p.factor >= 0.25f && *p.factor < 1.0f)) {
        return bad("factor", "in [0.25, 1)");
      }
      break;
    case Transformation::kIntensify:
    case Transformation::kSimplify:
      if (!p.amount || !(*p.amount >= 0.0f && *p.amount <= 1.0f)) {
        return bad("amount", "in [0, 1]");
      }
      break;
    case Transformation::kIdentity:
    case Transformation::kInvert:
    case Transformation::kRetrograde: break;
  }
  return absl::OkStatus();
}

// Simplify: drops floor(amount * (n - 1)) notes (never the first), weakest metric position,
// then shortest, then latest first; a dropped note's time goes to the kept note before it.
std::vector<Draft> Simplify(std::vector<Draft> notes, double start_beat, double amount) {
  const int n = static_cast<int>(notes.size());
  const int drop = static_cast<int>(std::floor(amount * (n - 1) + kEps));
  std::vector<int> order;
  for (int k = 1; k < n; ++k) order.push_back(k);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const int wa = MetricWeight(start_beat + notes[a].offset_beats);
    const int wb = MetricWeight(start_beat + notes[b].offset_beats);
    if (wa != wb) return wa < wb;
    if (notes[a].duration_beats != notes[b].duration_beats) {
      return notes[a].duration_beats < notes[b].duration_beats;
    }
    return a > b;
  });
  std::vector<bool> dropped(n, false);
  for (int i = 0; i < drop; ++i) dropped[order[i]] = true;
  std::vector<Draft> kept;
  for (int k = 0; k < n; ++k) {
    if (dropped[k]) {
      kept.back().duration_beats += notes[k].duration_beats;  // k >= 1, note 0 is kept
    } else {
      kept.push_back(notes[k]);
    }
  }
  return kept;
}

}  // namespace

const char* TransformationName(Transformation transformation) {
  switch (transformation) {
    case Transformation::kIdentity: return "identity";
    case Transformation::kTranspose: return "transpose";
    case Transformation::kRegisterShift: return "register_shift";
    case Transformation::kRhythmicExpand: return "rhythmic_expand";
    case Transformation::kRhythmicCompress: return "rhythmic_compress";
    case Transformation::kInvert: return "invert";
    case Transformation::kRetrograde: return "retrograde";
    case Transformation::kIntensify: return "intensify";
    case Transformation::kSimplify: return "simplify";
  }
  return "identity";
}

std::string MotifWarning(const Motif& motif) {
  const double rhythm = motif.rhythm_beats();
  if (std::abs(rhythm - motif.duration_beats) <= kEps) return "";
  return absl::StrFormat(
      "motif %s: rhythm_pattern sums to %g beats, duration_beats says %g; the rhythm pattern "
      "governs",
      motif.motif_id, rhythm, motif.duration_beats);
}

absl::StatusOr<RenderedMotif> RenderMotif(const Motif& motif,
                                          const MotifUsage& usage, const music::Key& key,
                                          int register_center_pitch, int section_steps,
                                          int velocity) {
  STORI_RETURN_IF_ERROR(CheckInputs(motif, usage, register_center_pitch, section_steps, velocity));
  STORI_RETURN_IF_ERROR(CheckTransformation(motif, usage));
  RenderedMotif out;
  const std::string prefix =
      absl::StrFormat("motif %s at beat %g: ", motif.motif_id, usage.start_beat);
  const TransformationParams& p = usage.params;

  // 1-2. Anchor, pitches and rhythm in beats.
  const int centre = motif.pitch_register ? RegisterCenterPitch(*motif.pitch_register)
                                          : register_center_pitch;
  const int anchor =
      NearestPitch(music::ScalePitchClasses(key)[motif.anchor_scale_degree - 1], centre);
  std::vector<Draft> notes;
  double offset = 0;
  for (std::size_t k = 0; k < motif.interval_pattern.size(); ++k) {
    const double duration = RhythmValueBeats(motif.rhythm_pattern[k]);
    notes.push_back({offset, duration, anchor + motif.interval_pattern[k]});
    offset += duration;
  }

  // 3. Transformation (pitch and rhythm part; intensify's velocity and doubling below).
  int note_velocity = velocity;
  switch (usage.transformation) {
    case Transformation::kIdentity: break;
    case Transformation::kTranspose:
      for (Draft& d : notes) d.pitch += *p.semitones;
      break;
    case Transformation::kRegisterShift:
      for (Draft& d : notes) d.pitch += 12 * *p.octaves;
      break;
    case Transformation::kRhythmicExpand:
    case Transformation::kRhythmicCompress:
      for (Draft& d : notes) {
        d.offset_beats *= *p.factor;
        d.duration_beats *= *p.factor;
      }
      break;
    case Transformation::kInvert:
      for (std::size_t k = 0; k < notes.size(); ++k) {
        notes[k].pitch = anchor - motif.interval_pattern[k];
      }
      break;
    case Transformation::kRetrograde: {
      const std::size_t n = notes.size();
      for (std::size_t k = 0; k < n / 2; ++k) std::swap(notes[k].pitch, notes[n - 1 - k].pitch);
      break;
    }
    case Transformation::kIntensify:
      note_velocity = std::min(
          127, velocity + static_cast<int>(std::lround(kIntensifyVelocityGain * *p.amount)));
      break;
    case Transformation::kSimplify:
      notes = Simplify(std::move(notes), usage.start_beat, *p.amount);
      break;
  }
  const int snapped_velocity = tokens::VelocityBinCentre(tokens::VelocityBin(note_velocity));

  // 4. Grid.
  const int max_duration = tokens::kDurationSteps.back();
  for (const Draft& d : notes) {
    const int onset = tokens::QuantizeOnsetStep(usage.start_beat + d.offset_beats);
    if (!out.notes.empty() && onset <= out.notes.back().start_step) {
      out.warnings.push_back(absl::StrCat(
          prefix, absl::StrFormat("note at offset %g beats dropped: its onset coincides with the "
                                  "previous note's on the token grid",
                                  d.offset_beats)));
      continue;
    }
    if (d.duration_beats * tokens::kStepsPerBeat > max_duration + kEps) {
      out.warnings.push_back(absl::StrCat(
          prefix,
          absl::StrFormat("note at offset %g beats lasts %g beats; cut to %d beats, the "
                          "longest duration token",
                          d.offset_beats, d.duration_beats, max_duration / tokens::kStepsPerBeat)));
    }
    const int duration = tokens::kDurationSteps[tokens::QuantizeDurationIndex(d.duration_beats)];
    out.notes.push_back({onset, duration, d.pitch, snapped_velocity});
  }
  for (std::size_t k = 0; k + 1 < out.notes.size(); ++k) {
    tokens::GridNote& note = out.notes[k];
    const int gap = out.notes[k + 1].start_step - note.start_step;
    if (note.duration_steps > gap) note.duration_steps = LongestDurationWithin(gap);
  }

  // Intensify: octave doubling of on-beat notes.
  if (usage.transformation == Transformation::kIntensify &&
      *p.amount >= kIntensifyDoublingAmount - kEps) {
    const std::size_t n = out.notes.size();
    for (std::size_t k = 0; k < n; ++k) {
      const tokens::GridNote note = out.notes[k];
      if (note.start_step % tokens::kStepsPerBeat != 0) continue;
      out.notes.push_back({note.start_step, note.duration_steps, note.pitch + 12, note.velocity});
    }
  }

  // 5. Range: move the whole motif by octaves.
  if (!out.notes.empty()) {
    int lo = 127, hi = 0;
    for (const tokens::GridNote& note : out.notes) {
      lo = std::min(lo, note.pitch);
      hi = std::max(hi, note.pitch);
    }
    int octaves = 0;
    if (hi > 127) octaves = -((hi - 127 + 11) / 12);
    if (lo < 0) octaves = (-lo + 11) / 12;
    if (octaves != 0) {
      for (tokens::GridNote& note : out.notes) note.pitch += 12 * octaves;
      out.warnings.push_back(absl::StrCat(
          prefix, absl::StrFormat("pitches %d..%d outside MIDI 0..127; motif moved %d octave(s)",
                                  lo, hi, octaves)));
    }
  }

  // 6. Section end.
  int dropped = 0, shortened = 0;
  std::vector<tokens::GridNote> inside;
  for (tokens::GridNote note : out.notes) {
    if (note.start_step >= section_steps) {
      ++dropped;
      continue;
    }
    if (note.start_step + note.duration_steps > section_steps) {
      note.duration_steps = LongestDurationWithin(section_steps - note.start_step);
      ++shortened;
    }
    inside.push_back(note);
  }
  if (dropped + shortened > 0) {
    out.warnings.push_back(absl::StrCat(
        prefix, absl::StrFormat("runs past the section end (beat %g): %d note(s) dropped, %d "
                                "shortened",
                                static_cast<double>(section_steps) / tokens::kStepsPerBeat, dropped,
                                shortened)));
  }
  out.notes = std::move(inside);
  std::sort(out.notes.begin(), out.notes.end());
  return out;
}

}  // namespace stori::motif
