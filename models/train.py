"""Trains the Stori decoder-only transformer from scratch on tokenizer output.

    /usr/bin/python3 models/train.py --data /work/data/tokens --out models/runs/<name> --config small

Fixed seed; AdamW; linear warmup then cosine decay; gradient clipping; batches of whole sequences
grouped by length under a token budget, padded with Pad (Pad targets are out of the loss).
Writes <out>/checkpoint.pt every --checkpoint_minutes and resumes from it when it exists;
stops at --max_steps / --epochs / --time_budget_minutes (cumulative over resumes), then saves,
evaluates validation and test, writes <out>/metrics.json and exports to <out>/export/.
SIGINT/SIGTERM save a checkpoint and exit without the final evaluation (run again to resume).
Logs JSON lines to <out>/log.jsonl. Uses CUDA when available.

The cosine schedule runs on progress = max(step progress, elapsed / time budget), so a run
stopped by its time budget ends with the learning rate decayed.
"""
import argparse
import json
import math
import os
import platform
import shutil
import signal
import sys
import time
from typing import Any, Dict, Optional



def _limit_blas_threads(argv) -> None:
    """Debian's torch calls OpenBLAS (pthread build), whose own pool uses every core whatever
    torch.set_num_threads says; --threads N also caps it, unless OPENBLAS_NUM_THREADS is set.
    Must run before numpy/torch load OpenBLAS."""
    threads = "1"
    for i, arg in enumerate(argv):
        if arg == "--threads" and i + 1 < len(argv):
            threads = argv[i + 1]
        elif arg.startswith("--threads="):
            threads = arg.split("=", 1)[1]
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(var, threads)


if __name__ == "__main__":
    _limit_blas_threads(sys.argv[1:])

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from stori_model.config import PRESETS, ModelConfig, make_config  # noqa: E402
from stori_model.data import TokenDataset, collate, make_batches  # noqa: E402
from stori_model.evaluation import evaluate_split, next_token_loss  # noqa: E402
from stori_model.exporting import export_run  # noqa: E402
from stori_model.model import StoriTransformer, count_parameters  # noqa: E402


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="token data directory with manifest.json")
    p.add_argument("--out", required=True, help="run directory")
    p.add_argument("--config", default="small", choices=sorted(PRESETS))
    p.add_argument("--dropout", type=float, default=None, help="override the preset's dropout")
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--tokens_per_step", type=int, default=8192,
                   help="padded tokens per batch (count * longest sequence)")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--min_lr", type=float, default=1e-4)
    p.add_argument("--warmup_steps", type=int, default=200)
    p.add_argument("--weight_decay", type=float, default=0.1)
    p.add_argument("--grad_clip", type=float, default=1.0)
    p.add_argument("--epochs", type=float, default=20.0,
                   help="passes over train; sets the schedule length when --max_steps is 0")
    p.add_argument("--max_steps", type=int, default=0)
    p.add_argument("--stop_after_steps", type=int, default=0,
                   help="end this session after this many steps with a checkpoint and no final "
                        "evaluation, as a signal would (resume by running again)")
    p.add_argument("--time_budget_minutes", type=float, default=0.0,
                   help="stop after this much training wall time (cumulative; 0 = none)")
    p.add_argument("--checkpoint_minutes", type=float, default=10.0)
    p.add_argument("--eval_minutes", type=float, default=20.0,
                   help="validation every this many minutes (0 = only at the end)")
    p.add_argument("--eval_every_steps", type=int, default=0,
                   help="validation every this many steps (overrides --eval_minutes)")
    p.add_argument("--eval_tokens", type=int, default=100000,
                   help="tokens of the fixed validation subset for periodic evaluation")
    p.add_argument("--final_eval_tokens", type=int, default=0,
                   help="tokens per split for the final evaluation (0 = whole split)")
    p.add_argument("--log_every", type=int, default=10, help="steps between log lines")
    p.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    p.add_argument("--device", default="auto", help="auto, cpu or cuda")
    p.add_argument("--resume", dest="resume", action="store_true", default=True)
    p.add_argument("--no_resume", dest="resume", action="store_false")
    p.add_argument("--export_dir", default=None, help="default <out>/export")
    p.add_argument("--no_export", action="store_true")
    p.add_argument("--quiet", action="store_true", help="do not echo log lines to stdout")
    return p.parse_args(argv)


def hardware_string(device: torch.device, threads: int) -> str:
    if device.type == "cuda":
        return f"{torch.cuda.get_device_name(device)} (CUDA {torch.version.cuda})"
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", "r", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores visible, {threads} torch thread(s)"


def learning_rate(args: argparse.Namespace, step: int, total_steps: int, elapsed: float) -> float:
    if step < args.warmup_steps:
        return args.lr * (step + 1) / args.warmup_steps
    progress = (step - args.warmup_steps) / max(1, total_steps - args.warmup_steps)
    if args.time_budget_minutes > 0:
        progress = max(progress, elapsed / (60.0 * args.time_budget_minutes))
    progress = min(max(progress, 0.0), 1.0)
    return args.min_lr + 0.5 * (args.lr - args.min_lr) * (1.0 + math.cos(math.pi * progress))


