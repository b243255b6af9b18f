"""Writes a small synthetic token data directory in the tokenizer's format (tests, benchmarks).

Sequences follow a REMI-like grammar (Bar, Position, Pitch, Duration, Velocity) with random
values, so a model can learn the structure quickly; it is not music."""
import json
import os
from typing import List

import numpy as np


def synthetic_vocab() -> List[str]:
    names = ["Pad", "Bos", "Eos", "Bar", "Track_melody", "Track_drums"]
    names += [f"Position_{i}" for i in range(16)]
    names += [f"Pitch_{p}" for p in range(48, 84)]
    names += [f"Duration_{d}" for d in range(1, 9)]
    names += [f"Velocity_{v}" for v in range(8)]
    names += [f"Density_{d}" for d in range(4)]
    return names


def write_synthetic_data(out_dir: str, sequences=(64, 8, 8), min_len: int = 32,
                         max_len: int = 256, seed: int = 0) -> str:
    """Writes manifest.json, vocab.json and train/validation/test shards; returns out_dir."""
    os.makedirs(out_dir, exist_ok=True)
    names = synthetic_vocab()
    ids = {n: i for i, n in enumerate(names)}
    with open(os.path.join(out_dir, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump({"format": "stori-remi", "version": 1, "tokens": names}, f)
    rng = np.random.default_rng(seed)
    manifest = {"vocab": "vocab.json", "splits": {}, "synthetic": True, "bars_per_window": 4}
    for split, count in zip(("train", "validation", "test"), sequences):
        seqs = []
        for _ in range(count):
            length = int(rng.integers(min_len, max_len + 1))
            track = "Track_melody" if rng.random() < 0.5 else "Track_drums"
            seq = [ids["Bos"], ids[track], ids[f"Density_{rng.integers(4)}"]]
            base = int(rng.integers(48, 72))
            while len(seq) < length - 1:
                seq.append(ids["Bar"])
                for pos in range(0, 16, int(rng.choice([2, 4]))):
                    seq += [ids[f"Position_{pos}"],
                            ids[f"Pitch_{base + int(rng.choice([0, 4, 7, 12]))}"],
                            ids[f"Duration_{int(rng.integers(1, 5))}"],
                            ids[f"Velocity_{int(rng.integers(3, 6))}"]]
            seq = seq[:length - 1] + [ids["Eos"]]
            seqs.append(seq)
        tokens = np.concatenate([np.asarray(s, dtype="<u2") for s in seqs])
        lengths = np.asarray([len(s) for s in seqs], dtype="<i8")
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype("<i8")
        tokens.tofile(os.path.join(out_dir, f"{split}.tokens"))
        np.stack([offsets, lengths], axis=1).astype("<i8").tofile(
            os.path.join(out_dir, f"{split}.index"))
        manifest["splits"][split] = {"tokens": f"{split}.tokens", "index": f"{split}.index",
                                     "sequences": len(seqs), "tokens_total": int(tokens.size)}
    with open(os.path.join(out_dir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
    return out_dir
