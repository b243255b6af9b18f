#!/usr/bin/env bash
# Rewrites the seed corpus fuzz/corpus/<target>/ from the repository's own inputs (fuzz/README.md):
#   fuzz_request_json   examples/*.json, tests/server/testdata/*.json, fuzz/seeds/*.json as text
#   fuzz_request_bytes  the same files as serialized GenerateSectionRequests: typed (one per
#                       section of an RMS) and as request_json (stori-fuzz-seeds pb)
#   fuzz_smf_reader     tests/fixtures/*.mid and tests/fixtures/pop909/*/*.mid, plus each written
#                       back in format 0 (stori-fuzz-seeds smf0)
# Inputs the fuzzers found later are not kept here: the checked-in corpus is the seeds only, so it
# stays small and reviewable. Usage: fuzz/make_corpus.sh BUILD_DIR (a build holding
# fuzz/stori-fuzz-seeds: the main build or build-fuzz).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:?usage: fuzz/make_corpus.sh BUILD_DIR}"
seeds_tool="$build/fuzz/stori-fuzz-seeds"
[ -x "$seeds_tool" ] || { echo "make_corpus.sh: build $seeds_tool first" >&2; exit 1; }
corpus="$root/fuzz/corpus"

json_inputs=("$root"/examples/*.json "$root"/tests/server/testdata/*.json "$root"/fuzz/seeds/*.json)
midi_inputs=("$root"/tests/fixtures/*.mid "$root"/tests/fixtures/pop909/*/*.mid)

rm -rf "$corpus/fuzz_request_json" "$corpus/fuzz_request_bytes" "$corpus/fuzz_smf_reader"
mkdir -p "$corpus/fuzz_request_json" "$corpus/fuzz_request_bytes" "$corpus/fuzz_smf_reader"
cp "${json_inputs[@]}" "$corpus/fuzz_request_json/"
"$seeds_tool" pb "$corpus/fuzz_request_bytes" "${json_inputs[@]}"
for f in "${midi_inputs[@]}"; do
  cp "$f" "$corpus/fuzz_smf_reader/$(basename "$(dirname "$f")")_$(basename "$f")"
done
"$seeds_tool" smf0 "$corpus/fuzz_smf_reader" "${midi_inputs[@]}"
for d in "$corpus"/*/; do
  echo "$(basename "$d"): $(find "$d" -type f | wc -l) files, $(du -sk "$d" | cut -f1) KiB"
done
