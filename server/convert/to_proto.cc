#include "server/convert/to_proto.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace stori::server::convert {

v1::TrackRole TrackRoleToProto(music::TrackRole role) {
  switch (role) {
    case music::TrackRole::kDrums:
      return v1::TRACK_ROLE_DRUMS;
    case music::TrackRole::kBass:
      return v1::TRACK_ROLE_BASS;
    case music::TrackRole::kHarmony:
      return v1::TRACK_ROLE_HARMONY;
    case music::TrackRole::kMelody:
      return v1::TRACK_ROLE_MELODY;
    case music::TrackRole::kPad:
      return v1::TRACK_ROLE_PAD;
    case music::TrackRole::kOther:
      return v1::TRACK_ROLE_OTHER;
  }
  return v1::TRACK_ROLE_OTHER;
}

v1::EmotionVector EmotionVectorToProto(const EmotionVector& ev) {
  v1::EmotionVector out;
  out.set_energy(ev.energy);
  out.set_valence(ev.valence);
  out.set_tension(ev.tension);
  out.set_intimacy(ev.intimacy);
  out.set_motion(ev.motion);
  return out;
}

v1::TrackOutput TrackOutputFromTrack(const music::Track& track, absl::string_view track_id,
                                     int ppq) {
  const double ticks_per_beat = ppq > 0 ? static_cast<double>(ppq) : 1.0;
  v1::TrackOutput out;
  out.set_track_id(std::string(track_id));
  out.set_name(track.name);
  out.set_role(TrackRoleToProto(track.role));
  out.set_program(static_cast<std::uint32_t>(track.program));
  out.set_channel(static_cast<std::uint32_t>(track.channel));

  std::vector<music::Note> notes = track.notes;
  std::sort(notes.begin(), notes.end());
  out.mutable_notes()->Reserve(static_cast<int>(notes.size()));
  for (const music::Note& n : notes) {
    v1::Note* note = out.add_notes();
    note->set_pitch(static_cast<std::uint32_t>(n.pitch));
    note->set_velocity(static_cast<std::uint32_t>(n.velocity));
    note->set_start_tick(n.start_tick);
    note->set_duration_ticks(n.duration_ticks);
    note->set_start_beat(n.start_tick / ticks_per_beat);
    note->set_duration_beats(n.duration_ticks / ticks_per_beat);
  }
  auto by_tick = [](const auto& a, const auto& b) { return a.tick < b.tick; };
  std::vector<music::ControlChange> ccs = track.control_changes;
  std::stable_sort(ccs.begin(), ccs.end(), by_tick);
  for (const music::ControlChange& c : ccs) {
    v1::ControlChange* cc = out.add_control_changes();
    cc->set_controller(static_cast<std::uint32_t>(c.controller));
    cc->set_value(static_cast<std::uint32_t>(c.value));
    cc->set_tick(c.tick);
    cc->set_beat(c.tick / ticks_per_beat);
  }
  std::vector<music::PitchBend> bends = track.pitch_bends;
  std::stable_sort(bends.begin(), bends.end(), by_tick);
  for (const music::PitchBend& b : bends) {
    v1::PitchBend* bend = out.add_pitch_bends();
    bend->set_value(b.value);
    bend->set_tick(b.tick);
    bend->set_beat(b.tick / ticks_per_beat);
  }
  std::vector<music::Aftertouch> touches = track.aftertouches;
  std::stable_sort(touches.begin(), touches.end(), by_tick);
  for (const music::Aftertouch& a : touches) {
    v1::Aftertouch* touch = out.add_aftertouches();
    if (a.pitch >= 0) touch->set_pitch(static_cast<std::uint32_t>(a.pitch));
    touch->set_value(static_cast<std::uint32_t>(a.value));
    touch->set_tick(a.tick);
    touch->set_beat(a.tick / ticks_per_beat);
  }
  return out;
}

