#include "engine/targets/emotion_targets.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/sampling/rng.h"
#include "engine/targets/emotion_target_table.h"

namespace stori::targets {
namespace {

// Rng::Derive tag of the bin-dither streams (distinct from the decoder's window streams).
constexpr std::uint64_t kBinDitherStream = 0xB1D17E5Eull;

double Clamp01(double x) { return std::clamp(x, 0.0, 1.0); }
double Lerp(double lo, double hi, double t) { return lo + (hi - lo) * t; }

// The inputs of a LinearTarget drive for one section.
struct Inputs {
  double energy = 0;
  double valence = 0;  // raw -1..1
  double tension = 0;
  double intimacy = 0;
  double motion = 0;
  double section_offset = 0;
  std::string section_name = "none";
  const GenreNudge* genre = nullptr;  // null: no nudge
};

const char* SectionTypeName(SectionType type) {
  switch (type) {
    case SectionType::kIntro: return "intro";
    case SectionType::kVerse: return "verse";
    case SectionType::kPreChorus: return "pre_chorus";
    case SectionType::kChorus: return "chorus";
    case SectionType::kPostChorus: return "post_chorus";
    case SectionType::kBridge: return "bridge";
    case SectionType::kBreakdown: return "breakdown";
    case SectionType::kBuildup: return "buildup";
    case SectionType::kDrop: return "drop";
    case SectionType::kBreak: return "break";
    case SectionType::kInterlude: return "interlude";
    case SectionType::kSolo: return "solo";
    case SectionType::kOutro: return "outro";
  }
  return "none";
}

// First kGenreNudges row whose name occurs in the genre, lower-cased without ' ', '-', '_'.
const GenreNudge* FindGenre(const std::string& genre) {
  std::string key;
  for (char ch : genre) {
    if (ch == ' ' || ch == '-' || ch == '_') continue;
    key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  }
  if (key.empty()) return nullptr;
  for (const GenreNudge& row : kGenreNudges) {
    if (key.find(row.name) != std::string::npos) return &row;
  }
  return nullptr;
}

Inputs MakeInputs(const SectionRequest& request) {
  const EmotionVector& ev = request.section.emotion;
  Inputs in;
  in.energy = Clamp01(ev.energy);
  in.valence = std::clamp(static_cast<double>(ev.valence), -1.0, 1.0);
  in.tension = Clamp01(ev.tension);
  in.intimacy = Clamp01(ev.intimacy);
  in.motion = Clamp01(ev.motion);
  if (request.section.section_type.has_value()) {
    for (const SectionTypeOffset& row : kSectionTypeOffsets) {
      if (row.type == *request.section.section_type) in.section_offset = row.offset;
    }
    in.section_name = SectionTypeName(*request.section.section_type);
  }
  in.genre = FindGenre(request.genre);
  return in;
}

// Explanations of one track or of the section; null when nobody asked (ComputeTargets).
using Explanations = std::vector<TargetExplanation>;

void Record(Explanations* ex, const char* target, double value, std::string formula,
            std::vector<TargetFactor> factors) {
  if (ex == nullptr) return;
  ex->push_back({target, value, std::move(formula), std::move(factors)});
}

// Replaces the explanation of `target` (or adds one) with a constraint or final adjustment.
void Replace(Explanations* ex, const char* target, double value, std::string formula,
             std::vector<TargetFactor> factors) {
  if (ex == nullptr) return;
  for (TargetExplanation& e : *ex) {
    if (e.target == target) {
      e = {target, value, std::move(formula), std::move(factors)};
      return;
    }
  }
  Record(ex, target, value, std::move(formula), std::move(factors));
}

void Override(Explanations* ex, const char* target, double value, const char* constraint) {
  Replace(ex, target, value, absl::StrCat("constraint ", constraint),
          {{absl::StrCat("constraint.", constraint), value, 1.0}});
}

// value = lerp(lo, hi, clamp(drive, 0, 1)); see LinearTarget. `genre_offset` is this target's
// genre nudge (0 when the target takes none).
double Evaluate(const LinearTarget& t, const Inputs& in, double genre_offset, const char* target,
                Explanations* ex) {
  const double valence01 = (in.valence + 1.0) / 2.0;
  const double drive = t.bias + t.energy * in.energy + t.valence * valence01 +
                       t.tension * in.tension + t.intimacy * in.intimacy + t.motion * in.motion +
                       t.energy_x_motion * in.energy * in.motion + t.section * in.section_offset +
                       t.genre * genre_offset;
  const double value = Lerp(t.lo, t.hi, Clamp01(drive));
  if (ex != nullptr) {
    std::vector<TargetFactor> factors;
    auto add = [&](const std::string& name, double v, double w) {
      if (w != 0.0) factors.push_back({name, v, w});
    };
    add("bias", 1.0, t.bias);
    add("energy", in.energy, t.energy);
    add("valence01", valence01, t.valence);
    add("tension", in.tension, t.tension);
    add("intimacy", in.intimacy, t.intimacy);
    add("motion", in.motion, t.motion);
    add("energy_x_motion", in.energy * in.motion, t.energy_x_motion);
    add(absl::StrCat("section_type.", in.section_name), in.section_offset, t.section);
    add(absl::StrCat("genre.", in.genre ? in.genre->name : "none"), genre_offset, t.genre);
    Record(ex, target, value,
           t.lo == t.hi
               ? absl::StrFormat("constant %g", t.lo)
               : absl::StrFormat("lerp(%g, %g, clamp(sum(value * weight), 0, 1))", t.lo, t.hi),
           std::move(factors));
  }
  return value;
}

int ClampVelocity(double v) { return std::clamp(static_cast<int>(std::lround(v)), 1, 127); }

TrackTargets ComputeTrack(const TrackSpec& spec, const TrackBehavior& behavior,
                          const Inputs& in, const GenerationConstraints& c,
                          Explanations* ex) {
  const RoleTargetRow& row = RoleRow(spec.role);
  const bool drums = spec.role == music::TrackRole::kDrums;
  const double genre_density = in.genre ? in.genre->density : 0.0;
  const double genre_syncopation = in.genre ? in.genre->syncopation : 0.0;
  TrackTargets out;
  out.role = spec.role;
  out.active = behavior.active;

  // Density and notes per bar.
  out.density = Evaluate(row.density, in, genre_density, "density", ex);
  if (drums && c.drum_density.has_value()) {
    out.density = Clamp01(*c.drum_density);
    Override(ex, "density", out.density, "drum_density");
  }
  out.notes_per_bar = Lerp(row.notes_per_bar_lo, row.notes_per_bar_hi, out.density);
  std::vector<TargetFactor> npb_factors = {{"density", out.density, 1.0}};
  std::string npb_formula =
      absl::StrFormat("lerp(%g, %g, density)", row.notes_per_bar_lo, row.notes_per_bar_hi);
  if (behavior.density.has_value()) {
    const double scale = 2.0 * Clamp01(*behavior.density);
    out.notes_per_bar *= scale;
    npb_factors.push_back({"behavior.density", *behavior.density, 2.0});
    absl::StrAppend(&npb_formula, " * 2 * behavior.density");
  }
  Record(ex, "notes_per_bar", out.notes_per_bar, npb_formula, std::move(npb_factors));

  // Register: reference centre (roadmap or constraint), role base, valence weight.
  if (!drums) {
    const bool constrained = c.register_center.has_value();
    const double reference =
        constrained ? *c.register_center : Lerp(48, 72, (in.valence + 1.0) / 2.0);
    const int base = spec.pitch_register.has_value()
                         ? RegisterCenterPitch(*spec.pitch_register)
                         : row.register_base;
    out.register_center = std::clamp(
        static_cast<int>(std::lround(base + row.valence_weight * (reference - 60.0))), 0, 127);
    // The constraint is the melodic register centre itself (generation.proto); the other roles
    // follow it through the reference.
    if (constrained && spec.role == music::TrackRole::kMelody) {
      out.register_center = std::clamp(*c.register_center, 0, 127);
    }
    Record(ex, "register_center", out.register_center,
           "clamp(base + valence_weight * (reference - 60), 0, 127)",
           {{constrained ? "constraint.register_center" : "reference=lerp(48,72,(valence+1)/2)",
             reference, row.valence_weight},
            {spec.pitch_register ? "track.register" : "role.register_base",
             static_cast<double>(base), 1.0}});
    out.register_spread =
        static_cast<int>(std::lround(Evaluate(row.register_spread, in, 0, "register_spread", ex)));
    if (c.register_spread.has_value()) {
      out.register_spread = 2 * std::clamp(*c.register_spread, 0, 64);  // half-width -> full
      out.register_spread_constrained = true;
      Override(ex, "register_spread", out.register_spread, "register_spread");
    }
  }

  // Velocity.
  out.velocity_floor = ClampVelocity(Evaluate(row.velocity_floor, in, 0, "velocity_floor", ex));
  out.velocity_ceiling =
      ClampVelocity(Evaluate(row.velocity_ceiling, in, 0, "velocity_ceiling", ex));
  if (c.velocity_floor.has_value()) {
    out.velocity_floor = ClampVelocity(*c.velocity_floor);
    Override(ex, "velocity_floor", out.velocity_floor, "velocity_floor");
  }
  if (c.velocity_ceiling.has_value()) {
    out.velocity_ceiling = ClampVelocity(*c.velocity_ceiling);
    Override(ex, "velocity_ceiling", out.velocity_ceiling, "velocity_ceiling");
  }
  if (out.velocity_floor > out.velocity_ceiling) {
    if (c.velocity_floor.has_value() && !c.velocity_ceiling.has_value()) {
      out.velocity_ceiling = out.velocity_floor;
      Replace(ex, "velocity_ceiling", out.velocity_ceiling, "raised to constraint velocity_floor",
              {{"constraint.velocity_floor", static_cast<double>(out.velocity_floor), 1.0}});
    } else {
      out.velocity_floor = out.velocity_ceiling;
      Replace(ex, "velocity_floor", out.velocity_floor, "lowered to velocity_ceiling",
              {{"velocity_ceiling", static_cast<double>(out.velocity_ceiling), 1.0}});
    }
  }

  // Grid: subdivision (roadmap threshold or constraint), swing.
  if (c.subdivision.has_value()) {
    out.subdivision = std::clamp(*c.subdivision / 4, 1, 4);
    out.subdivision_constrained = true;
    Override(ex, "subdivision", out.subdivision, "subdivision");
  } else {
    // The axes arrive as float: 0.6f is 0.6000000238, which must not count as above 0.6.
    out.subdivision = in.motion > kSixteenthMotionThreshold + 1e-6 ? 4 : 2;
    Record(ex, "subdivision", out.subdivision,
           absl::StrFormat("motion > %g ? 4 (16ths) : 2 (8ths)", kSixteenthMotionThreshold),
           {{"motion", in.motion, 1.0}});
  }
  if (c.swing_amount.has_value()) {
    out.swing = Clamp01(*c.swing_amount);
    Override(ex, "swing", out.swing, "swing_amount");
  } else {
    out.swing = in.genre ? in.genre->swing : 0.0;
    Record(ex, "swing", out.swing, "genre swing",
           {{absl::StrCat("genre.", in.genre ? in.genre->name : "none"), out.swing, 1.0}});
  }

  // Syncopation (onsets off the 8th grid). A subdivision constraint of 8ths or coarser gates the
  // onsets to that grid, which holds none: 0 then. A derived subdivision only biases onsets.
  out.syncopation = Evaluate(row.syncopation, in, genre_syncopation, "syncopation", ex);
  if (out.subdivision_constrained && out.subdivision <= 2) {
    out.syncopation = 0.0;
    Override(ex, "syncopation", 0.0, "subdivision (an 8th grid or coarser holds no off-8th onset)");
  }

  out.polyphony = Evaluate(row.polyphony, in, 0, "polyphony", ex);
  out.note_length = Evaluate(row.note_length, in, 0, "note_length", ex);
  out.leap_probability = Evaluate(row.leap_probability, in, 0, "leap_probability", ex);
  if (!drums && c.leap_probability.has_value()) {
    out.leap_probability = Clamp01(*c.leap_probability);
    Override(ex, "leap_probability", out.leap_probability, "leap_probability");
  }
  out.rest_density = Evaluate(row.rest_density, in, 0, "rest_density", ex);
  if (c.rest_density.has_value()) {
    out.rest_density = Clamp01(*c.rest_density);
    Override(ex, "rest_density", out.rest_density, "rest_density");
  }

  // Explanations carry the final (rounded, clamped) values.
  if (ex != nullptr) {
    for (TargetExplanation& e : *ex) {
      if (e.target == "register_spread") e.value = out.register_spread;
      if (e.target == "velocity_floor") e.value = out.velocity_floor;
      if (e.target == "velocity_ceiling") e.value = out.velocity_ceiling;
    }
  }

  // Requested bins with the measuring code's edges (track_attributes.h).
  out.bins.density = tokens::BinOf(out.notes_per_bar, tokens::kDensityEdges);
  out.bins.register_bin =
      drums ? 5 : tokens::BinOf(static_cast<double>(out.register_center), tokens::kRegisterEdges);
  out.bins.velocity_level =
      tokens::BinOf((out.velocity_floor + out.velocity_ceiling) / 2.0, tokens::kVelocityLevelEdges);
  out.bins.syncopation = tokens::BinOf(out.syncopation, tokens::kSyncopationEdges);
  out.bins.polyphony = tokens::BinOf(out.polyphony, tokens::kPolyphonyEdges);
  out.bins.note_length = tokens::BinOf(out.note_length, tokens::kNoteLengthEdges);
  out.bins.empty_beats = tokens::BinOf(out.rest_density, tokens::kEmptyBeatEdges);
  return out;
}

// Redraws the bins of the continuous targets (density, syncopation, polyphony, note length, empty
// beats) with tokens::DitheredBinOf, each from its own stream of the request's seed, so that the
// mean of an attribute over many sections lands on its target rather than on the centre of the
// bin the target falls in; control_bins take the same draws for target x gain. Same seed, same
// bins.
void DitherBins(std::uint64_t seed, int section_index, int track_index, const ControlGains& gains,
                TrackTargets* t) {
  const std::uint64_t track_stream = sampling::Rng::Derive(
      sampling::Rng::Derive(seed, static_cast<std::uint64_t>(section_index), kBinDitherStream),
      static_cast<std::uint64_t>(track_index), 0);
  double u[5];  // one draw per attribute, shared by the requested and the control bins
  for (std::uint64_t a = 0; a < 5; ++a) {
    u[a] = sampling::Rng(sampling::Rng::Derive(track_stream, a, 0)).NextDouble();
  }
  auto draw = [&](const ControlGains& g, tokens::AttributeBins* bins) {
    bins->density =
        tokens::DitheredBinOf(t->notes_per_bar * g.notes_per_bar, tokens::kDensityEdges, u[0]);
    bins->syncopation =
        tokens::DitheredBinOf(t->syncopation * g.syncopation, tokens::kSyncopationEdges, u[1]);
    bins->polyphony =
        tokens::DitheredBinOf(t->polyphony * g.polyphony, tokens::kPolyphonyEdges, u[2]);
    if (t->role != music::TrackRole::kDrums) {
      bins->note_length =
          tokens::DitheredBinOf(t->note_length * g.note_length, tokens::kNoteLengthEdges, u[3]);
    }
  };
  t->bins.empty_beats = tokens::DitheredBinOf(t->rest_density, tokens::kEmptyBeatEdges, u[4]);
  draw(ControlGains{}, &t->bins);
  t->control_bins = t->bins;  // register, velocity and empty beats take no gain
  draw(gains, &t->control_bins);
}

ExplainedTargets Compute(const SectionRequest& request, const ControlResponse& response,
                         bool explain) {
  const Inputs in = MakeInputs(request);
  ExplainedTargets result;
  SectionTargets& targets = result.targets;
  Explanations* section_ex = explain ? &result.section : nullptr;
  targets.temperature = Evaluate(kTemperature, in, 0, "temperature", section_ex);
  targets.top_p = Evaluate(kTopP, in, 0, "top_p", section_ex);
  targets.chord_tone_bias = Evaluate(kChordToneBias, in, 0, "chord_tone_bias", section_ex);
  targets.scale_tone_bias = kScaleToneBias;

  const TrackBehavior default_behavior;
  const auto& behaviors = request.section.track_behaviors;
  targets.tracks.reserve(request.tracks.size());
  if (explain) result.tracks.resize(request.tracks.size());
  for (std::size_t i = 0; i < request.tracks.size(); ++i) {
    const TrackBehavior& behavior =
        i < behaviors.size() ? behaviors[i] : default_behavior;
    targets.tracks.push_back(ComputeTrack(request.tracks[i], behavior, in, request.constraints,
                                          explain ? &result.tracks[i] : nullptr));
    DitherBins(request.seed, request.section_index, static_cast<int>(i),
               response.of(request.tracks[i].role), &targets.tracks.back());
  }
  return result;
}

}  // namespace

SectionTargets ComputeTargets(const SectionRequest& request, const ControlResponse& response) {
  return Compute(request, response, /*explain=*/false).targets;
}

ExplainedTargets ExplainTargets(const SectionRequest& request, const ControlResponse& response) {
  return Compute(request, response, /*explain=*/true);
}

std::string TrackTargetsToString(const TrackTargets& t) {
  return absl::StrFormat(
      "%s %s density=%.2f notes_per_bar=%.1f register=%d spread=%d velocity=%d..%d "
      "syncopation=%.2f polyphony=%.2f note_length=%.2f leap_probability=%.2f swing=%.2f "
      "subdivision=%d rest_density=%.2f bins{density=%d register=%d velocity=%d "
      "syncopation=%d polyphony=%d note_length=%d} control_bins{density=%d syncopation=%d "
      "polyphony=%d note_length=%d}",
      music::TrackRoleName(t.role), t.active ? "active" : "inactive", t.density, t.notes_per_bar,
      t.register_center, t.register_spread, t.velocity_floor, t.velocity_ceiling, t.syncopation,
      t.polyphony, t.note_length, t.leap_probability, t.swing, t.subdivision, t.rest_density,
      t.bins.density, t.bins.register_bin, t.bins.velocity_level, t.bins.syncopation,
      t.bins.polyphony, t.bins.note_length, t.control_bins.density, t.control_bins.syncopation,
      t.control_bins.polyphony, t.control_bins.note_length);
}

std::string SectionTargetsToString(const SectionTargets& targets) {
  std::string out = absl::StrFormat("temperature=%.3f top_p=%.3f chord_tone_bias=%.2f",
                                    targets.temperature, targets.top_p, targets.chord_tone_bias);
  for (std::size_t i = 0; i < targets.tracks.size(); ++i) {
    absl::StrAppend(&out, "\ntrack[", i, "] ", TrackTargetsToString(targets.tracks[i]));
  }
  return out;
}

std::string TargetExplanationToString(const TargetExplanation& e) {
  return absl::StrFormat(
      "%s=%g = %s; %s", e.target, e.value, e.formula,
      absl::StrJoin(e.factors, ", ", [](std::string* out, const TargetFactor& f) {
        absl::StrAppend(out, absl::StrFormat("%s=%g*%g", f.name, f.value, f.weight));
      }));
}

}  // namespace stori::targets
