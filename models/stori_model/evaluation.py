"""Per-token cross-entropy and perplexity on a split (targets equal to Pad are skipped)."""
import math
import time
from typing import Callable, Dict

import numpy as np
import torch
import torch.nn.functional as F

from .data import TokenSplit, iterate_eval_batches, subset_for_tokens


def next_token_loss(logits: torch.Tensor, tokens: torch.Tensor, pad_id: int,
                    reduction: str = "mean") -> torch.Tensor:
    """logits: [batch, T, vocab] for inputs tokens [batch, T]; predicts tokens[:, 1:]."""
    pred = logits[:, :-1].reshape(-1, logits.size(-1))
    target = tokens[:, 1:].reshape(-1)
    return F.cross_entropy(pred.float(), target, ignore_index=pad_id, reduction=reduction)


@torch.no_grad()
def evaluate_split(logits_fn: Callable[[torch.Tensor], torch.Tensor], split: TokenSplit,
                   pad_id: int, device: torch.device, token_budget: int = 8192,
                   max_tokens: int = 0) -> Dict[str, float]:
    """Returns {loss (nats per predicted token), ppl, tokens (predicted), sequences, seconds}.
    `logits_fn` maps int64 [batch, T] to [batch, T, vocab]; max_tokens > 0 evaluates a fixed
    subset of about that many tokens."""
    start = time.time()
    indices = subset_for_tokens(split, max_tokens)
    total_loss, total_tokens = 0.0, 0
    for batch in iterate_eval_batches(split, indices, token_budget, pad_id):
        batch = batch.to(device)
        logits = logits_fn(batch)
        total_loss += float(next_token_loss(logits, batch, pad_id, reduction="sum"))
        total_tokens += int((batch[:, 1:] != pad_id).sum())
    loss = total_loss / max(total_tokens, 1)
    return {"loss": loss, "ppl": math.exp(min(loss, 50.0)), "tokens": total_tokens,
            "sequences": int(len(indices)), "seconds": round(time.time() - start, 2)}