def make_optimizer(model: torch.nn.Module, args: argparse.Namespace) -> torch.optim.Optimizer:
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    groups = [{"params": decay, "weight_decay": args.weight_decay},
              {"params": no_decay, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=args.lr, betas=(0.9, 0.95), eps=1e-8)


class JsonLog:
    def __init__(self, path: str, echo: bool):
        self.f = open(path, "a", encoding="utf-8")
        self.echo = echo

    def close(self) -> None:
        self.f.close()

    def write(self, record: Dict[str, Any]) -> None:
        line = json.dumps(record)
        self.f.write(line + "\n")
        self.f.flush()
        if self.echo:
            print(line, flush=True)


def save_checkpoint(path: str, model, optimizer, cfg: ModelConfig, state: Dict[str, Any],
                    args: argparse.Namespace, vocab_path: str) -> None:
    ckpt = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "config": cfg.to_dict(),
        "state": dict(state),
        "args": vars(args),
        "vocab_path": vocab_path,
        "torch_rng": torch.get_rng_state(),
        "cuda_rng": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None,
        "torch_version": torch.__version__,
    }
    tmp = path + ".tmp"
    torch.save(ckpt, tmp)
    os.replace(tmp, path)


def train(args: argparse.Namespace) -> Optional[Dict[str, Any]]:
    """Runs training; returns the metrics dict, or None when stopped by a signal."""
    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(args.threads)
    if args.device == "auto":
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    else:
        device = torch.device(args.device)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True

    data = TokenDataset(args.data)
    vocab = data.vocab
    pad_id = vocab.pad_id
    train_split = data.split("train")
    if train_split is None or len(train_split) == 0:
        raise ValueError(f"{args.data}: no train sequences")
    val_split = data.split("validation")
    test_split = data.split("test")
    shutil.copyfile(data.vocab_path, os.path.join(args.out, "vocab.json"))

    ckpt_path = os.path.join(args.out, "checkpoint.pt")
    ckpt = None
    if args.resume and os.path.exists(ckpt_path):
        ckpt = torch.load(ckpt_path, map_location="cpu")
        cfg = ModelConfig.from_dict(ckpt["config"])
        if cfg.vocab_size != len(vocab):
            raise ValueError(f"{ckpt_path}: vocab_size {cfg.vocab_size}; data has {len(vocab)}")
    else:
        cfg = make_config(args.config, len(vocab), dropout=args.dropout)
    max_len = int(train_split.lengths.max())
    if max_len > cfg.max_positions:
        raise ValueError(f"train sequence of {max_len} tokens exceeds max_positions "
                         f"{cfg.max_positions}")

    torch.manual_seed(args.seed)
    model = StoriTransformer(cfg).to(device)
    optimizer = make_optimizer(model, args)
    state: Dict[str, Any] = {"step": 0, "epoch": 0, "batch_in_epoch": 0, "tokens_seen": 0,
                             "padded_tokens_seen": 0, "elapsed_s": 0.0, "best_val_loss": None}
    if ckpt is not None:
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        state.update(ckpt["state"])
        torch.set_rng_state(ckpt["torch_rng"])
        if device.type == "cuda" and ckpt.get("cuda_rng") is not None:
            torch.cuda.set_rng_state_all(ckpt["cuda_rng"])
        del ckpt

    log = JsonLog(os.path.join(args.out, "log.jsonl"), echo=not args.quiet)
    params = count_parameters(model)
    hardware = hardware_string(device, args.threads)
    batches_per_epoch = len(make_batches(train_split.lengths, args.tokens_per_step,
                                         np.random.default_rng(args.seed)))
    total_steps = args.max_steps if args.max_steps > 0 else \
        max(1, int(math.ceil(args.epochs * batches_per_epoch)))
    log.write({"event": "start", "resumed_step": state["step"], "config": cfg.to_dict(),
               "params": params, "device": str(device), "hardware": hardware,
               "torch": torch.__version__, "train_sequences": len(train_split),
               "train_tokens": train_split.num_tokens, "batches_per_epoch": batches_per_epoch,
               "total_steps": total_steps, "args": vars(args)})

    stop_signal = {"name": None}

    def on_signal(signum, _frame):
        stop_signal["name"] = signal.Signals(signum).name

    old_handlers = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            old_handlers[sig] = signal.signal(sig, on_signal)
        except ValueError:  # not the main thread (e.g. called from a test runner thread)
            pass

    session_start = time.time()
    session_start_step = int(state["step"])
    elapsed_base = float(state["elapsed_s"])

    def elapsed() -> float:
        return elapsed_base + (time.time() - session_start)

    def checkpoint() -> None:
        state["elapsed_s"] = elapsed()
        save_checkpoint(ckpt_path, model, optimizer, cfg, state, args, data.vocab_path)

    def validate(max_tokens: int) -> Optional[Dict[str, float]]:
        if val_split is None or len(val_split) == 0:
            return None
        model.eval()
        result = evaluate_split(model.forward_train, val_split, pad_id, device,
                                args.tokens_per_step, max_tokens)
        model.train()
        return result

    def budget_done() -> bool:
        return args.time_budget_minutes > 0 and elapsed() >= 60.0 * args.time_budget_minutes

    last_ckpt = last_eval = time.time()
    log_loss, log_count, log_tokens, log_time = 0.0, 0, 0, time.time()
    model.train()
    done = state["step"] >= total_steps or budget_done()
    while not done:
        epoch = int(state["epoch"])
        batches = make_batches(train_split.lengths, args.tokens_per_step,
                               np.random.default_rng(args.seed * 1000 + epoch))
        while state["batch_in_epoch"] < len(batches):
            indices = batches[state["batch_in_epoch"]]
            tokens = collate(train_split, indices, pad_id).to(device, non_blocking=True)
            lr = learning_rate(args, state["step"], total_steps, elapsed())
            for group in optimizer.param_groups:
                group["lr"] = lr
            logits = model.forward_train(tokens)
            loss = next_token_loss(logits, tokens, pad_id)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), args.grad_clip)
            optimizer.step()

            real = int((tokens != pad_id).sum())
            state["step"] += 1
            state["batch_in_epoch"] += 1
            state["tokens_seen"] += real
            state["padded_tokens_seen"] += int(tokens.numel())
            log_loss += float(loss)
            log_count += 1
            log_tokens += real
            if state["step"] % args.log_every == 0:
                now = time.time()
                log.write({"event": "train", "step": state["step"], "epoch": epoch,
                           "tokens_per_s": round(log_tokens / max(now - log_time, 1e-9), 1),
                           "train_loss": round(log_loss / log_count, 5), "lr": lr,
                           "grad_norm": round(float(grad_norm), 4),
                           "tokens_seen": state["tokens_seen"],
                           "elapsed_s": round(elapsed(), 1)})
                log_loss, log_count, log_tokens, log_time = 0.0, 0, 0, now

            want_eval = (args.eval_every_steps > 0 and state["step"] % args.eval_every_steps == 0)\
                or (args.eval_every_steps <= 0 and args.eval_minutes > 0
                    and time.time() - last_eval >= 60.0 * args.eval_minutes)
            if want_eval:
                result = validate(args.eval_tokens)
                if result is not None:
                    best = state["best_val_loss"]
                    state["best_val_loss"] = result["loss"] if best is None \
                        else min(best, result["loss"])
                    log.write({"event": "eval", "split": "validation", "subset": True,
                               "step": state["step"], "elapsed_s": round(elapsed(), 1),
                               **result})
                last_eval = time.time()
                log_time = time.time()  # keep eval time out of tokens/s
            if time.time() - last_ckpt >= 60.0 * args.checkpoint_minutes:
                checkpoint()
                last_ckpt = time.time()
            if args.stop_after_steps > 0 and \
                    state["step"] - session_start_step >= args.stop_after_steps:
                stop_signal["name"] = "stop_after_steps"
            if stop_signal["name"] or state["step"] >= total_steps or budget_done():
                done = True
                break
        else:
            state["epoch"] = epoch + 1
            state["batch_in_epoch"] = 0

    checkpoint()
    for sig, handler in old_handlers.items():
        signal.signal(sig, handler)
    if stop_signal["name"]:
        log.write({"event": "stopped", "reason": stop_signal["name"], "step": state["step"],
                   "elapsed_s": round(elapsed(), 1)})
        log.close()
        return None

    model.eval()
    metrics: Dict[str, Any] = {}
    for name, split in (("validation", val_split), ("test", test_split),
                        ("train", train_split)):
        if split is None or len(split) == 0:
            continue
        # The train figure uses a fixed subset (the whole split would cost an epoch's forward).
        budget = args.final_eval_tokens if name != "train" else \
            (args.final_eval_tokens or 200000)
        result = evaluate_split(model.forward_train, split, pad_id, device,
                                args.tokens_per_step, budget)
        metrics[name] = result
        log.write({"event": "eval", "split": name, "subset": result["sequences"] < len(split),
                   "final": True, "step": state["step"], **result})
    metrics.update({
        "params": params,
        "config": cfg.to_dict(),
        "tokens_seen": state["tokens_seen"],
        "padded_tokens_seen": state["padded_tokens_seen"],
        "steps": state["step"],
        "epochs": round(state["tokens_seen"] / max(train_split.num_tokens, 1), 3),
        "wall_time_s": round(elapsed(), 1),
        "hardware": hardware,
        "device": str(device),
        "threads": args.threads,
        "torch_version": torch.__version__,
        "data": os.path.abspath(args.data),
        "seed": args.seed,
    })
    with open(os.path.join(args.out, "metrics.json"), "w", encoding="utf-8") as f:
        json.dump(metrics, f, indent=2)
        f.write("\n")
    log.write({"event": "done", "step": state["step"], "elapsed_s": round(elapsed(), 1)})
    log.close()
    if not args.no_export:
        export_run(args.out, args.export_dir or os.path.join(args.out, "export"),
                   name=f"stori-{args.config}", version="v1", verbose=not args.quiet)
    return metrics


def main() -> int:
    train(parse_args())
    return 0


if __name__ == "__main__":
    sys.exit(main())
