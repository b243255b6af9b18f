"""Exports a training checkpoint as TorchScript (model.pt, torch 1.13 format) with vocab.json and
config.json, then verifies the saved file: reload, cached vs. uncached logits, eager vs. script."""
import datetime
import hashlib
import json
import os
import shutil
from typing import Any, Dict, Optional

import torch

from .config import ModelConfig
from .model import StoriTransformer, count_parameters

CACHE_TOLERANCE = 1e-4  # max abs logit difference, cached vs. uncached


def load_checkpoint_model(checkpoint_path: str) -> (StoriTransformer, Dict[str, Any]):
    ckpt = torch.load(checkpoint_path, map_location="cpu")
    cfg = ModelConfig.from_dict(ckpt["config"])
    model = StoriTransformer(cfg)
    model.load_state_dict(ckpt["model"])
    model.eval()
    return model, ckpt


def cache_logit_difference(module: torch.nn.Module, tokens: torch.Tensor, prefix: int) -> float:
    """Max abs difference between logits of one full forward and of `prefix` tokens followed by
    one token at a time through the KV cache. tokens: int64 [batch, T]."""
    with torch.no_grad():
        empty = module.empty_cache(tokens.size(0))
        full, full_k, _ = module(tokens, empty, empty)
        logits, keys, values = module(tokens[:, :prefix], empty, empty)
        pieces = [logits]
        for t in range(prefix, tokens.size(1)):
            logits, keys, values = module(tokens[:, t:t + 1], keys, values)
            pieces.append(logits)
        stepped = torch.cat(pieces, dim=1)
        assert keys.shape == full_k.shape, (keys.shape, full_k.shape)
        return float((stepped - full).abs().max())


def in_place_logit_difference(module: torch.nn.Module, tokens: torch.Tensor, prefix: int) -> float:
    """Max abs difference between forward()'s logits over `tokens` and forward_in_place's: a
    `prefix`-token prefill into a preallocated cache, then one token at a time, then the rest of
    the cache capacity unused. tokens: int64 [batch, T]."""
    with torch.no_grad():
        b, t = tokens.shape
        empty = module.empty_cache(b)
        full, full_k, _ = module(tokens, empty, empty)
        shape = list(full_k.shape)
        shape[3] = t + 5  # spare capacity, as the C++ runner keeps
        keys = torch.full(shape, float("nan"))  # unwritten slots must never be read
        values = torch.full(shape, float("nan"))
        pieces = [module.forward_in_place(tokens[:, :prefix], keys, values, 0)]
        for p in range(prefix, t):
            pieces.append(module.forward_in_place(tokens[:, p:p + 1], keys, values, p))
        return float((torch.cat(pieces, dim=1) - full).abs().max())


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def training_bars_per_window(ckpt: Dict[str, Any]) -> int:
    """Bars per training window of the data the checkpoint was trained on (its manifest.json
    "bars_per_window"): the window length the C++ section generator decodes with
    (engine/model/model_config.h). Raises RuntimeError when the manifest cannot be read, since
    a model exported without it would be decoded as 4-bar windows."""
    data = ckpt.get("args", {}).get("data")
    manifest = os.path.join(data or "", "manifest.json")
    try:
        with open(manifest, "r", encoding="utf-8") as f:
            return int(json.load(f)["bars_per_window"])
    except (OSError, KeyError, ValueError, TypeError) as e:
        raise RuntimeError(f"{manifest}: cannot read bars_per_window of the training data "
                           f"({e})") from e


