"""Unit tests for the training side (tiny config, synthetic data; < 60 s on 2 cores).

    /usr/bin/python3 -m unittest discover -s models/tests
"""
import json
import math
import os
import shutil
import sys
import tempfile
import unittest

import numpy as np
import torch

MODELS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, MODELS_DIR)

import train  # noqa: E402
from stori_model.config import make_config  # noqa: E402
from stori_model.data import TokenDataset, collate, make_batches  # noqa: E402
from stori_model.exporting import (cache_logit_difference, export_run,  # noqa: E402
                                    in_place_logit_difference)
from stori_model.model import StoriTransformer  # noqa: E402
from stori_model.sample import sample, top_p_filter  # noqa: E402
from stori_model.synthetic import write_synthetic_data  # noqa: E402
from stori_model.warm_start import load_source_state, warm_start  # noqa: E402

torch.set_num_threads(1)


def tiny_model(vocab_size: int = 50, max_positions: int = 128, dropout: float = 0.0):
    torch.manual_seed(0)
    cfg = make_config("tiny", vocab_size, max_positions=max_positions, dropout=dropout)
    return StoriTransformer(cfg).eval()


def read_log(run_dir: str):
    with open(os.path.join(run_dir, "log.jsonl"), "r", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


class TempDirTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="stori_models_test_")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


class ModelTest(TempDirTest):
    def test_cache_matches_full_forward_eager_and_scripted(self):
        model = tiny_model(dropout=0.1)  # eval mode: dropout off
        tokens = torch.randint(0, 50, (3, 40), generator=torch.Generator().manual_seed(1))
        for module in (model, torch.jit.script(model)):
            for prefix in (1, 17, 39):
                self.assertLess(cache_logit_difference(module, tokens, prefix), 1e-4)

    def test_in_place_cache_matches_full_forward_eager_and_scripted(self):
        model = tiny_model(dropout=0.1)
        tokens = torch.randint(0, 50, (3, 40), generator=torch.Generator().manual_seed(2))
        for module in (model, torch.jit.script(model)):
            for prefix in (1, 17, 40):
                self.assertLess(in_place_logit_difference(module, tokens, prefix), 1e-4)

    def test_in_place_refuses_past_the_cache(self):
        model = torch.jit.script(tiny_model())
        keys = torch.zeros(2, 1, 2, 8, 16)
        values = torch.zeros(2, 1, 2, 8, 16)
        with self.assertRaises(Exception):
            model.forward_in_place(torch.zeros(1, 3, dtype=torch.long), keys, values, 6)

    def test_forward_shapes_and_attributes(self):
        model = torch.jit.script(tiny_model())
        empty = model.empty_cache(2)
        self.assertEqual(tuple(empty.shape), (2, 2, 2, 0, 16))
        logits, keys, values = model(torch.zeros(2, 5, dtype=torch.long), empty, empty)
        self.assertEqual(tuple(logits.shape), (2, 5, 50))
        self.assertEqual(logits.dtype, torch.float32)
        self.assertEqual(tuple(keys.shape), (2, 2, 2, 5, 16))
        logits, keys, values = model(torch.zeros(2, 3, dtype=torch.long), keys, values)
        self.assertEqual(tuple(values.shape), (2, 2, 2, 8, 16))
        self.assertEqual((model.vocab_size, model.num_layers, model.num_heads, model.head_dim,
                          model.max_positions), (50, 2, 2, 16, 128))

    def test_training_path_matches_forward(self):
        model = tiny_model()
        tokens = torch.randint(0, 50, (2, 30))
        empty = model.empty_cache(2)
        self.assertLess(float((model.forward_train(tokens) - model(tokens, empty, empty)[0])
                              .abs().max()), 1e-6)

    def test_padding_after_sequence_does_not_change_its_logits(self):
        model = tiny_model()
        tokens = torch.randint(3, 50, (1, 20))
        padded = torch.cat([tokens, torch.zeros(1, 10, dtype=torch.long)], dim=1)
        diff = (model.forward_train(padded)[:, :20] - model.forward_train(tokens)).abs().max()
        self.assertLess(float(diff), 1e-6)

    def test_exceeding_max_positions_raises(self):
        model = torch.jit.script(tiny_model(max_positions=16))
        empty = model.empty_cache(1)
        with self.assertRaises(Exception):
            model(torch.zeros(1, 17, dtype=torch.long), empty, empty)

    def test_script_save_load_round_trip(self):
        model = tiny_model()
        path = os.path.join(self.tmp, "model.pt")
        torch.jit.save(torch.jit.script(model), path)
        loaded = torch.jit.load(path)
        tokens = torch.randint(0, 50, (2, 25))
        empty = model.empty_cache(2)
        with torch.no_grad():
            expected = model(tokens, empty, empty)
            got = loaded(tokens, empty, empty)
        for e, g in zip(expected, got):
            self.assertLess(float((e - g).abs().max()), 1e-6)
        self.assertEqual(loaded.vocab_size, 50)
        self.assertLess(cache_logit_difference(loaded, tokens, 10), 1e-4)


