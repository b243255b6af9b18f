JÛ{
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
      "emotionalRole": "longing",
      "anchorScaleDegree": 1,
      "allowedTransformations": ["TRANSFORMATION_TRANSPOSE", "TRANSFORMATION_RHYTHMIC_EXPAND"]
    }
  ],
  "tracks": [
    {"trackId": "drums", "name": "Drums", "role": "TRACK_ROLE_DRUMS"},
    {"trackId": "bass", "name": "Bass", "role": "TRACK_ROLE_BASS",
     "instrument": "Electric Bass (finger)", "register": "REGISTER_LOW"},
    {"trackId": "guitar", "name": "Guitar", "role": "TRACK_ROLE_HARMONY", "program": 25},
    {"trackId": "lead", "name": "Lead", "role": "TRACK_ROLE_MELODY", "instrument": "Flute"}
  ],
  "sections": [
    {
      "sectionId": "verse_1",
      "sectionType": "SECTION_TYPE_VERSE",
      "bars": 8,
      "emotionVector": {"energy": 0.3, "valence": -0.4, "tension": 0.3, "intimacy": 0.8,
                        "motion": 0.4},
      "chords": [
        {"bar": 0, "beat": 0, "symbol": "Am"},
        {"bar": 2, "beat": 0, "symbol": "F"},
        {"bar": 4, "beat": 0, "symbol": "C"},
        {"bar": 6, "beat": 2, "symbol": "G/B"}
      ],
      "motifUsage": [
        {"motifId": "home_theme", "beat": 0},
        {"motifId": "home_theme", "beat": 16, "transformation": "TRANSFORMATION_TRANSPOSE",
         "params": {"semitones": -2}}
      ],
      "entryState": {"energy": 0.2, "drumActive": false},
      "exitState": {"energy": 0.4, "lastChord": "G/B", "melodicRegister": "REGISTER_MID",
                    "drumActive": true},
      "trackBehaviors": [
        {"trackId": "drums", "active": true, "enterBar": 4, "style": "brushes", "density": 0.3},
        {"trackId": "guitar", "pattern": "fingerpicked", "priority": 9}
      ]
    },
    {
      "sectionId": "chorus_1",
      "sectionType": "SECTION_TYPE_CHORUS",
      "bars": 8,
      "emotionVector": {"energy": 0.6, "valence": 0.1, "tension": 0.5, "intimacy": 0.5,
                        "motion": 0.6},
      "chords": [
        {"bar": 0, "symbol": "C"},
        {"bar": 1, "symbol": "G"},
        {"bar": 2, "symbol": "Am7"},
        {"bar": 3, "symbol": "Fmaj7"}
      ],
      "motifUsage": [
        {"motifId": "home_theme", "beat": 0, "transformation": "TRANSFORMATION_RHYTHMIC_EXPAND",
         "params": {"factor": 2}}
      ]
    }
  ]
}
