"""Warm start: a new training run begins from an earlier model's weights (train.py --init_from).

Used to train a model on longer windows (8 bars, 2,048 positions) from one trained on 4-bar
windows (1,024 positions) in a fraction of the from-scratch cost. Every tensor is copied but the
learned position table, which is extended when the new run has more positions: row
old_positions + i takes old row (old_positions / 2 + i mod (old_positions / 2)), i.e. the second
half of the old table is tiled. The first rows stand for the start of a sequence (the header),
which a later position never is; the second half are positions inside a window's tracks, the
nearest the old model has to what the new positions hold. Training then adjusts them.
"""
from typing import Dict

import torch

from .config import ModelConfig

# Every hyper-parameter but max_positions must match between the source and the new model.
_MATCHING_FIELDS = ("vocab_size", "d_model", "num_layers", "num_heads", "d_ff")


def load_source_state(path: str) -> Dict[str, torch.Tensor]:
    """The weights (name -> tensor) of a TorchScript export (model.pt, as models/export.py
    writes it) or of a train.py checkpoint (checkpoint.pt). Raises ValueError when `path` is
    neither."""
    try:
        return dict(torch.jit.load(path, map_location="cpu").state_dict())
    except RuntimeError:
        pass
    ckpt = torch.load(path, map_location="cpu")
    if not isinstance(ckpt, dict) or "model" not in ckpt:
        raise ValueError(f"{path}: neither a TorchScript model nor a train.py checkpoint")
    return dict(ckpt["model"])


def warm_start(model: torch.nn.Module, cfg: ModelConfig, source: Dict[str, torch.Tensor]) -> int:
    """Copies `source` into `model` (built from `cfg`); returns the number of position rows
    added. Raises ValueError when a tensor other than the position table differs in shape
    (another vocabulary or size), or when the source has more positions than `cfg`."""
    target = model.state_dict()
    if set(source) != set(target):
        missing = sorted(set(target) - set(source))
        extra = sorted(set(source) - set(target))
        raise ValueError(f"warm start: parameter names differ (missing {missing[:3]}, "
                         f"extra {extra[:3]})")
    added = 0
    merged = {}
    for name, tensor in target.items():
        old = source[name]
        if name == "pos_emb.weight" and old.shape[0] != tensor.shape[0]:
            old_rows = old.shape[0]
            if old_rows > tensor.shape[0] or old.shape[1] != tensor.shape[1]:
                raise ValueError(f"warm start: source has {old_rows} positions of width "
                                 f"{old.shape[1]}; the new model {tensor.shape[0]} of "
                                 f"{tensor.shape[1]} (positions may only grow)")
            half = old_rows // 2
            extra_rows = [old[half + i % (old_rows - half)] for i in range(tensor.shape[0] -
                                                                           old_rows)]
            merged[name] = torch.cat([old, torch.stack(extra_rows)]) if extra_rows else old
            added = len(extra_rows)
            continue
        if old.shape != tensor.shape:
            raise ValueError(f"warm start: {name} is {tuple(old.shape)} in the source, "
                             f"{tuple(tensor.shape)} here; the fields "
                             f"{', '.join(_MATCHING_FIELDS)} must match")
        merged[name] = old
    model.load_state_dict(merged)
    return added
