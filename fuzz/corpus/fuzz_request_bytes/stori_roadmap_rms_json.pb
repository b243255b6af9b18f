JÒ{
  "rms_version": "1.0",
  "title": "Neon Rain",
  "tempo": 124,
  "key": "F# minor",
  "time_signature": "4/4",
  "genre": "synthwave",
  "global_emotion": {
    "arc_description": "restless night drive that opens up at the chorus",
    "primary_valence": -0.2,
    "energy_range": [0.3, 0.9]
  },
  "quality_preset": "fast",
  "seed": 7,
  "composition_id": "roadmap-neon-rain",
  "motifs": [
    {
      "motif_id": "hook",
      "interval_pattern": [0, 3, 7, 5],
      "rhythm_pattern": ["quarter", "eighth", "eighth", "half"],
      "duration_beats": 4,
      "register": "mid-high",
      "emotional_role": "hook",
      "anchor_scale_degree": 1,
      "allowed_transformations": ["transpose", "rhythmic_expand", "rhythmic_compress"]
    }
  ],
  "tracks": [
    {"track_id": "drums", "name": "Drums", "role": "drums", "instrument": "drum_kit_electronic"},
    {"track_id": "bass", "name": "Bass", "role": "bass", "instrument": "electric_bass_finger"},
    {"track_id": "pads", "name": "Pads", "role": "pads", "instrument": "pad_3_polysynth"},
    {"track_id": "lead", "name": "Lead", "role": "lead", "instrument": "lead_2_sawtooth",
     "color": "#ff00aa"}
  ],
  "sections": [
    {
      "section_id": "verse_1",
      "section_type": "verse",
      "bars": 4,
      "emotion_vector": {"energy": 0.4, "valence": -0.3, "tension": 0.4, "intimacy": 0.6,
                         "motion": 0.5},
      "chords": [{"bar": 0, "chord": "F#m"}, {"bar": 1, "chord": "D"}, {"bar": 2, "chord": "A"},
                 {"bar": 3, "chord": "E"}],
      "motif_usage": [{"motif_id": "hook", "beat": 0, "transformation": "identity"}],
      "track_behaviors": [
        {"track_id": "drums", "density": "sparse", "priority": "support"},
        {"track_id": "lead", "density": "medium", "priority": "motif_statement"}
      ]
    },
    {
      "section_id": "pre",
      "section_type": "pre-chorus",
      "bars": 2,
      "chords": [{"bar": 0, "chord": "D"}, {"bar": 1, "chord": "E"}],
      "motif_usage": [{"motif_id": "hook", "beat": 0, "transformation": "rhythmic_compress"}],
      "track_behaviors": {"pads": {"density": "full", "priority": "texture"}}
    },
    {
      "section_id": "build",
      "section_type": "build",
      "bars": 2,
      "emotion_vector": {"energy": 0.8, "valence": 0.0, "tension": 0.8, "intimacy": 0.3,
                         "motion": 0.8},
      "chords": [{"bar": 0, "chord": "Bm"}, {"bar": 1, "chord": "C#7"}],
      "motif_usage": [{"motif_id": "hook", "beat": 0, "transformation": "rhythmic_expand"}],
      "track_behaviors": [{"track_id": "lead", "density": "full", "priority": "hook"}]
    }
  ]
}
