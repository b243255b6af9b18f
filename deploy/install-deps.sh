#!/usr/bin/env bash
# The one list of build, test and run dependencies, all from Debian bookworm's packages.
# CI (.ci/run), the Dockerfiles and a developer's fresh machine run this script and nothing else.
set -euo pipefail

packages=(
  # build
  cmake g++ make pkg-config
  # gRPC, protobuf, google.rpc protos (status.proto, error_details.proto)
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  golang-github-gogo-googleapis-dev
  # Prometheus metrics (/metrics on --metrics_port): prometheus-cpp's metrics and text format,
  # served over cpp-httplib
  prometheus-cpp-dev libcpp-httplib-dev
  # engine: Abseil, spdlog, LibTorch 1.13 (CPU) and OpenBLAS (without it torch uses the
  # reference BLAS, ~35x slower per matmul)
  libabsl-dev libspdlog-dev libtorch-dev libopenblas0-pthread
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # training (models/), the Python client (clients/python: its stubs come from protoc and
  # grpc_python_plugin above) and its contract suite
  python3-torch python3-numpy python3-grpcio python3-protobuf python3-grpc-tools
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if [ "${STORI_SKIP_APT_UPDATE:-0}" != "1" ]; then
  $SUDO apt-get update -qq
fi
$SUDO apt-get install -y -qq "${packages[@]}"
