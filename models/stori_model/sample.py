"""Small pure-Python sampler over a Stori model (scripted model.pt or eager module) with the KV
cache: temperature, then top-p (Holtzman et al. 2020, arXiv:1904.09751). No grammar mask and no
MIDI writing: the C++ engine owns those. For tests and quick looks at token output:

    /usr/bin/python3 models/stori_model/sample.py --model models/<name>/<version> \
        --prompt "Bos Track_melody" --max_new_tokens 200 --temperature 1.0 --top_p 0.95
"""
import argparse
import json
import os
from typing import List, Optional

import torch


def top_p_filter(logits: torch.Tensor, top_p: float) -> torch.Tensor:
    """logits: [vocab]. Returns logits with -inf outside the smallest set of most likely tokens
    whose probability sum reaches top_p (at least one token is kept)."""
    if top_p >= 1.0:
        return logits
    sorted_logits, order = torch.sort(logits, descending=True)
    probs = torch.softmax(sorted_logits, dim=-1)
    cum = torch.cumsum(probs, dim=-1)
    remove = (cum - probs) >= top_p  # mass before this token already reaches top_p
    remove[0] = False
    out = logits.clone()
    out[order[remove]] = float("-inf")
    return out


@torch.no_grad()
def sample(module, prompt: List[int], max_new_tokens: int, temperature: float = 1.0,
           top_p: float = 0.95, seed: int = 0, eos_id: Optional[int] = None,
           use_cache: bool = True) -> List[int]:
    """Returns prompt + sampled ids, stopping after eos_id, max_new_tokens or max_positions.
    Same seed, same output; use_cache=False recomputes the whole prefix each step (a check)."""
    if not prompt:
        raise ValueError("prompt must hold at least one token (e.g. Bos)")
    if temperature <= 0:
        raise ValueError(f"temperature must be > 0; got {temperature}")
    if not 0 < top_p <= 1:
        raise ValueError(f"top_p must be in (0, 1]; got {top_p}")
    gen = torch.Generator().manual_seed(seed)
    max_positions = int(module.max_positions)
    out = list(prompt)
    empty = module.empty_cache(1)
    keys, values = empty, empty
    pending = torch.tensor([out], dtype=torch.long)
    for _ in range(max_new_tokens):
        if len(out) >= max_positions:
            break
        if use_cache:
            logits, keys, values = module(pending, keys, values)
        else:
            logits, _, _ = module(torch.tensor([out], dtype=torch.long), empty, empty)
        next_logits = top_p_filter(logits[0, -1].float() / temperature, top_p)
        probs = torch.softmax(next_logits, dim=-1)
        token = int(torch.multinomial(probs, 1, generator=gen))
        out.append(token)
        pending = torch.tensor([[token]], dtype=torch.long)
        if eos_id is not None and token == eos_id:
            break
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, help="exported dir with model.pt and vocab.json")
    p.add_argument("--prompt", default="Bos", help="space-separated token names")
    p.add_argument("--max_new_tokens", type=int, default=200)
    p.add_argument("--temperature", type=float, default=1.0)
    p.add_argument("--top_p", type=float, default=0.95)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    module = torch.jit.load(os.path.join(args.model, "model.pt"), map_location="cpu")
    module.eval()
    with open(os.path.join(args.model, "vocab.json"), "r", encoding="utf-8") as f:
        names = json.load(f)["tokens"]
    ids = {n: i for i, n in enumerate(names)}
    unknown = [n for n in args.prompt.split() if n not in ids]
    if unknown:
        raise SystemExit(f"unknown prompt token(s): {' '.join(unknown)}")
    out = sample(module, [ids[n] for n in args.prompt.split()], args.max_new_tokens,
                 args.temperature, args.top_p, args.seed, eos_id=ids.get("Eos"))
    print(" ".join(names[i] for i in out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