namespace {

void AddAttribute(v1::TrackAttributes* out, const char* name, double target, double measured,
                  int target_bin, int measured_bin) {
  v1::AttributeMeasurement* a = out->add_attributes();
  a->set_name(name);
  a->set_target(target);
  a->set_measured(measured);
  a->set_target_bin(target_bin);
  a->set_measured_bin(measured_bin);
}

v1::TrackAttributes TrackAttributesToProto(const TrackResult& t) {
  v1::TrackAttributes out;
  out.set_track_id(t.spec.track_id);
  const targets::TrackTargets& target = t.targets;
  const tokens::TrackAttributes& measured = t.measured;
  const tokens::AttributeBins& tb = target.bins;
  const tokens::AttributeBins& mb = t.measured_bins;
  const bool drums = t.spec.role == music::TrackRole::kDrums || t.track.is_drums();
  AddAttribute(&out, "notes_per_bar", target.notes_per_bar, measured.notes_per_bar, tb.density,
               mb.density);
  if (!drums) {
    AddAttribute(&out, "register_center", target.register_center, measured.register_center,
                 tb.register_bin, mb.register_bin);
    // Half-width in semitones, as GenerationConstraints.register_spread.
    AddAttribute(&out, "register_spread", target.register_spread / 2.0,
                 (t.pitch_high - t.pitch_low) / 2.0, -1, -1);
  }
  AddAttribute(&out, "velocity_mean", (target.velocity_floor + target.velocity_ceiling) / 2.0,
               measured.velocity_mean, tb.velocity_level, mb.velocity_level);
  AddAttribute(&out, "velocity_floor", target.velocity_floor, t.velocity_min, -1, -1);
  AddAttribute(&out, "velocity_ceiling", target.velocity_ceiling, t.velocity_max, -1, -1);
  AddAttribute(&out, "syncopation", target.syncopation, measured.syncopation, tb.syncopation,
               mb.syncopation);
  AddAttribute(&out, "polyphony", target.polyphony, measured.polyphony, tb.polyphony, mb.polyphony);
  if (!drums) {
    AddAttribute(&out, "note_length_beats", target.note_length, measured.note_length,
                 tb.note_length, mb.note_length);
    AddAttribute(&out, "leap_rate", target.leap_probability, t.measured_leap_rate, -1, -1);
  }
  AddAttribute(&out, "empty_beat_rate", target.rest_density, measured.empty_beat_rate,
               tb.empty_beats, mb.empty_beats);
  AddAttribute(&out, "swing", target.swing, t.measured_swing, -1, -1);
  return out;
}

v1::Dimension DimensionToProto(score::Dimension dimension) {
  switch (dimension) {
    case score::Dimension::kRhythm:
      return v1::DIMENSION_RHYTHM;
    case score::Dimension::kHarmony:
      return v1::DIMENSION_HARMONY;
    case score::Dimension::kMelody:
      return v1::DIMENSION_MELODY;
    case score::Dimension::kExpression:
      return v1::DIMENSION_EXPRESSION;
    case score::Dimension::kDensity:
      return v1::DIMENSION_DENSITY;
  }
  return v1::DIMENSION_UNSPECIFIED;
}


}  // namespace

