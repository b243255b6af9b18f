// General MIDI Level 1 percussion keys 35..81 on channel index 9 (MMA, "General MIDI System
// Level 1", Percussion Key Map), and the mapping of the Roland TD-11 kit notes recorded in the
// Groove MIDI Dataset onto the GM keys of its nine drum classes (Gillick et al., "Learning to
// Groove with Inverse Sequence Transformations", ICML 2019; the dataset page's mapping table and
// Magenta's ROLAND_DRUM_PITCH_CLASSES in music_vae/data.py).
#ifndef STORI_ENGINE_MUSIC_GM_PERCUSSION_H_
#define STORI_ENGINE_MUSIC_GM_PERCUSSION_H_

#include <array>

#include "absl/strings/string_view.h"

namespace stori::music {

inline constexpr int kFirstGmPercussionKey = 35;
inline constexpr int kLastGmPercussionKey = 81;

// GM1 percussion names, index = key - kFirstGmPercussionKey.
inline constexpr std::array<const char*, kLastGmPercussionKey - kFirstGmPercussionKey + 1>
    kGmPercussionNames = {
        "Acoustic Bass Drum",
        "Bass Drum 1",
        "Side Stick",
        "Acoustic Snare",
        "Hand Clap",
        "Electric Snare",
        "Low Floor Tom",
        "Closed Hi Hat",
        "High Floor Tom",
        "Pedal Hi-Hat",
        "Low Tom",
        "Open Hi-Hat",
        "Low-Mid Tom",
        "Hi-Mid Tom",
        "Crash Cymbal 1",
        "High Tom",
        "Ride Cymbal 1",
        "Chinese Cymbal",
        "Ride Bell",
        "Tambourine",
        "Splash Cymbal",
        "Cowbell",
        "Crash Cymbal 2",
        "Vibraslap",
        "Ride Cymbal 2",
        "Hi Bongo",
        "Low Bongo",
        "Mute Hi Conga",
        "Open Hi Conga",
        "Low Conga",
        "High Timbale",
        "Low Timbale",
        "High Agogo",
        "Low Agogo",
        "Cabasa",
        "Maracas",
        "Short Whistle",
        "Long Whistle",
        "Short Guiro",
        "Long Guiro",
        "Claves",
        "Hi Wood Block",
        "Low Wood Block",
        "Mute Cuica",
        "Open Cuica",
        "Mute Triangle",
        "Open Triangle",
};

// GM1 name of percussion key `key` (35..81), "" for any other key. Thread safety: pure.
absl::string_view GmPercussionName(int key);

// The kick drum's GM1 keys: Acoustic Bass Drum and Bass Drum 1.
inline constexpr std::array<int, 2> kGmKickKeys = {35, 36};

// True for a kick drum key (kGmKickKeys). Thread safety: pure.
constexpr bool IsGmKick(int key) { return key == kGmKickKeys[0] || key == kGmKickKeys[1]; }

// The GM key of the Groove drum class a Roland TD-11 / Groove MIDI Dataset note belongs to, or -1
// for a note outside that kit's 22 notes:
//   kick 36 -> 36;                 snare head 38, rim 40, cross-stick 37 -> 38;
//   closed hi-hat bow 42, edge 22, pedal 44 -> 42;          open hi-hat bow 46, edge 26 -> 46;
//   tom 3 (floor) head 43, rim 58 -> 43;                     tom 2 head 45, rim 47 -> 47;
//   tom 1 head 48, rim 50 -> 50;   crash 1 bow 49, edge 55, crash 2 bow 57, edge 52 -> 49;
//   ride bow 51, edge 59, bell 53 -> 51.
// Thread safety: pure function.
int CanonicalGmDrum(int note);

}  // namespace stori::music

#endif  // STORI_ENGINE_MUSIC_GM_PERCUSSION_H_
