#!/usr/bin/env bash
# Reads every POP909 and Groove MIDI file with the C++ SMF reader, writes it back (format 1, and
# format 0 where channels are distinct), reads that again and checks that nothing changed; prints
# per-data-set counts. Exits non-zero on any failure.
#
# Usage: scripts/sweep_midi.sh [build_dir]   (default build-midi; STORI_DATA_DIR overrides the
#        data root, default ../shared/data beside the checkout)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-${repo}/build-midi}"
case "${build}" in /*) ;; *) build="${repo}/${build}" ;; esac

if [[ ! -f "${build}/CMakeCache.txt" ]]; then
  cmake -S "${repo}" -B "${build}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTORI_BUILD_SERVER=OFF
fi
cmake --build "${build}" --target stori_midi_test -j2

STORI_FULL_SWEEP=1 exec "${build}/tests/engine/midi/stori_midi_test" --gtest_filter='SmfSweep.*'