class SampleTest(unittest.TestCase):
    def test_top_p_keeps_smallest_set_reaching_p(self):
        logits = torch.log(torch.tensor([0.5, 0.3, 0.15, 0.05]))
        kept = torch.isfinite(top_p_filter(logits, 0.7))
        self.assertEqual(kept.tolist(), [True, True, False, False])
        kept = torch.isfinite(top_p_filter(logits, 0.01))
        self.assertEqual(kept.tolist(), [True, False, False, False])

    def test_cached_sampling_equals_uncached_and_is_seeded(self):
        model = torch.jit.script(tiny_model())
        a = sample(model, [1], 30, temperature=1.0, top_p=0.9, seed=5)
        b = sample(model, [1], 30, temperature=1.0, top_p=0.9, seed=5, use_cache=False)
        self.assertEqual(a, b)
        self.assertEqual(len(a), 31)

    def test_stops_at_eos_and_max_positions(self):
        model = tiny_model(max_positions=12)
        out = sample(model, [1, 2], 100, seed=0)
        self.assertEqual(len(out), 12)
        first = sample(model, [1], 100, seed=3)[1]
        self.assertEqual(sample(model, [1], 100, seed=3, eos_id=first), [1, first])


class DataTest(TempDirTest):
    def test_reads_shards_and_batches_within_budget(self):
        write_synthetic_data(self.tmp, sequences=(40, 4, 4), min_len=10, max_len=100)
        data = TokenDataset(self.tmp)
        split = data.split("train")
        self.assertEqual(len(split), 40)
        vocab = data.vocab
        for i in range(len(split)):
            seq = split.sequence(i)
            self.assertEqual(seq[0], vocab.bos_id)
            self.assertEqual(seq[-1], vocab.eos_id)
        batches = make_batches(split.lengths, 300, np.random.default_rng(0))
        seen = np.sort(np.concatenate(batches))
        self.assertEqual(seen.tolist(), list(range(40)))
        for b in batches:
            self.assertLessEqual(len(b) * split.lengths[b].max(), max(300, split.lengths[b].max()))
        batch = collate(split, batches[0], vocab.pad_id)
        self.assertEqual(int((batch != vocab.pad_id).sum()), int(split.lengths[batches[0]].sum()))


