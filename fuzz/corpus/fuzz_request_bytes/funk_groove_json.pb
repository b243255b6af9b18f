JÕ{
  "metadata": {"compositionId": "example-funk-groove"},
  "seed": "104",
  "qualityPreset": "QUALITY_PRESET_BALANCED",
  "constraints": {"subdivision": 16, "swingAmount": 0.1},
  "rms": {
    "title": "Glass Elevator",
    "tempoBpm": 104,
    "key": "Em",
    "timeSignature": {"numerator": 4, "denominator": 4},
    "genre": "funk",
    "motifs": [
      {
        "motifId": "stab",
        "intervalPattern": [0, 3, 5, 7, 5],
        "rhythmPattern": ["RHYTHM_VALUE_SIXTEENTH", "RHYTHM_VALUE_SIXTEENTH",
                          "RHYTHM_VALUE_EIGHTH", "RHYTHM_VALUE_EIGHTH", "RHYTHM_VALUE_QUARTER"],
        "durationBeats": 2,
        "register": "REGISTER_MID_HIGH",
        "emotionalRole": "hook",
        "anchorScaleDegree": 1,
        "allowedTransformations": ["TRANSFORMATION_TRANSPOSE", "TRANSFORMATION_INTENSIFY"]
      }
    ],
    "tracks": [
      {"trackId": "drums", "name": "Drums", "role": "TRACK_ROLE_DRUMS"},
      {"trackId": "bass", "name": "Slap Bass", "role": "TRACK_ROLE_BASS",
       "instrument": "Slap Bass 1"},
      {"trackId": "keys", "name": "Clav", "role": "TRACK_ROLE_HARMONY", "instrument": "Clavi"},
      {"trackId": "horns", "name": "Horns", "role": "TRACK_ROLE_MELODY",
       "instrument": "Brass Section"}
    ],
    "sections": [
      {
        "sectionId": "groove",
        "sectionType": "SECTION_TYPE_VERSE",
        "bars": 4,
        "emotionVector": {"energy": 0.75, "valence": 0.4, "tension": 0.45, "intimacy": 0.3,
                          "motion": 0.9},
        "chords": [
          {"bar": 0, "symbol": "Em7"}, {"bar": 1, "symbol": "A7"},
          {"bar": 2, "symbol": "Em7"}, {"bar": 3, "symbol": "A7"}
        ],
        "motifUsage": [{"motifId": "stab", "beat": 2}, {"motifId": "stab", "beat": 10}],
        "trackBehaviors": [
          {"trackId": "drums", "style": "tight sixteenth hats", "density": 0.85},
          {"trackId": "bass", "style": "syncopated octaves", "priority": 10}
        ]
      },
      {
        "sectionId": "hook",
        "sectionType": "SECTION_TYPE_CHORUS",
        "bars": 4,
        "emotionVector": {"energy": 0.9, "valence": 0.5, "tension": 0.55, "intimacy": 0.2,
                          "motion": 0.95},
        "chords": [
          {"bar": 0, "symbol": "Cmaj7"}, {"bar": 1, "symbol": "B7"},
          {"bar": 2, "symbol": "Em7"}, {"bar": 3, "symbol": "A7"}
        ],
        "motifUsage": [
          {"motifId": "stab", "beat": 0, "transformation": "TRANSFORMATION_INTENSIFY"},
          {"motifId": "stab", "beat": 8, "transformation": "TRANSFORMATION_TRANSPOSE",
           "params": {"semitones": 5}}
        ]
      }
    ]
  }
}
