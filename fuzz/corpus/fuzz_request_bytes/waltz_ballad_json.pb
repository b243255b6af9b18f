J©{
  "metadata": {"compositionId": "example-waltz-ballad"},
  "seed": "84",
  "qualityPreset": "QUALITY_PRESET_BALANCED",
  "rms": {
    "title": "Last Dance at the Harbour",
    "tempoBpm": 84,
    "key": "F",
    "timeSignature": {"numerator": 3, "denominator": 4},
    "genre": "ballad",
    "motifs": [
      {
        "motifId": "sway",
        "intervalPattern": [0, 4, 7, 9, 7],
        "rhythmPattern": ["RHYTHM_VALUE_HALF", "RHYTHM_VALUE_QUARTER", "RHYTHM_VALUE_QUARTER",
                          "RHYTHM_VALUE_QUARTER", "RHYTHM_VALUE_QUARTER"],
        "durationBeats": 6,
        "register": "REGISTER_MID",
        "emotionalRole": "tender memory",
        "anchorScaleDegree": 1,
        "allowedTransformations": ["TRANSFORMATION_TRANSPOSE", "TRANSFORMATION_SIMPLIFY"]
      }
    ],
    "tracks": [
      {"trackId": "bass", "name": "Upright Bass", "role": "TRACK_ROLE_BASS",
       "instrument": "Acoustic Bass"},
      {"trackId": "piano", "name": "Piano", "role": "TRACK_ROLE_HARMONY",
       "instrument": "Acoustic Grand Piano"},
      {"trackId": "strings", "name": "Strings", "role": "TRACK_ROLE_PAD",
       "instrument": "String Ensemble 1"},
      {"trackId": "violin", "name": "Violin", "role": "TRACK_ROLE_MELODY", "instrument": "Violin"}
    ],
    "sections": [
      {
        "sectionId": "verse",
        "sectionType": "SECTION_TYPE_VERSE",
        "bars": 8,
        "emotionVector": {"energy": 0.3, "valence": 0.2, "tension": 0.25, "intimacy": 0.85,
                          "motion": 0.4},
        "chords": [
          {"bar": 0, "symbol": "F"}, {"bar": 1, "symbol": "Dm"},
          {"bar": 2, "symbol": "Bb"}, {"bar": 3, "symbol": "C7"},
          {"bar": 4, "symbol": "F"}, {"bar": 5, "symbol": "Am"},
          {"bar": 6, "symbol": "Bb"}, {"bar": 7, "symbol": "C"}
        ],
        "motifUsage": [
          {"motifId": "sway", "beat": 0},
          {"motifId": "sway", "beat": 12, "transformation": "TRANSFORMATION_TRANSPOSE",
           "params": {"semitones": 2}}
        ],
        "trackBehaviors": [
          {"trackId": "strings", "enterBar": 4, "density": 0.2},
          {"trackId": "piano", "pattern": "oom-pah-pah", "priority": 9}
        ]
      }
    ]
  }
}
