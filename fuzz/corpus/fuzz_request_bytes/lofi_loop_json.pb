J‹
{
  "metadata": {"compositionId": "example-lofi-loop"},
  "seed": "78",
  "qualityPreset": "QUALITY_PRESET_FAST",
  "constraints": {"swingAmount": 0.55, "velocityFloor": 45, "velocityCeiling": 90,
                  "chordExtensions": true},
  "rms": {
    "title": "Rainy Window",
    "tempoBpm": 78,
    "key": "Db",
    "timeSignature": {"numerator": 4, "denominator": 4},
    "genre": "lo-fi hip hop",
    "tracks": [
      {"trackId": "drums", "name": "Drums", "role": "TRACK_ROLE_DRUMS"},
      {"trackId": "bass", "name": "Bass", "role": "TRACK_ROLE_BASS",
       "instrument": "Electric Bass (finger)"},
      {"trackId": "keys", "name": "Rhodes", "role": "TRACK_ROLE_HARMONY",
       "instrument": "Electric Piano 1"}
    ],
    "sections": [
      {
        "sectionId": "loop",
        "sectionType": "SECTION_TYPE_VERSE",
        "bars": 4,
        "emotionVector": {"energy": 0.3, "valence": 0.1, "tension": 0.3, "intimacy": 0.75,
                          "motion": 0.45},
        "chords": [
          {"bar": 0, "symbol": "Dbmaj7"}, {"bar": 1, "symbol": "Cm7"},
          {"bar": 2, "symbol": "Bbm7"}, {"bar": 3, "symbol": "Gbmaj7"}
        ],
        "trackBehaviors": [
          {"trackId": "drums", "style": "boom bap, lazy", "density": 0.4}
        ]
      }
    ]
  }
}
