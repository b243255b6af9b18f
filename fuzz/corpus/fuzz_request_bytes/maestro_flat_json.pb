J˜{
  "metadata": {"compositionId": "example-maestro-flat", "intentHash": "demo"},
  "flat": {
    "genre": "pop",
    "tempoBpm": 120,
    "instruments": ["drums", "bass", "piano", "melody"],
    "bars": 8,
    "key": "C",
    "emotionVector": {"energy": 0.6, "valence": 0.5, "tension": 0.3, "intimacy": 0.4,
                      "motion": 0.6}
  },
  "seed": "7",
  "qualityPreset": "QUALITY_PRESET_FAST"
}
