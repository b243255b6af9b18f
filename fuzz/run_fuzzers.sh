#!/usr/bin/env bash
# Runs fuzz targets of a fuzz build (fuzz/README.md) from the checked-in seeds, each in its own
# working corpus under WORK_DIR (the checked-in corpus is never written), and prints libFuzzer's
# final figures. Exits non-zero if a target crashes, leaks or reports undefined behaviour; the
# crashing input is WORK_DIR/<target>-crash-*.
#
#   fuzz/run_fuzzers.sh BUILD_DIR WORK_DIR RUNS [TARGET...]
#     e.g. fuzz/run_fuzzers.sh build-fuzz /tmp/stori-fuzz 1000000
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:?usage: run_fuzzers.sh BUILD_DIR WORK_DIR RUNS [TARGET...]}"
work="${2:?usage: run_fuzzers.sh BUILD_DIR WORK_DIR RUNS [TARGET...]}"
runs="${3:?usage: run_fuzzers.sh BUILD_DIR WORK_DIR RUNS [TARGET...]}"
shift 3
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(fuzz_request_bytes fuzz_request_json fuzz_smf_reader); fi

status=0
for t in "${targets[@]}"; do
  bin="$build/fuzz/$t"
  [ -x "$bin" ] || { echo "run_fuzzers.sh: no $bin (cmake --build $build --target fuzzers)" >&2; exit 2; }
  rm -rf "$work/$t"
  mkdir -p "$work/$t"
  cp -r "$root/fuzz/corpus/$t" "$work/$t/corpus"
  args=(-runs="$runs" -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/$t-")
  if [ -f "$root/fuzz/$t.dict" ]; then args+=(-dict="$root/fuzz/$t.dict"); fi
  echo "== $t: $bin ${args[*]} $work/$t/corpus"
  start=$(date +%s)
  if ! "$bin" "${args[@]}" "$work/$t/corpus" >"$work/$t.log" 2>&1; then
    echo "$t: FAILED (see $work/$t.log)"
    grep -E "ERROR|FUZZ_CHECK|runtime error|Test unit written" "$work/$t.log" | head -5
    status=1
    continue
  fi
  end=$(date +%s)
  grep -E "^#[0-9]+\s+DONE" "$work/$t.log" | tail -1
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" "$work/$t.log"
  echo "wall seconds: $((end - start)); corpus now $(find "$work/$t/corpus" -type f | wc -l) files," \
       "$(du -sk "$work/$t/corpus" | cut -f1) KiB"
done
exit $status
