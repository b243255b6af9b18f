#include "engine/music/track.h"

namespace stori::music {

const char* TrackRoleName(TrackRole role) {
  switch (role) {
    case TrackRole::kDrums: return "drums";
    case TrackRole::kBass: return "bass";
    case TrackRole::kHarmony: return "harmony";
    case TrackRole::kMelody: return "melody";
    case TrackRole::kPad: return "pad";
    case TrackRole::kOther: return "other";
  }
  return "other";
}

}  // namespace stori::music
