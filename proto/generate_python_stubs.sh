#!/usr/bin/env bash
# Generates Python stubs (messages + gRPC client/server) for the v1 contract and google.rpc's
# status/error details into OUT_DIR (default: ./out/python). Generated code is never committed.
#
# Uses Debian's protoc with grpc_python_plugin (protobuf-compiler, protobuf-compiler-grpc).
# `/usr/bin/python3 -m grpc_tools.protoc` is the equivalent command with pip's grpcio-tools; the
# Debian python3-grpc-tools 1.14 bundles a protoc too old for proto3 `optional`, so it is not used.
# Usage: proto/generate_python_stubs.sh [OUT_DIR]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-${here}/../out/python}"
googleapis="${STORI_GOOGLEAPIS_DIR:-/usr/share/gocode/src/github.com/gogo/googleapis}"
mkdir -p "${out}"

protoc -I"${here}" -I"${googleapis}" -I/usr/include \
  --python_out="${out}" \
  --grpc_out="${out}" --plugin=protoc-gen-grpc="$(command -v grpc_python_plugin)" \
  "${here}"/stori/generation/v1/*.proto \
  "${googleapis}/google/rpc/status.proto" "${googleapis}/google/rpc/error_details.proto"

# Make stori/ importable as packages; google/ stays a namespace package beside google.protobuf.
find "${out}/stori" -type d -exec touch {}/__init__.py \;
echo "Python stubs written to ${out}"
