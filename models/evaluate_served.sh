#!/usr/bin/env bash
# As-served evaluation (issue 15 point 1; engine/evaluate/served_evaluation.h): requests built
# from 8-bar windows of the held-out POP909 test songs (their chords, key, tempo and meter; four
# tracks; genre pop; a neutral and Stori's default EmotionVector; no real control values),
# generated through the service's SectionGenerator at FAST and BALANCED, measured per role
# against the same real windows (drums: Groove test windows paired in as in training). Writes
# <out>/evaluation.json and <out>/evaluation.md.
#
# Usage: models/evaluate_served.sh <data_dir> <model_dir> [out_dir] [-- stori-evaluate-served flags]
#   data_dir   holds pop909/ and groove/ (the checkout's ../shared/data)
#   model_dir  holds model.pt, config.json, vocab.json (e.g. models/stori-remi/v3)
#   out_dir    default: <model_dir>/as_served
#   flags      e.g. --sections 60 --emotions neutral,stori_default --presets fast,balanced
#              --seed 1 --device cpu (the defaults)
# Environment: STORI_BUILD_DIR (default build-eval) is configured and built if needed;
# OMP_NUM_THREADS (default 1: one Torch thread was fastest on the 2-core machine).
# The sections and the generated notes depend only on the flags; timings go to the report.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  sed -n '2,17p' "$0" >&2
  exit 2
fi
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$1"
model="$2"
shift 2
out="${model}/as_served"
if [[ $# -gt 0 && "$1" != "--" ]]; then
  out="$1"
  shift
fi
[[ $# -gt 0 && "$1" == "--" ]] && shift

for f in model.pt config.json vocab.json; do
  [[ -f "${model}/${f}" ]] || { echo "error: ${model}/${f} not found" >&2; exit 1; }
done
for d in pop909 groove; do
  [[ -d "${data}/${d}" ]] || { echo "error: ${data}/${d} not found" >&2; exit 1; }
done

build="${STORI_BUILD_DIR:-${repo}/build-eval}"
case "${build}" in /*) ;; *) build="${repo}/${build}" ;; esac
if [[ ! -f "${build}/CMakeCache.txt" ]]; then
  cmake -S "${repo}" -B "${build}" -DSTORI_BUILD_SERVER=OFF -DSTORI_BUILD_TESTS=ON
fi
cmake --build "${build}" --target stori-evaluate-served -j2

mkdir -p "${out}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
start=$(date +%s)
"${build}/engine/evaluate/stori-evaluate-served" --model_dir "${model}" \
  --pop909 "${data}/pop909" --groove "${data}/groove" --out "${out}" "$@"
echo "wrote ${out}/evaluation.json and ${out}/evaluation.md in $(( $(date +%s) - start )) s" >&2
