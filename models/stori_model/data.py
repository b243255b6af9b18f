"""Reads the token data directory written by the C++ tokenizer and forms padded batches.

Layout (contract with the tokenizer): manifest.json names vocab.json and, per split, a
`.tokens` file (little-endian uint16 ids, sequences concatenated) and an `.index` file
(little-endian int64 (offset, length) pairs, in tokens). Each sequence is Bos ... Eos.
"""
import json
import os
from typing import Dict, Iterator, List, Optional, Sequence

import numpy as np
import torch


class Vocab:
    """Token names from vocab.json; id = index in "tokens". Ids are never hard-coded."""

    def __init__(self, path: str):
        with open(path, "r", encoding="utf-8") as f:
            doc = json.load(f)
        if doc.get("format") != "stori-remi":
            raise ValueError(f"{path}: format {doc.get('format')!r}; expected 'stori-remi'")
        self.path = path
        self.version = doc.get("version")
        self.tokens: List[str] = list(doc["tokens"])
        self.ids: Dict[str, int] = {name: i for i, name in enumerate(self.tokens)}
        for required in ("Pad", "Bos", "Eos"):
            if required not in self.ids:
                raise ValueError(f"{path}: no {required!r} token")

    def __len__(self) -> int:
        return len(self.tokens)

    def id(self, name: str) -> int:
        return self.ids[name]

    @property
    def pad_id(self) -> int:
        return self.ids["Pad"]

    @property
    def bos_id(self) -> int:
        return self.ids["Bos"]

    @property
    def eos_id(self) -> int:
        return self.ids["Eos"]

    def names(self, ids: Sequence[int]) -> List[str]:
        return [self.tokens[i] if 0 <= i < len(self.tokens) else f"<{i}>" for i in ids]


class TokenSplit:
    """One split (train/validation/test) as memory-mapped token and index arrays."""

    def __init__(self, data_dir: str, name: str, entry: dict):
        self.name = name
        tokens_path = os.path.join(data_dir, entry["tokens"])
        index_path = os.path.join(data_dir, entry["index"])
        self.tokens = np.memmap(tokens_path, dtype="<u2", mode="r") \
            if os.path.getsize(tokens_path) > 0 else np.zeros(0, dtype="<u2")
        index = np.memmap(index_path, dtype="<i8", mode="r") \
            if os.path.getsize(index_path) > 0 else np.zeros(0, dtype="<i8")
        if index.size % 2 != 0:
            raise ValueError(f"{index_path}: {index.size} int64 values; expected pairs")
        index = np.asarray(index).reshape(-1, 2)
        self.offsets = index[:, 0].astype(np.int64)
        self.lengths = index[:, 1].astype(np.int64)
        if len(self.offsets) and (self.offsets.min() < 0 or
                                  (self.offsets + self.lengths).max() > self.tokens.size):
            raise ValueError(f"{index_path}: a sequence lies outside {tokens_path} "
                             f"({self.tokens.size} tokens)")

    def __len__(self) -> int:
        return len(self.offsets)

    @property
    def num_tokens(self) -> int:
        return int(self.lengths.sum())

    def sequence(self, i: int) -> np.ndarray:
        o, n = int(self.offsets[i]), int(self.lengths[i])
        return np.asarray(self.tokens[o:o + n])


class TokenDataset:
    def __init__(self, data_dir: str):
        self.data_dir = data_dir
        manifest_path = os.path.join(data_dir, "manifest.json")
        with open(manifest_path, "r", encoding="utf-8") as f:
            self.manifest = json.load(f)
        self.vocab_path = os.path.join(data_dir, self.manifest.get("vocab", "vocab.json"))
        self.vocab = Vocab(self.vocab_path)
        self.splits: Dict[str, TokenSplit] = {
            name: TokenSplit(data_dir, name, entry)
            for name, entry in self.manifest["splits"].items()}

    def split(self, name: str) -> Optional[TokenSplit]:
        return self.splits.get(name)


def make_batches(lengths: np.ndarray, token_budget: int, rng: Optional[np.random.Generator],
                 window: int = 4096) -> List[np.ndarray]:
    """Groups sequence indices into batches whose padded size (count * longest) stays within
    `token_budget` (a sequence longer than the budget gets a batch of its own).

    With `rng`, the order is shuffled, then sorted by length inside windows of `window`
    sequences (so padding stays small), and the batch order is shuffled; without, batches are
    formed from the length-sorted order (evaluation)."""
    n = len(lengths)
    if rng is not None:
        order = rng.permutation(n)
        chunks = [order[i:i + window] for i in range(0, n, window)]
        chunks = [c[np.argsort(-lengths[c], kind="stable")] for c in chunks]
    else:
        chunks = [np.argsort(-lengths, kind="stable")]
    batches: List[np.ndarray] = []
    for chunk in chunks:
        start = 0
        while start < len(chunk):
            longest = int(lengths[chunk[start]])
            count = max(1, token_budget // max(longest, 1))
            batches.append(chunk[start:start + count])
            start += count
    if rng is not None:
        batches = [batches[i] for i in rng.permutation(len(batches))]
    return batches


def collate(split: TokenSplit, indices: Sequence[int], pad_id: int) -> torch.Tensor:
    """Returns int64 [len(indices), longest] with Pad after each sequence."""
    lens = [int(split.lengths[i]) for i in indices]
    out = np.full((len(indices), max(lens)), pad_id, dtype=np.int64)
    for row, i in enumerate(indices):
        out[row, :lens[row]] = split.sequence(int(i))
    return torch.from_numpy(out)


def subset_for_tokens(split: TokenSplit, max_tokens: int, seed: int = 0) -> np.ndarray:
    """A fixed random subset of sequence indices holding about `max_tokens` tokens (all when
    max_tokens <= 0 or the split is smaller)."""
    n = len(split)
    if max_tokens <= 0 or split.num_tokens <= max_tokens:
        return np.arange(n)
    order = np.random.default_rng(seed).permutation(n)
    cum = np.cumsum(split.lengths[order])
    k = int(np.searchsorted(cum, max_tokens)) + 1
    return np.sort(order[:k])


def iterate_eval_batches(split: TokenSplit, indices: np.ndarray, token_budget: int,
                         pad_id: int) -> Iterator[torch.Tensor]:
    for batch in make_batches(split.lengths[indices], token_budget, None):
        yield collate(split, indices[batch], pad_id)
