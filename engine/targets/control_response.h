// How the model's output responds to its attribute control tokens as served, and the correction
// that makes it land on the targets. Conditioned on the bin of a target (track_attributes.h),
// the model under the served decoding (top-p, chord-tone bias, onset and empty-beat
// constraints, one track after another) does not produce that target on average: on the
// validation songs the v3 model wrote bass lines 13% denser and 26% shorter-noted than asked. The
// generator therefore conditions the model on the bins of target x gain (TrackTargets::
// control_bins) while the targets, the bins a track is scored against (TrackTargets::bins) and
// what the caller is told stay the table's. One multiplicative gain per role and attribute, a
// first-order inverse of the response (the control as an actuator whose output is proportional
// to its input), fitted by tools/targets/fit_control_response_main.cc on the validation split's
// songs by damped fixed-point iteration (gain <- gain x (mean target / mean measured)^0.5) so
// that the test split stays unseen; the fit is recorded in engine/targets/CONTROL_RESPONSE.md.
//
// Thread safety: plain data and pure functions.
#ifndef STORI_ENGINE_TARGETS_CONTROL_RESPONSE_H_
#define STORI_ENGINE_TARGETS_CONTROL_RESPONSE_H_

#include <array>
#include <string>

#include "engine/music/track.h"

namespace stori::targets {

// Multipliers applied to a track's targets before their control bins are drawn: 1 leaves the
// target's own bin. Empty beats have none: the decoder holds a track to its empty-beat bin
// (sampling::BoundEmptyBeats), so that control is met exactly.
struct ControlGains {
  double notes_per_bar = 1.0;
  double syncopation = 1.0;
  double polyphony = 1.0;
  double note_length = 1.0;  // pitched tracks; drum hits all decode to a 16th
};

// Gains per music::TrackRole (indexed by its integer value).
struct ControlResponse {
  std::array<ControlGains, 6> roles;

  const ControlGains& of(music::TrackRole role) const {
    return roles[static_cast<int>(role)];
  }
  ControlGains& of(music::TrackRole role) { return roles[static_cast<int>(role)]; }
};

// The gains fitted for the shipped model (models/stori-remi/v3) and its served decoding;
// CONTROL_RESPONSE.md gives the fit. kOther and kPad: harmony's.
const ControlResponse& FittedControlResponse();

// Every gain 1: the control bins are the targets' own bins (what the generator did before the
// fit; the fitting program starts from it).
ControlResponse IdentityControlResponse();

// "drums notes_per_bar=0.87 syncopation=... | bass ..." for logs and the fitting report.
std::string ControlResponseToString(const ControlResponse& response);

}  // namespace stori::targets

#endif  // STORI_ENGINE_TARGETS_CONTROL_RESPONSE_H_
