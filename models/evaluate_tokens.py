"""Per-token test loss and perplexity of a run checkpoint or an exported model on a data dir.

    /usr/bin/python3 models/evaluate_tokens.py --model models/<name>/<version> --data /work/data/tokens
    /usr/bin/python3 models/evaluate_tokens.py --run models/runs/<name> --data /work/data/tokens

Loss is the mean cross-entropy in nats over every next-token prediction whose target is not Pad
(the Bos of each sequence is given, never predicted); ppl = exp(loss). Prints one JSON object.
Music metrics (engine/score/) are computed by the C++ engine, not here.
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from stori_model.data import TokenDataset  # noqa: E402
from stori_model.evaluation import evaluate_split  # noqa: E402
from stori_model.exporting import load_checkpoint_model  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--model", help="exported directory with model.pt")
    src.add_argument("--run", help="run directory with checkpoint.pt")
    p.add_argument("--data", required=True)
    p.add_argument("--split", default="test")
    p.add_argument("--max_tokens", type=int, default=0, help="fixed subset size (0 = all)")
    p.add_argument("--tokens_per_batch", type=int, default=8192)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--device", default="cpu")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    data = TokenDataset(args.data)
    split = data.split(args.split)
    if split is None:
        raise SystemExit(f"{args.data}: no split {args.split!r}; has {sorted(data.splits)}")
    if args.model:
        module = torch.jit.load(os.path.join(args.model, "model.pt"), map_location=device)
        module.eval()
        with open(os.path.join(args.model, "vocab.json"), "r", encoding="utf-8") as f:
            model_vocab = json.load(f)["tokens"]
        source = args.model
    else:
        module, _ = load_checkpoint_model(os.path.join(args.run, "checkpoint.pt"))
        module.to(device)
        with open(os.path.join(args.run, "vocab.json"), "r", encoding="utf-8") as f:
            model_vocab = json.load(f)["tokens"]
        source = args.run
    if model_vocab != data.vocab.tokens:
        raise SystemExit(f"vocab of {source} differs from {data.vocab_path}")

    def logits_fn(tokens: torch.Tensor) -> torch.Tensor:
        empty = module.empty_cache(tokens.size(0))
        return module(tokens, empty, empty)[0]

    result = evaluate_split(logits_fn, split, data.vocab.pad_id, device, args.tokens_per_batch,
                            args.max_tokens)
    result.update({"split": args.split, "model": source, "data": os.path.abspath(args.data),
                   "sequences_in_split": len(split)})
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
