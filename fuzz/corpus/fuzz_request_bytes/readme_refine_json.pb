JÁ{"flat": {"genre": "pop", "tempo": 100, "instruments": ["drums", "bass", "piano"], "bars": 2, "key": "C",
          "emotion_vector": {"energy": 0.5, "valence": 0.2, "tension": 0.3, "intimacy": 0.5, "motion": 0.5}},
 "emotion_delta": {"energy": 0.2, "tension": -0.1},
 "command": "more driving",
 "target_dimensions": ["rhythm", "density"],
 "target_track_ids": ["drums"],
 "prior_result": {"section_index": 0, "ppq": 480, "tracks": [
   {"track_id": "drums", "channel": 9, "program": 0, "notes": [{"pitch": 36, "velocity": 100, "start_tick": 0, "duration_ticks": 120},
                                                              {"pitch": 38, "velocity": 90, "start_tick": 480, "duration_ticks": 120}]},
   {"track_id": "bass", "channel": 0, "program": 33, "notes": [{"pitch": 36, "velocity": 80, "start_tick": 0, "duration_ticks": 960}],
    "control_changes": [{"tick": 0, "controller": 64, "value": 127}], "pitch_bends": [{"tick": 10, "value": -200}]}]}}