v1::SectionResult SectionResultToProto(const SectionResult& result,
                                       const SectionRequest* request) {
  v1::SectionResult out;
  out.set_section_index(static_cast<std::uint32_t>(result.section_index));
  out.set_section_id(result.section_id);
  out.set_ppq(static_cast<std::uint32_t>(result.ppq));
  out.set_tempo_bpm(result.tempo_bpm);
  out.mutable_time_signature()->set_numerator(
      static_cast<std::uint32_t>(result.time_signature.numerator));
  out.mutable_time_signature()->set_denominator(
      static_cast<std::uint32_t>(result.time_signature.denominator));
  out.set_key(result.key);
  out.set_bars(static_cast<std::uint32_t>(result.bars));
  int candidates = 0;
  for (const TrackResult& t : result.tracks) {
    v1::TrackOutput* track = out.add_tracks();
    *track = TrackOutputFromTrack(t.track, t.spec.track_id, result.ppq);
    // The spec is authoritative for the identity of the output track.
    track->set_name(t.spec.name);
    track->set_role(TrackRoleToProto(t.spec.role));
    track->set_program(static_cast<std::uint32_t>(t.spec.program));
    track->set_channel(static_cast<std::uint32_t>(t.spec.channel));
    *out.add_attributes() = TrackAttributesToProto(t);
    candidates = std::max(candidates, t.candidates);
  }
  out.set_midi_file(std::string(result.smf.begin(), result.smf.end()));
  v1::DimensionScores* scores = out.mutable_scores();
  scores->set_rhythm(static_cast<float>(result.scores.rhythm));
  scores->set_harmony(static_cast<float>(result.scores.harmony));
  scores->set_melody(static_cast<float>(result.scores.melody));
  scores->set_expression(static_cast<float>(result.scores.expression));
  scores->set_density(static_cast<float>(result.scores.density));
  out.mutable_transition()->set_checked(result.transition.checked);
  for (const transition::Violation& v : result.transition.violations) {
    v1::TransitionViolation* violation = out.mutable_transition()->add_violations();
    switch (v.kind) {
      case transition::ViolationKind::kEnergyJump:
        violation->set_kind(v1::TRANSITION_VIOLATION_KIND_ENERGY_JUMP);
        break;
      case transition::ViolationKind::kChordLeading:
        violation->set_kind(v1::TRANSITION_VIOLATION_KIND_CHORD_LEADING);
        break;
      case transition::ViolationKind::kRegisterJump:
        violation->set_kind(v1::TRANSITION_VIOLATION_KIND_REGISTER_JUMP);
        break;
      case transition::ViolationKind::kDrumState:
        violation->set_kind(v1::TRANSITION_VIOLATION_KIND_DRUM_STATE);
        break;
    }
    violation->set_message(v.message);
    violation->set_measured(v.measured);
    violation->set_limit(v.limit);
    violation->set_repaired(v.repaired);
  }
  v1::Timings* timings = out.mutable_timings();
  timings->set_targets_ms(result.timings.targets_ms);
  timings->set_drums_ms(result.timings.drums_ms);
  timings->set_bass_ms(result.timings.bass_ms);
  timings->set_harmony_ms(result.timings.harmony_ms);
  timings->set_melody_ms(result.timings.melody_ms);
  timings->set_scoring_ms(result.timings.scoring_ms);
  timings->set_refinement_ms(result.timings.refinement_ms);
  timings->set_humanize_ms(result.timings.humanize_ms);
  timings->set_total_ms(result.timings.total_ms + result.timings.refinement_ms);
  out.mutable_model()->set_model_id(result.model_id);
  out.mutable_model()->set_model_version(result.model_version);
  out.set_seed_used(result.seed_used);
  for (const Warning& w : result.warnings) {
    v1::Warning* warning = out.add_warnings();
    // The engine's paths are inside the RMS.
    warning->set_field_path(w.field_path.empty() ? "" : absl::StrCat("rms.", w.field_path));
    warning->set_message(w.message);
  }
  out.set_candidates_generated(static_cast<std::uint32_t>(candidates));
  out.set_refinement_passes(static_cast<std::uint32_t>(result.refinement.size()));
  for (const RefinementPass& pass : result.refinement) {
    v1::RefinementPass* p = out.add_refinement();
    p->set_dimension(DimensionToProto(pass.dimension));
    p->set_threshold(static_cast<float>(pass.threshold));
    p->set_score_before(static_cast<float>(pass.dimension_before));
    p->set_score_after(static_cast<float>(pass.dimension_after));
    p->set_overall_before(static_cast<float>(pass.overall_before));
    p->set_overall_after(static_cast<float>(pass.overall_after));
    p->set_kept(pass.kept);
    for (int i : pass.tracks) {
      if (i >= 0 && i < static_cast<int>(result.tracks.size())) {
        p->add_track_ids(result.tracks[i].spec.track_id);
      }
    }
    p->set_humanized(pass.humanized);
    p->set_ms(pass.ms);
  }
  out.set_refinement_stop(result.refinement_stop);
  for (const IntentDecision& d : result.intent_trace) {
    v1::IntentDecision* decision = out.mutable_intent_trace()->add_decisions();
    decision->set_decision(d.decision);
    decision->set_target(d.target);
    for (const IntentFactor& f : d.factors) {
      v1::IntentFactor* factor = decision->add_factors();
      factor->set_name(f.name);
      factor->set_value(f.value);
      factor->set_weight(f.weight);
    }
    for (const std::string& a : d.alternatives_rejected) decision->add_alternatives_rejected(a);
    decision->set_confidence(d.confidence);
  }
  if (request != nullptr) {
    const EmotionVector& e = request->section.emotion;
    v1::EmotionVector* ev = out.mutable_emotion_vector();
    ev->set_energy(e.energy);
    ev->set_valence(e.valence);
    ev->set_tension(e.tension);
    ev->set_intimacy(e.intimacy);
    ev->set_motion(e.motion);
  }
  return out;
}

void AddAttributeChanges(const v1::SectionResult& prior, v1::RefineSectionResponse* response) {
  for (const v1::TrackAttributes& after : response->result().attributes()) {
    const v1::TrackAttributes* before = nullptr;
    for (const v1::TrackAttributes& p : prior.attributes()) {
      if (p.track_id() == after.track_id()) before = &p;
    }
    for (const v1::AttributeMeasurement& a : after.attributes()) {
      const v1::AttributeMeasurement* b = nullptr;
      if (before != nullptr) {
        for (const v1::AttributeMeasurement& m : before->attributes()) {
          if (m.name() == a.name()) b = &m;
        }
      }
      if (b != nullptr && b->target() == a.target() && b->measured() == a.measured()) continue;
      v1::AttributeChange* change = response->add_attribute_changes();
      change->set_track_id(after.track_id());
      change->set_name(a.name());
      change->set_has_before(b != nullptr);
      if (b != nullptr) {
        change->set_target_before(b->target());
        change->set_measured_before(b->measured());
      }
      change->set_target_after(a.target());
      change->set_measured_after(a.measured());
    }
  }
}

v1::RefineSectionResponse RefineSectionResponseToProto(const RefinedSection& refined,
                                                       const EmotionVector& prior_emotion,
                                                       const v1::SectionResult& prior) {
  v1::RefineSectionResponse out;
  *out.mutable_result() = SectionResultToProto(refined.result, &refined.request);
  out.mutable_result()->set_refinement_passes(static_cast<std::uint32_t>(refined.attempts));
  *out.mutable_applied_emotion_vector() = EmotionVectorToProto(refined.applied_emotion);
  *out.mutable_prior_emotion_vector() = EmotionVectorToProto(prior_emotion);
  for (int i : refined.regenerated_tracks) {
    out.add_regenerated_track_ids(refined.request.tracks[i].track_id);
  }
  AddAttributeChanges(prior, &out);
  return out;
}

}  // namespace stori::server::convert
