JH{"genre": "boom_bap", "tempo": 90, "instruments": ["drums"], "bars": 4}
