#!/usr/bin/env bash
# As-served evaluation (issue 15 point 1; engine/evaluate/served_evaluation.h): requests built
# from 8-bar windows of the held-out POP909 test songs (their chords, key, tempo and meter; four
# tracks; genre pop; a neutral and Stori's default EmotionVector; no real control values),
# generated through the server's GenerateSection path (refine::GenerateRefined: generation, then
# the preset's refinement passes) at FAST and BALANCED, measured per role
# against the same real windows (drums: Groove test windows paired in as in training). Writes
# <out>/evaluation.json and <out>/evaluation.md.
#
# Usage: models/evaluate_served.sh <data_dir> <model_dir> [out_dir] [-- stori-evaluate-served flags]
#   data_dir   holds pop909/ and groove/ (the checkout's ../shared/data)
#   model_dir  holds model.pt, config.json, vocab.json (e.g. models/stori-remi/v3)
#   out_dir    default: <model_dir>/as_served
#   flags      e.g. --sections 240 --emotions neutral,stori_default --presets fast,balanced
#              --seed 1 --device cpu (the defaults)
# Environment: STORI_BUILD_DIR (default build-eval) is configured and built if needed;
# OMP_NUM_THREADS (default 1: one Torch thread was fastest on the 2-core machine).
# The sections and the generated notes depend only on the flags; timings go to the report.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  sed -n '2,17p' "$0" >&2
  exit 2
fi
exec "$(dirname "${BASH_SOURCE[0]}")/run_evaluation.sh" stori-evaluate-served "$2/as_served" "$@"
