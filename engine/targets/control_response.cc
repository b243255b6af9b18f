#include "engine/targets/control_response.h"

#include "absl/strings/str_format.h"

namespace stori::targets {

const ControlResponse& FittedControlResponse() {
  // Written from stori-fit-control-response's output (CONTROL_RESPONSE.md): per role
  // {notes_per_bar, syncopation, polyphony, note_length}; pad and other take harmony's.
  static const ControlResponse kFitted = [] {
    ControlResponse r = IdentityControlResponse();
    r.of(music::TrackRole::kDrums) = {0.876, 1.045, 0.983, 1.000};
    r.of(music::TrackRole::kBass) = {0.913, 1.199, 1.000, 1.507};
    r.of(music::TrackRole::kHarmony) = {0.928, 1.356, 0.912, 1.244};
    r.of(music::TrackRole::kMelody) = {0.882, 0.908, 1.000, 1.511};
    r.of(music::TrackRole::kPad) = r.of(music::TrackRole::kHarmony);
    r.of(music::TrackRole::kOther) = r.of(music::TrackRole::kHarmony);
    return r;
  }();
  return kFitted;
}

ControlResponse IdentityControlResponse() { return ControlResponse{}; }

std::string ControlResponseToString(const ControlResponse& response) {
  std::string out;
  for (int r = 0; r < static_cast<int>(response.roles.size()); ++r) {
    const ControlGains& g = response.roles[r];
    absl::StrAppendFormat(&out, "%s%s notes_per_bar=%.3f syncopation=%.3f polyphony=%.3f "
                          "note_length=%.3f",
                          r == 0 ? "" : " | ", music::TrackRoleName(static_cast<music::TrackRole>(r)),
                          g.notes_per_bar, g.syncopation, g.polyphony, g.note_length);
  }
  return out;
}

}  // namespace stori::targets
