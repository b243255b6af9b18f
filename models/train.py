"""Trains the Stori decoder-only transformer on tokenizer output, from scratch or (--init_from)
from an earlier model's weights.

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

--workers N (CPU data parallelism, torch.distributed with gloo): N processes each take every
N-th sequence of the same global batch, and one all-reduce per step sums their gradients and
loss sums, so the update is the one a single process computes on the whole batch (to float
rounding): same steps, same schedule, more tokens per second. Rank 0 decides the learning rate,
evaluation, checkpoints and stopping and tells the others; it alone logs, evaluates and exports.
Measured on the 2-core machine: 1 process x 2 threads gave 1.05x the tokens/s of 1 x 1 (torch's
intra-op threads barely help this small model); 2 processes x 1 thread are used instead.
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
from stori_model.warm_start import load_source_state, warm_start  # noqa: E402


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="token data directory with manifest.json")
    p.add_argument("--out", required=True, help="run directory")
    p.add_argument("--config", default="small", choices=sorted(PRESETS))
    p.add_argument("--dropout", type=float, default=None, help="override the preset's dropout")
    p.add_argument("--max_positions", type=int, default=None,
                   help="override the preset's max_positions (context length in tokens)")
    p.add_argument("--init_from", default=None,
                   help="start from this model's weights (an exported model.pt or a "
                        "checkpoint.pt; same sizes, positions may grow: "
                        "stori_model/warm_start.py) instead of random ones; ignored on resume")
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
    p.add_argument("--threads", type=int, default=1, help="torch intra-op threads per worker")
    p.add_argument("--workers", type=int, default=1,
                   help="data-parallel CPU processes (gloo all-reduce); 1 = no torch.distributed")
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


class NullLog:
    """JsonLog's interface for ranks other than 0, which do not log."""

    def write(self, record: Dict[str, Any]) -> None:
        pass

    def close(self) -> None:
        pass


class Collective:
    """The data-parallel group, or a no-op stand-in when world == 1."""

    def __init__(self, rank: int, world: int):
        self.rank, self.world = rank, world
        if world > 1:
            import torch.distributed as dist
            self.dist = dist

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    def shard(self, indices):
        """This rank's part of a global batch: every world-th sequence from rank."""
        return indices[self.rank::self.world] if self.world > 1 else indices

    def sum_(self, flat: torch.Tensor) -> None:
        """In-place sum over ranks (identical result on every rank)."""
        if self.world > 1:
            self.dist.all_reduce(flat, op=self.dist.ReduceOp.SUM)

    def from_main(self, values) -> list:
        """Rank 0's values (floats), on every rank."""
        if self.world == 1:
            return list(values)
        t = torch.tensor(values, dtype=torch.float64)
        self.dist.broadcast(t, src=0)
        return t.tolist()


def _worker(rank: int, args: argparse.Namespace, port: int) -> None:
    import datetime
    import torch.distributed as dist
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    # Rank 0 evaluates and checkpoints while the others wait in the next all-reduce.
    dist.init_process_group("gloo", rank=rank, world_size=args.workers,
                            timeout=datetime.timedelta(minutes=60))
    try:
        result = train(args, Collective(rank, args.workers))
        if rank == 0 and result is not None:
            with open(os.path.join(args.out, ".workers_done"), "w", encoding="utf-8") as f:
                f.write("ok\n")
    finally:
        dist.destroy_process_group()


