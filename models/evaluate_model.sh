#!/usr/bin/env bash
# Model-card evaluation (the tables of models/stori-remi/v3/MODEL_CARD.md): generates held-out
# POP909 and Groove test windows with a model under teacher-forced controls and writes
# generated-vs-real measures and attribute control accuracy to <out>/evaluation.json and
# <out>/evaluation.md (engine/evaluate/).
#
# Usage: models/evaluate_model.sh <data_dir> <model_dir> [out_dir] [-- stori-evaluate-model flags]
#   data_dir   holds pop909/ and groove/ (the checkout's ../shared/data)
#   model_dir  holds model.pt, config.json, vocab.json (e.g. models/stori-remi/v3)
#   out_dir    default: model_dir, i.e. models/<name>/<version>/evaluation.{json,md}
#   flags      e.g. --max_pop909_windows 150 --max_groove_windows 100 --seed 1
#              --temperature 1.0 --top_p 0.95 --device cpu (the defaults)
# Environment: STORI_BUILD_DIR (default build-eval) is configured and built if needed;
# OMP_NUM_THREADS (default 1: one Torch thread was fastest on the 2-core machine).
# The window sample and the generated notes depend only on --seed; timings go to the report.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  sed -n '2,14p' "$0" >&2
  exit 2
fi
exec "$(dirname "${BASH_SOURCE[0]}")/run_evaluation.sh" stori-evaluate-model "$2" "$@"
