#include "engine/music/gm_percussion.h"

namespace stori::music {

absl::string_view GmPercussionName(int key) {
  if (key < kFirstGmPercussionKey || key > kLastGmPercussionKey) return "";
  return kGmPercussionNames[key - kFirstGmPercussionKey];
}

int CanonicalGmDrum(int note) {
  switch (note) {
    case 36:
      return 36;  // kick
    case 38:
    case 40:
    case 37:
      return 38;  // snare head, rim, cross-stick
    case 42:
    case 22:
    case 44:
      return 42;  // closed hi-hat bow, edge, pedal
    case 46:
    case 26:
      return 46;  // open hi-hat bow, edge
    case 43:
    case 58:
      return 43;  // tom 3 (floor) head, rim
    case 45:
    case 47:
      return 47;  // tom 2 head, rim
    case 48:
    case 50:
      return 50;  // tom 1 head, rim
    case 49:
    case 55:
    case 57:
    case 52:
      return 49;  // crash 1 bow, edge; crash 2 bow, edge
    case 51:
    case 59:
    case 53:
      return 51;  // ride bow, edge, bell
    default:
      return -1;
  }
}

}  // namespace stori::music
