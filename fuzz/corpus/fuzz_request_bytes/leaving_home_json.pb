J°+{
  "metadata": {"compositionId": "example-leaving-home", "traceId": "example-leaving-home-1"},
  "seed": "20240611",
  "qualityPreset": "QUALITY_PRESET_BALANCED",
  "rms": {
    "title": "Leaving Home",
    "tempoBpm": 92,
    "key": "Am",
    "timeSignature": {"numerator": 4, "denominator": 4},
    "genre": "indie folk",
    "motifs": [
      {
        "motifId": "home_theme",
        "intervalPattern": [0, 2, 3, 7],
        "rhythmPattern": ["RHYTHM_VALUE_QUARTER", "RHYTHM_VALUE_QUARTER", "RHYTHM_VALUE_QUARTER",
                          "RHYTHM_VALUE_QUARTER"],
        "durationBeats": 3,
        "register": "REGISTER_MID",
        "emotionalRole": "longing for what is left behind",
        "anchorScaleDegree": 1,
        "allowedTransformations": ["TRANSFORMATION_TRANSPOSE", "TRANSFORMATION_RHYTHMIC_EXPAND",
                                   "TRANSFORMATION_REGISTER_SHIFT"]
      },
      {
        "motifId": "the_road",
        "intervalPattern": [0, -1, -3],
        "rhythmPattern": ["RHYTHM_VALUE_HALF", "RHYTHM_VALUE_EIGHTH", "RHYTHM_VALUE_EIGHTH"],
        "durationBeats": 2,
        "register": "REGISTER_MID_HIGH",
        "emotionalRole": "hope, moving on",
        "anchorScaleDegree": 5,
        "allowedTransformations": ["TRANSFORMATION_TRANSPOSE", "TRANSFORMATION_INVERT",
                                   "TRANSFORMATION_INTENSIFY"]
      }
    ],
    "tracks": [
      {"trackId": "drums", "name": "Drums", "role": "TRACK_ROLE_DRUMS"},
      {"trackId": "bass", "name": "Bass", "role": "TRACK_ROLE_BASS",
       "instrument": "Acoustic Bass", "register": "REGISTER_LOW"},
      {"trackId": "guitar", "name": "Acoustic Guitar", "role": "TRACK_ROLE_HARMONY",
       "instrument": "Acoustic Guitar (steel)"},
      {"trackId": "lead", "name": "Lead", "role": "TRACK_ROLE_MELODY", "instrument": "Flute",
       "register": "REGISTER_MID"}
    ],
    "sections": [
      {
        "sectionId": "intro",
        "sectionType": "SECTION_TYPE_INTRO",
        "bars": 4,
        "emotionVector": {"energy": 0.2, "valence": -0.3, "tension": 0.2, "intimacy": 0.9,
                          "motion": 0.3},
        "chords": [
          {"bar": 0, "symbol": "Am"},
          {"bar": 1, "symbol": "F"},
          {"bar": 2, "symbol": "C"},
          {"bar": 3, "symbol": "G"}
        ],
        "motifUsage": [
          {"motifId": "home_theme", "beat": 4, "transformation": "TRANSFORMATION_IDENTITY"}
        ],
        "entryState": {"energy": 0.0, "drumActive": false},
        "exitState": {"energy": 0.3, "lastChord": "G", "melodicRegister": "REGISTER_MID",
                      "drumActive": false},
        "trackBehaviors": [
          {"trackId": "drums", "active": false},
          {"trackId": "bass", "enterBar": 2, "style": "sparse roots", "density": 0.2},
          {"trackId": "guitar", "pattern": "fingerpicked", "priority": 9},
          {"trackId": "lead", "priority": 5}
        ]
      },
      {
        "sectionId": "verse",
        "sectionType": "SECTION_TYPE_VERSE",
        "bars": 8,
        "emotionVector": {"energy": 0.4, "valence": -0.3, "tension": 0.4, "intimacy": 0.7,
                          "motion": 0.5},
        "chords": [
          {"bar": 0, "symbol": "Am"}, {"bar": 1, "symbol": "F"},
          {"bar": 2, "symbol": "C"}, {"bar": 3, "symbol": "G"},
          {"bar": 4, "symbol": "Am"}, {"bar": 5, "symbol": "F"},
          {"bar": 6, "symbol": "C"}, {"bar": 7, "beat": 0, "symbol": "E7"}
        ],
        "motifUsage": [
          {"motifId": "home_theme", "beat": 0},
          {"motifId": "home_theme", "beat": 16, "transformation": "TRANSFORMATION_TRANSPOSE",
           "params": {"semitones": -2}}
        ],
        "entryState": {"energy": 0.3, "lastChord": "G", "drumActive": false},
        "exitState": {"energy": 0.5, "lastChord": "E7", "melodicRegister": "REGISTER_MID",
                      "drumActive": true},
        "trackBehaviors": [
          {"trackId": "drums", "enterBar": 4, "style": "brushes", "density": 0.35},
          {"trackId": "bass", "style": "roots and fifths"},
          {"trackId": "guitar", "pattern": "fingerpicked", "priority": 8}
        ]
      },
      {
        "sectionId": "chorus",
        "sectionType": "SECTION_TYPE_CHORUS",
        "bars": 8,
        "emotionVector": {"energy": 0.7, "valence": 0.1, "tension": 0.5, "intimacy": 0.4,
                          "motion": 0.7},
        "chords": [
          {"bar": 0, "symbol": "C"}, {"bar": 1, "symbol": "G"},
          {"bar": 2, "symbol": "Am7"}, {"bar": 3, "symbol": "Fmaj7"},
          {"bar": 4, "symbol": "C"}, {"bar": 5, "symbol": "G"},
          {"bar": 6, "symbol": "F"}, {"bar": 6, "beat": 2, "symbol": "G"},
          {"bar": 7, "symbol": "Am"}
        ],
        "motifUsage": [
          {"motifId": "the_road", "beat": 0},
          {"motifId": "home_theme", "beat": 8, "transformation": "TRANSFORMATION_REGISTER_SHIFT",
           "params": {"octaves": 1}},
          {"motifId": "the_road", "beat": 16, "transformation": "TRANSFORMATION_TRANSPOSE",
           "params": {"semitones": 2}}
        ],
        "entryState": {"energy": 0.5, "lastChord": "E7", "drumActive": true},
        "exitState": {"energy": 0.6, "lastChord": "Am", "melodicRegister": "REGISTER_MID_HIGH",
                      "drumActive": true},
        "trackBehaviors": [
          {"trackId": "drums", "style": "full kit", "density": 0.7},
          {"trackId": "guitar", "pattern": "strummed", "priority": 8},
          {"trackId": "lead", "priority": 10}
        ]
      }
    ]
  }
}