def export_run(run_dir: str, out_dir: str, name: Optional[str] = None,
               version: Optional[str] = None, verbose: bool = True) -> Dict[str, Any]:
    """Writes out_dir/{model.pt, vocab.json, config.json} from run_dir/checkpoint.pt (and
    run_dir/metrics.json and vocab.json when present). Returns the config.json contents.
    Raises RuntimeError if the reloaded module's cached and uncached logits disagree."""
    out_dir = os.path.abspath(out_dir)
    name = name or os.path.basename(os.path.dirname(out_dir)) or "stori"
    version = version or os.path.basename(out_dir) or "v1"
    model, ckpt = load_checkpoint_model(os.path.join(run_dir, "checkpoint.pt"))
    metrics: Dict[str, Any] = {}
    metrics_path = os.path.join(run_dir, "metrics.json")
    if os.path.exists(metrics_path):
        with open(metrics_path, "r", encoding="utf-8") as f:
            metrics = json.load(f)
    vocab_src = os.path.join(run_dir, "vocab.json")
    if not os.path.exists(vocab_src):
        vocab_src = ckpt.get("vocab_path", "")
    with open(vocab_src, "r", encoding="utf-8") as f:
        n_vocab = len(json.load(f)["tokens"])
    if n_vocab != model.vocab_size:
        raise RuntimeError(f"{vocab_src}: {n_vocab} tokens; model has {model.vocab_size}")

    os.makedirs(out_dir, exist_ok=True)
    scripted = torch.jit.script(model)
    model_path = os.path.join(out_dir, "model.pt")
    tmp = model_path + ".tmp"
    torch.jit.save(scripted, tmp)
    os.replace(tmp, model_path)
    shutil.copyfile(vocab_src, os.path.join(out_dir, "vocab.json"))

    # Verify what was written, as LibTorch will see it.
    loaded = torch.jit.load(model_path, map_location="cpu")
    loaded.eval()
    gen = torch.Generator().manual_seed(0)
    t = min(48, model.max_positions)
    tokens = torch.randint(0, model.vocab_size, (2, t), generator=gen)
    diff = cache_logit_difference(loaded, tokens, prefix=t // 2)
    if not diff < CACHE_TOLERANCE:
        raise RuntimeError(f"cached vs. uncached logits differ by {diff}; expected < "
                           f"{CACHE_TOLERANCE}")
    in_place_diff = in_place_logit_difference(loaded, tokens, prefix=t // 2)
    if not in_place_diff < CACHE_TOLERANCE:
        raise RuntimeError(f"forward_in_place vs. forward logits differ by {in_place_diff}; "
                           f"expected < {CACHE_TOLERANCE}")
    with torch.no_grad():
        empty = model.empty_cache(2)
        eager_diff = float((loaded(tokens, empty, empty)[0] - model(tokens, empty, empty)[0])
                           .abs().max())
    if not eager_diff < CACHE_TOLERANCE:
        raise RuntimeError(f"scripted vs. eager logits differ by {eager_diff}")

    cfg = ModelConfig.from_dict(ckpt["config"])
    state = ckpt.get("state", {})
    bars_per_window = training_bars_per_window(ckpt)

    def metric(split: str, key: str) -> Optional[float]:
        return metrics.get(split, {}).get(key)

    config = {
        "name": name,
        "version": version,
        "vocab_size": cfg.vocab_size,
        "d_model": cfg.d_model,
        "num_layers": cfg.num_layers,
        "num_heads": cfg.num_heads,
        "head_dim": cfg.head_dim,
        "d_ff": cfg.d_ff,
        "max_positions": cfg.max_positions,
        "bars_per_window": bars_per_window,
        "dropout_in_training": cfg.dropout,
        "params": count_parameters(model),
        "trained_tokens": int(state.get("tokens_seen", 0)),
        "trained_steps": int(state.get("step", 0)),
        "train_loss": metric("train", "loss"),
        "val_loss": metric("validation", "loss"),
        "test_loss": metric("test", "loss"),
        "train_ppl": metric("train", "ppl"),
        "val_ppl": metric("validation", "ppl"),
        "test_ppl": metric("test", "ppl"),
        "wall_time_s": metrics.get("wall_time_s"),
        "hardware": metrics.get("hardware"),
        "torch_version": torch.__version__,
        "vocab_sha256": sha256_file(os.path.join(out_dir, "vocab.json")),
        "interface": "forward(tokens int64 [B,T], past_keys, past_values float32 "
                     "[layers,B,heads,P,head_dim]) -> (logits [B,T,vocab], keys, values "
                     "[layers,B,heads,P+T,head_dim]); forward_in_place(tokens int64 [B,T], "
                     "keys, values float32 [layers,B,heads,C,head_dim] with P+T <= C, past P) "
                     "-> logits [B,T,vocab], writing positions P..P+T-1 of keys/values in place",
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    with open(os.path.join(out_dir, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    if verbose:
        for fname in ("model.pt", "vocab.json", "config.json"):
            path = os.path.join(out_dir, fname)
            print(f"export: {path} {os.path.getsize(path)} bytes")
        print(f"export: params={config['params']} cache_max_abs_diff={diff:.2e} "
              f"in_place_max_abs_diff={in_place_diff:.2e} "
              f"script_vs_eager_max_abs_diff={eager_diff:.2e}")
    return config
