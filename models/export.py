"""Exports a training run as TorchScript for the C++ runner.

    /usr/bin/python3 models/export.py --run models/runs/<name> --out models/<model_name>/<version>/

Writes model.pt (torch.jit.script, torch 1.13 format), vocab.json and config.json, then reloads
model.pt and checks cached against uncached logits (max abs diff < 1e-4).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from stori_model.exporting import export_run  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", required=True, help="run directory holding checkpoint.pt")
    p.add_argument("--out", required=True, help="output directory models/<name>/<version>/")
    p.add_argument("--name", default=None, help="model name (default: parent folder of --out)")
    p.add_argument("--version", default=None, help="version (default: last folder of --out)")
    args = p.parse_args()
    export_run(args.run, args.out, name=args.name, version=args.version)
    return 0


if __name__ == "__main__":
    sys.exit(main())
