#include "server/convert/to_proto.h"

#include <algorithm>
#include <string>
#include <vector>

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

v1::EmotionVector EmotionVectorToProto(const generate::EmotionVector& ev) {
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

}  // namespace stori::server::convert