class TrainTest(TempDirTest):
    def make_args(self, out, *extra):
        return train.parse_args([
            "--data", self.data, "--out", out, "--config", "tiny", "--tokens_per_step", "1024",
            "--warmup_steps", "5", "--lr", "3e-3", "--log_every", "5", "--quiet",
            "--eval_minutes", "0", *extra])

    def setUp(self):
        super().setUp()
        self.data = write_synthetic_data(os.path.join(self.tmp, "data"), sequences=(48, 6, 6),
                                         min_len=24, max_len=160)

    def test_thirty_steps_reduce_loss_and_export(self):
        out = os.path.join(self.tmp, "run")
        metrics = train.train(self.make_args(out, "--max_steps", "30"))
        vocab_size = len(TokenDataset(self.data).vocab)
        self.assertLess(metrics["validation"]["loss"], math.log(vocab_size) - 0.5)
        losses = [r["train_loss"] for r in read_log(out) if r["event"] == "train"]
        self.assertLess(losses[-1], losses[0])
        for name in ("checkpoint.pt", "metrics.json", "log.jsonl", "export/model.pt",
                     "export/vocab.json", "export/config.json"):
            self.assertTrue(os.path.exists(os.path.join(out, name)), name)
        with open(os.path.join(out, "export", "config.json"), "r", encoding="utf-8") as f:
            config = json.load(f)
        self.assertEqual(config["vocab_size"], vocab_size)
        self.assertEqual(config["trained_steps"], 30)
        self.assertAlmostEqual(config["test_loss"], metrics["test"]["loss"])

    def test_resume_continues_exactly(self):
        straight = os.path.join(self.tmp, "straight")
        resumed = os.path.join(self.tmp, "resumed")
        train.train(self.make_args(straight, "--max_steps", "20", "--no_export"))
        self.assertIsNone(train.train(self.make_args(resumed, "--max_steps", "20", "--no_export",
                                                     "--stop_after_steps", "12")))
        stopped = torch.load(os.path.join(resumed, "checkpoint.pt"))
        self.assertEqual(stopped["state"]["step"], 12)
        train.train(self.make_args(resumed, "--max_steps", "20", "--no_export"))
        starts = [r for r in read_log(resumed) if r["event"] == "start"]
        self.assertEqual([s["resumed_step"] for s in starts], [0, 12])
        a = torch.load(os.path.join(straight, "checkpoint.pt"))
        b = torch.load(os.path.join(resumed, "checkpoint.pt"))
        self.assertEqual(b["state"]["step"], 20)
        for name, tensor in a["model"].items():
            self.assertTrue(torch.allclose(tensor, b["model"][name], atol=1e-6), name)

    def test_two_workers_take_the_same_steps_as_one(self):
        # Data parallelism splits each global batch; the update must be the single-process one.
        one = os.path.join(self.tmp, "one")
        two = os.path.join(self.tmp, "two")
        train.train(self.make_args(one, "--max_steps", "8", "--no_export"))
        metrics = train.train_parallel(self.make_args(two, "--max_steps", "8", "--no_export",
                                                      "--workers", "2"))
        self.assertEqual(metrics["workers"], 2)
        self.assertEqual(metrics["steps"], 8)
        a = torch.load(os.path.join(one, "checkpoint.pt"))
        b = torch.load(os.path.join(two, "checkpoint.pt"))
        self.assertEqual(a["state"]["tokens_seen"], b["state"]["tokens_seen"])
        for name, tensor in a["model"].items():
            self.assertTrue(torch.allclose(tensor, b["model"][name], atol=1e-5), name)
        losses_one = [r["train_loss"] for r in read_log(one) if r["event"] == "train"]
        losses_two = [r["train_loss"] for r in read_log(two) if r["event"] == "train"]
        np.testing.assert_allclose(losses_one, losses_two, rtol=1e-4)

    def test_export_cli_layout(self):
        out = os.path.join(self.tmp, "run")
        train.train(self.make_args(out, "--max_steps", "3", "--no_export"))
        target = os.path.join(self.tmp, "models", "stori-tiny", "v0")
        config = export_run(out, target, verbose=False)
        self.assertEqual((config["name"], config["version"]), ("stori-tiny", "v0"))
        for key in ("vocab_size", "d_model", "num_layers", "num_heads", "head_dim", "d_ff",
                    "max_positions", "params", "trained_tokens", "train_loss", "val_loss",
                    "test_loss", "train_ppl", "val_ppl", "test_ppl", "created"):
            self.assertIn(key, config)
        self.assertEqual(config["bars_per_window"], 4)  # the synthetic manifest's

    def test_warm_start_copies_weights_and_grows_positions(self):
        out = os.path.join(self.tmp, "run")
        train.train(self.make_args(out, "--max_steps", "3"))
        # From the TorchScript export, as models/train.py --init_from model.pt reads it.
        source = load_source_state(os.path.join(out, "export", "model.pt"))
        trained = torch.load(os.path.join(out, "checkpoint.pt"))["model"]
        cfg = make_config("tiny", source["tok_emb.weight"].shape[0], max_positions=1536)
        model = StoriTransformer(cfg)
        self.assertEqual(warm_start(model, cfg, source), 512)
        result = model.state_dict()
        for name, tensor in trained.items():
            if name != "pos_emb.weight":
                self.assertTrue(torch.equal(tensor, result[name]), name)
        old, new = trained["pos_emb.weight"], result["pos_emb.weight"]
        self.assertEqual(tuple(new.shape), (1536, old.shape[1]))
        self.assertTrue(torch.equal(new[:1024], old))
        self.assertTrue(torch.equal(new[1024:1536], old[512:1024]))  # second half tiled

    def test_warm_start_refuses_another_size(self):
        src = tiny_model(vocab_size=50, max_positions=128)
        cfg = make_config("tiny", 51, max_positions=128)
        with self.assertRaisesRegex(ValueError, "tok_emb"):
            warm_start(StoriTransformer(cfg), cfg, src.state_dict())
        cfg = make_config("tiny", 50, max_positions=64)
        with self.assertRaisesRegex(ValueError, "positions may only grow"):
            warm_start(StoriTransformer(cfg), cfg, src.state_dict())


if __name__ == "__main__":
    unittest.main()
