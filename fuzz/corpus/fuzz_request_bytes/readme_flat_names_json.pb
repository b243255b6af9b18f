Jò{"genre": "lofi", "bpm": 78, "instruments": ["drum_kit_brush", "electric_bass_finger", "keys", "String Ensemble 1", "lead", "piano", "piano", "sfx", "whatever"],
 "bars": 8, "key": "F# minor", "meter": "3/4", "composition_id": "c1", "trace_id": "t1", "intent_hash": "h",
 "emotion_vector": {"energy": 0.2, "valence": -0.7, "tension": 0.9, "intimacy": 0.8, "motion": 0.1},
 "seed": "18446744073709551615", "quality_preset": "fast",
 "generation_constraints": {"subdivision": 24, "swing_amount": 0.6, "velocity_floor": 30, "velocity_ceiling": 90,
   "register_center": 72, "register_spread": 5, "harmonic_rhythm_bars": 0.5, "rest_density": 0.4,
   "leap_probability": 0.3, "drum_density": 0.9, "chord_extensions": true, "borrowed_chord_probability": 0.2}}
