#!/usr/bin/env bash
# Model-card evaluation (DESIGN.md §4, §5): generates held-out POP909 and Groove test windows
# with a model under teacher-forced controls and writes generated-vs-real measures and attribute
# control accuracy to <out>/evaluation.json and <out>/evaluation.md (engine/evaluate/).
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
  sed -n '2,13p' "$0" >&2
  exit 2
fi
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$1"
model="$2"
shift 2
out="${model}"
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
cmake --build "${build}" --target stori-evaluate-model -j2

mkdir -p "${out}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
start=$(date +%s)
"${build}/engine/evaluate/stori-evaluate-model" --model_dir "${model}" \
  --pop909 "${data}/pop909" --groove "${data}/groove" --out "${out}" "$@"
echo "wrote ${out}/evaluation.json and ${out}/evaluation.md in $(( $(date +%s) - start )) s" >&2
