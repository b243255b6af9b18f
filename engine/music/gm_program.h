// General MIDI Level 1 programs (MMA, "General MIDI System Level 1", 1991, Sound Set table),
// numbered 0..127 as on the wire (the GM table prints 1..128), and the programs and channels the
// service gives each track role by default.
#ifndef STORI_ENGINE_MUSIC_GM_PROGRAM_H_
#define STORI_ENGINE_MUSIC_GM_PROGRAM_H_

#include <array>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "engine/music/track.h"

namespace stori::music {

inline constexpr int kNumGmPrograms = 128;

// GM1 program names, index = program 0..127, spelt as in the GM1 Sound Set table.
inline constexpr std::array<const char*, kNumGmPrograms> kGmProgramNames = {
    "Acoustic Grand Piano",
    "Bright Acoustic Piano",
    "Electric Grand Piano",
    "Honky-tonk Piano",
    "Electric Piano 1",
    "Electric Piano 2",
    "Harpsichord",
    "Clavi",
    "Celesta",
    "Glockenspiel",
    "Music Box",
    "Vibraphone",
    "Marimba",
    "Xylophone",
    "Tubular Bells",
    "Dulcimer",
    "Drawbar Organ",
    "Percussive Organ",
    "Rock Organ",
    "Church Organ",
    "Reed Organ",
    "Accordion",
    "Harmonica",
    "Tango Accordion",
    "Acoustic Guitar (nylon)",
    "Acoustic Guitar (steel)",
    "Electric Guitar (jazz)",
    "Electric Guitar (clean)",
    "Electric Guitar (muted)",
    "Overdriven Guitar",
    "Distortion Guitar",
    "Guitar harmonics",
    "Acoustic Bass",
    "Electric Bass (finger)",
    "Electric Bass (pick)",
    "Fretless Bass",
    "Slap Bass 1",
    "Slap Bass 2",
    "Synth Bass 1",
    "Synth Bass 2",
    "Violin",
    "Viola",
    "Cello",
    "Contrabass",
    "Tremolo Strings",
    "Pizzicato Strings",
    "Orchestral Harp",
    "Timpani",
    "String Ensemble 1",
    "String Ensemble 2",
    "SynthStrings 1",
    "SynthStrings 2",
    "Choir Aahs",
    "Voice Oohs",
    "Synth Voice",
    "Orchestra Hit",
    "Trumpet",
    "Trombone",
    "Tuba",
    "Muted Trumpet",
    "French Horn",
    "Brass Section",
    "SynthBrass 1",
    "SynthBrass 2",
    "Soprano Sax",
    "Alto Sax",
    "Tenor Sax",
    "Baritone Sax",
    "Oboe",
    "English Horn",
    "Bassoon",
    "Clarinet",
    "Piccolo",
    "Flute",
    "Recorder",
    "Pan Flute",
    "Blown Bottle",
    "Shakuhachi",
    "Whistle",
    "Ocarina",
    "Lead 1 (square)",
    "Lead 2 (sawtooth)",
    "Lead 3 (calliope)",
    "Lead 4 (chiff)",
    "Lead 5 (charang)",
    "Lead 6 (voice)",
    "Lead 7 (fifths)",
    "Lead 8 (bass + lead)",
    "Pad 1 (new age)",
    "Pad 2 (warm)",
    "Pad 3 (polysynth)",
    "Pad 4 (choir)",
    "Pad 5 (bowed)",
    "Pad 6 (metallic)",
    "Pad 7 (halo)",
    "Pad 8 (sweep)",
    "FX 1 (rain)",
    "FX 2 (soundtrack)",
    "FX 3 (crystal)",
    "FX 4 (atmosphere)",
    "FX 5 (brightness)",
    "FX 6 (goblins)",
    "FX 7 (echoes)",
    "FX 8 (sci-fi)",
    "Sitar",
    "Banjo",
    "Shamisen",
    "Koto",
    "Kalimba",
    "Bag pipe",
    "Fiddle",
    "Shanai",
    "Tinkle Bell",
    "Agogo",
    "Steel Drums",
    "Woodblock",
    "Taiko Drum",
    "Melodic Tom",
    "Synth Drum",
    "Reverse Cymbal",
    "Guitar Fret Noise",
    "Breath Noise",
    "Seashore",
    "Bird Tweet",
    "Telephone Ring",
    "Helicopter",
    "Applause",
    "Gunshot",
};

// Name of `program` 0..127 from kGmProgramNames; "" outside that range. Thread safety: pure.
absl::string_view GmProgramName(int program);

// Lower-case letters and digits of `text`, nothing else: the form names are compared in
// ("Electric Bass (finger)" -> "electricbassfinger"). Thread safety: pure function.
std::string LettersAndDigits(absl::string_view text);

// Program 0..127 whose GM1 name matches `name` ignoring case and every character that is not a
// letter or digit, so "acoustic_grand_piano", "Electric Bass (finger)", "electric bass finger"
// and "HONKY TONK PIANO" all match.
// Errors: kInvalidArgument naming the text when no GM1 name matches.
// Thread safety: pure function.
absl::StatusOr<int> GmProgramFromName(absl::string_view name);

// Program a track of `role` gets when the request names no instrument:
// drums 0 (ignored on the drum channel: GM's standard kit), bass 33 Electric Bass (finger),
// harmony 0 Acoustic Grand Piano, melody 73 Flute (a sustained lead that sits clear of the
// piano in every genre's register), pad 89 Pad 2 (warm), other 0 Acoustic Grand Piano.
// Thread safety: pure function.
int DefaultProgramForRole(TrackRole role);

// Channel index the first track of `role` gets (Maestro's convention: drums 9, bass 0, keys 1,
// others from 2): drums 9, bass 0, harmony 1, melody 2, pad 3, other 4. Thread safety: pure
// function.
int DefaultChannelForRole(TrackRole role);

// Channels for a whole arrangement, in order: every drums track 9 (GM percussion); the first
// bass 0 and first harmony track 1; every other track the next unused channel from 2 up,
// skipping 9, then 0 and 1 if no bass or harmony track holds them.
// Errors: kResourceExhausted when the non-drum tracks need more than the 15 melodic channels.
// Thread safety: pure function.
absl::StatusOr<std::vector<int>> AssignChannels(absl::Span<const TrackRole> roles);

}  // namespace stori::music

#endif  // STORI_ENGINE_MUSIC_GM_PROGRAM_H_
