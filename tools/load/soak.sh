#!/usr/bin/env bash
# Soak and overload runs of stori-server on 127.0.0.1 (issue 19 point 7; README "Load and soak").
# Starts the server from BUILD_DIR with the shipped model, drives it with tools/load/stori_load.py
# at CONCURRENCY for SOAK_S seconds, then at 4 x CONCURRENCY for OVERLOAD_S seconds, stops it with
# SIGTERM and checks that it drained and exited 0. Writes OUT_DIR/soak.json, overload.json,
# server.log and summary.md. Exits non-zero if a run saw a status other than OK or
# RESOURCE_EXHAUSTED (none at all allowed in the soak), or the server did not exit 0.
#
#   tools/load/soak.sh BUILD_DIR OUT_DIR [CONCURRENCY SOAK_S OVERLOAD_S BARS PRESET] [-- SERVER_FLAGS]
#     e.g. tools/load/soak.sh build /tmp/soak 2 600 180 8 ""
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$(cd "${1:?usage: soak.sh BUILD_DIR OUT_DIR [CONCURRENCY SOAK_S OVERLOAD_S BARS PRESET]}" && pwd)"
out="${2:?usage: soak.sh BUILD_DIR OUT_DIR ...}"
shift 2
concurrency="${1:-2}"; soak_s="${2:-600}"; overload_s="${3:-180}"; bars="${4:-8}"; preset="${5:-}"
shift $(( $# < 5 ? $# : 5 ))
if [ "${1:-}" = "--" ]; then shift; fi
server_flags=("$@")
python=/usr/bin/python3
mkdir -p "$out"
log="$out/server.log"

"$build/server/stori-server" --address=127.0.0.1 --port=0 --metrics_port=0 \
  --model_path="$root/models/stori-remi/v3" "${server_flags[@]}" >"$log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true' EXIT
port=""; metrics_port=""
for _ in $(seq 1 600); do
  if grep -q "event=readiness .*serving=true" "$log"; then
    port=$(grep -o "event=server_started .* port=[0-9]*" "$log" | grep -o "port=[0-9]*" | head -1 | cut -d= -f2)
    break
  fi
  kill -0 $pid 2>/dev/null || { echo "soak.sh: stori-server exited:"; tail -20 "$log"; exit 1; }
  sleep 0.2
done
[ -n "$port" ] || { echo "soak.sh: stori-server not serving after 120 s"; exit 1; }
# RSS from /proc (the server's --metrics_port is off so that parallel runs do not collide).
metrics_args=(--server_pid "$pid")
load=("$python" "$root/tools/load/stori_load.py" --target "127.0.0.1:$port" --stubs "$build/python"
      --bars "$bars" --preset "$preset" "${metrics_args[@]}")

status=0
echo "== soak: concurrency $concurrency for $soak_s s"
"${load[@]}" --concurrency "$concurrency" --duration_s "$soak_s" --no_refusals \
  --out "$out/soak.json" | tee "$out/soak.txt" || status=1
echo "== overload: concurrency $((4 * concurrency)) for $overload_s s"
"${load[@]}" --concurrency $((4 * concurrency)) --duration_s "$overload_s" --solo_calls 0 \
  --out "$out/overload.json" | tee "$out/overload.txt" || status=1

kill -TERM $pid
if wait $pid; then echo "server drained and exited 0"; else echo "server exit status $?"; status=1; fi
trap - EXIT
"$python" "$root/tools/load/summarize.py" "$out" >"$out/summary.md" || status=1
cat "$out/summary.md"
exit $status
