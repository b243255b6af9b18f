#!/usr/bin/env bash
# The shared driver of models/evaluate_model.sh and models/evaluate_served.sh: checks the model
# and data folders, configures and builds STORI_BUILD_DIR (default build-eval, without the
# server) if needed, then runs the evaluation program with the data folders and --out.
#
# Usage: models/run_evaluation.sh <program> <default_out> <data_dir> <model_dir> [out_dir]
#          [-- program flags]
#   program      stori-evaluate-model or stori-evaluate-served (tools/evaluate/)
#   default_out  the out_dir when none is given
# Environment: STORI_BUILD_DIR; OMP_NUM_THREADS (default 1: one Torch thread was fastest on the
# 2-core machine).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
program="$1"
out="$2"
data="$3"
model="$4"
shift 4
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
cmake --build "${build}" --target "${program}" -j2

mkdir -p "${out}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
start=$(date +%s)
"${build}/tools/evaluate/${program}" --model_dir "${model}" \
  --pop909 "${data}/pop909" --groove "${data}/groove" --out "${out}" "$@"
echo "wrote ${out}/evaluation.json and ${out}/evaluation.md in $(( $(date +%s) - start )) s" >&2