def train_parallel(args: argparse.Namespace) -> Optional[Dict[str, Any]]:
    """train() in args.workers processes; returns rank 0's metrics (None when stopped)."""
    import socket
    import torch.multiprocessing as mp
    if args.workers <= 1:
        return train(args)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    os.makedirs(args.out, exist_ok=True)
    marker = os.path.join(args.out, ".workers_done")
    if os.path.exists(marker):
        os.remove(marker)
    ctx = mp.spawn(_worker, args=(args, port), nprocs=args.workers, join=False)

    def forward_signal(signum, _frame):  # the workers checkpoint and stop together
        for proc in ctx.processes:
            if proc.is_alive():
                os.kill(proc.pid, signum)

    old = {sig: signal.signal(sig, forward_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not ctx.join():
            pass
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)
    if not os.path.exists(marker):
        return None
    os.remove(marker)
    with open(os.path.join(args.out, "metrics.json"), "r", encoding="utf-8") as f:
        return json.load(f)


def train(args: argparse.Namespace, group: Optional[Collective] = None) -> Optional[Dict[str, Any]]:
    """Runs training (this process's share when `group` has several ranks); returns the
    metrics dict on rank 0, or None when stopped by a signal or on other ranks."""
    group = group or Collective(0, 1)
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
    if group.is_main:
        shutil.copyfile(data.vocab_path, os.path.join(args.out, "vocab.json"))

    ckpt_path = os.path.join(args.out, "checkpoint.pt")
    ckpt = None
    if args.resume and os.path.exists(ckpt_path):
        ckpt = torch.load(ckpt_path, map_location="cpu")
        cfg = ModelConfig.from_dict(ckpt["config"])
        if cfg.vocab_size != len(vocab):
            raise ValueError(f"{ckpt_path}: vocab_size {cfg.vocab_size}; data has {len(vocab)}")
    else:
        cfg = make_config(args.config, len(vocab), dropout=args.dropout,
                          max_positions=args.max_positions)
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
    elif args.init_from:
        added = warm_start(model, cfg, load_source_state(args.init_from))
        if group.is_main:
            print(f"warm start from {args.init_from}: {added} position rows added", flush=True)

    log = JsonLog(os.path.join(args.out, "log.jsonl"), echo=not args.quiet) if group.is_main \
        else NullLog()
    params = count_parameters(model)
    hardware = hardware_string(device, args.threads)
    if group.world > 1:
        hardware += f", {group.world} data-parallel worker processes"
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
    for p in model.parameters():  # gradients live in place, zeroed each step, all-reduced
        if p.grad is None:
            p.grad = torch.zeros_like(p)
    done = state["step"] >= total_steps or budget_done()
    while not done:
        epoch = int(state["epoch"])
        batches = make_batches(train_split.lengths, args.tokens_per_step,
                               np.random.default_rng(args.seed * 1000 + epoch))
        while state["batch_in_epoch"] < len(batches):
            indices = group.shard(batches[state["batch_in_epoch"]])
            (lr,) = group.from_main([learning_rate(args, state["step"], total_steps, elapsed())])
            for param_group in optimizer.param_groups:
                param_group["lr"] = lr
            optimizer.zero_grad(set_to_none=False)
            # Sum of token losses here, divided by the global count after the all-reduce: the
            # gradient of the mean loss over the whole global batch.
            counts = torch.zeros(4, dtype=torch.float64)  # loss sum, predicted, real, padded
            if len(indices) > 0:
                tokens = collate(train_split, indices, pad_id).to(device, non_blocking=True)
                logits = model.forward_train(tokens)
                loss_sum = next_token_loss(logits, tokens, pad_id, reduction="sum")
                loss_sum.backward()
                counts[0] = float(loss_sum)
                counts[1] = float((tokens[:, 1:] != pad_id).sum())
                counts[2] = float((tokens != pad_id).sum())
                counts[3] = float(tokens.numel())
            grads = [p.grad for p in model.parameters()]
            flat = torch.cat([g.reshape(-1) for g in grads] + [counts.to(grads[0].dtype)])
            group.sum_(flat)
            total = flat[-4:].double()
            scale = 1.0 / max(float(total[1]), 1.0)
            offset = 0
            for g in grads:
                g.copy_(flat[offset:offset + g.numel()].view_as(g)).mul_(scale)
                offset += g.numel()
            loss = float(total[0]) * scale
            grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), args.grad_clip)
            optimizer.step()

            real = int(total[2])
            state["step"] += 1
            state["batch_in_epoch"] += 1
            state["tokens_seen"] += real
            state["padded_tokens_seen"] += int(total[3])
            log_loss += loss
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
            want_ckpt = time.time() - last_ckpt >= 60.0 * args.checkpoint_minutes
            if args.stop_after_steps > 0 and \
                    state["step"] - session_start_step >= args.stop_after_steps:
                stop_signal["name"] = "stop_after_steps"
            stop = bool(stop_signal["name"]) or state["step"] >= total_steps or budget_done()
            # Rank 0's clock and signals decide for every rank.
            want_eval, want_ckpt, stop = (bool(v) for v in group.from_main(
                [want_eval, want_ckpt, stop]))
            if not group.is_main:
                if stop:
                    done = True
                    break
                continue
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
            if want_ckpt:
                checkpoint()
                last_ckpt = time.time()
            if stop:
                done = True
                break
        else:
            state["epoch"] = epoch + 1
            state["batch_in_epoch"] = 0

    for sig, handler in old_handlers.items():
        signal.signal(sig, handler)
    if not group.is_main:
        return None
    checkpoint()
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
        "workers": group.world,
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
    train_parallel(parse_args())
    return 0


if __name__ == "__main__":
    sys.exit(main())
