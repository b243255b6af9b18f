#include "engine/music/gm_program.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace stori::music {
std::string LettersAndDigits(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

absl::string_view GmProgramName(int program) {
  if (program < 0 || program >= kNumGmPrograms) return "";
  return kGmProgramNames[program];
}

absl::StatusOr<int> GmProgramFromName(absl::string_view name) {
  const std::string wanted = LettersAndDigits(name);
  if (!wanted.empty()) {
    for (int program = 0; program < kNumGmPrograms; ++program) {
      if (LettersAndDigits(kGmProgramNames[program]) == wanted) return program;
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat("GM program name \"", name,
                   "\": unknown; expected a General MIDI 1 name such as "
                   "\"Acoustic Grand Piano\" or \"electric_bass_finger\""));
}

int DefaultProgramForRole(TrackRole role) {
  switch (role) {
    case TrackRole::kDrums:
      return 0;
    case TrackRole::kBass:
      return 33;
    case TrackRole::kHarmony:
      return 0;
    case TrackRole::kMelody:
      return 73;
    case TrackRole::kPad:
      return 89;
    case TrackRole::kOther:
      return 0;
  }
  return 0;
}

int DefaultChannelForRole(TrackRole role) {
  switch (role) {
    case TrackRole::kDrums:
      return kDrumChannel;
    case TrackRole::kBass:
      return 0;
    case TrackRole::kHarmony:
      return 1;
    case TrackRole::kMelody:
      return 2;
    case TrackRole::kPad:
      return 3;
    case TrackRole::kOther:
      return 4;
  }
  return 4;
}

absl::StatusOr<std::vector<int>> AssignChannels(absl::Span<const TrackRole> roles) {
  std::vector<int> channels(roles.size(), -1);
  bool used[16] = {};
  used[kDrumChannel] = true;
  for (std::size_t i = 0; i < roles.size(); ++i) {  // fixed channels first
    const TrackRole role = roles[i];
    if (role == TrackRole::kDrums) {
      channels[i] = kDrumChannel;
    } else if ((role == TrackRole::kBass || role == TrackRole::kHarmony) &&
               !used[DefaultChannelForRole(role)]) {
      channels[i] = DefaultChannelForRole(role);
      used[channels[i]] = true;
    }
  }
  // Others from 2 up; channels 0 and 1 only once 2..15 are taken and no bass/harmony holds them.
  constexpr int kOrder[16] = {2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 0, 1, kDrumChannel};
  int next = 0;
  for (std::size_t i = 0; i < roles.size(); ++i) {
    if (channels[i] >= 0) continue;
    while (next < 15 && used[kOrder[next]]) ++next;
    if (next >= 15) {
      return absl::ResourceExhaustedError(
          absl::StrCat(roles.size(), " tracks need more than the 15 melodic MIDI channels (track ",
                       i, ", ", TrackRoleName(roles[i]), ", has none left)"));
    }
    channels[i] = kOrder[next];
    used[kOrder[next]] = true;
  }
  return channels;
}

}  // namespace stori::music
