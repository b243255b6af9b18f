#!/usr/bin/env bash
# The one list of build, test and run dependencies, all from Debian bookworm's packages (plus the
# npm packages of the deploy checks, pinned in deploy/package-lock.json). CI (.ci/run), the
# Dockerfiles and a developer's fresh machine run this script and nothing else.
#
#   install-deps.sh                   everything (CI, a developer): build, tests, training, the
#                                     Python client, and the deploy checks (Node.js, npm ci into
#                                     deploy/node_modules)
#   install-deps.sh build             compiling stori-server and stori-cli (the images' build stage)
#   install-deps.sh build-cuda        as build, without Debian's CPU LibTorch: deploy/Dockerfile.cuda
#                                     takes a CUDA LibTorch from PyTorch's wheel (python3-venv)
#   install-deps.sh runtime [FILE]    the runtime image: the packages listed in FILE (default
#                                     deploy/runtime-packages.txt) and the health check's, without
#                                     recommended packages
#   install-deps.sh runtime-packages BINARY
#                                     installs nothing: prints the packages that BINARY's shared
#                                     libraries come from, as deploy/runtime-packages.txt lists them
#                                     (regenerate it with this after the binary's libraries change;
#                                     deploy/tests checks it against `ldd build/server/stori-server`)
set -euo pipefail

deploy_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mode="${1:-all}"

# Compiling stori-server and stori-cli, LibTorch aside.
build_packages=(
  cmake g++ make pkg-config
  # gRPC, protobuf, google.rpc protos (status.proto, error_details.proto)
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  golang-github-gogo-googleapis-dev
  # Prometheus metrics (/metrics on --metrics_port): prometheus-cpp's metrics and text format,
  # served over cpp-httplib
  prometheus-cpp-dev libcpp-httplib-dev
  # engine: Abseil, spdlog
  libabsl-dev libspdlog-dev
)
# LibTorch 1.13 (CPU) and OpenBLAS (without it torch uses the reference BLAS, ~35x slower per
# matmul).
torch_cpu_packages=(libtorch-dev libopenblas0-pthread)
test_packages=(
  # tests and benchmarks; openssl writes the TLS tests' certificates at test time
  # (tests/server/make_test_certs.sh)
  libgtest-dev libgmock-dev libbenchmark-dev openssl
  # training (models/), the Python client (clients/python: its stubs come from protoc and
  # grpc_python_plugin above) and its contract suite
  python3-torch python3-numpy python3-grpcio python3-protobuf python3-grpc-tools
  # the fuzz build (fuzz/README.md): Debian's clang 14 and its compiler-rt (libFuzzer, ASan,
  # UBSan runtimes)
  clang libclang-rt-14-dev
)
# The images' HEALTHCHECK (deploy/healthcheck.py: grpc.health.v1 Check through python3-grpcio;
# Debian has no grpc_health_probe).
healthcheck_packages=(python3-grpcio python3-protobuf)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

apt_install() {  # apt_install [--no-install-recommends] PACKAGE...
  if [ "${STORI_SKIP_APT_UPDATE:-0}" != "1" ]; then
    $SUDO apt-get update -qq
  fi
  $SUDO apt-get install -y -qq "$@"
}

# The package that installed PATH, or nothing. Tries PATH as ldd printed it, then its real file,
# then both spellings of a /usr-merged path (dpkg knows a file by the path its package ships).
dpkg_owner() {
  local path="$1" real candidate
  real="$(readlink -f "$path")"
  for candidate in "$path" "$real" "${path#/usr}" "/usr${path}" "${real#/usr}" "/usr${real}"; do
    [ -n "$candidate" ] || continue
    local owner
    owner="$(dpkg-query -S "$candidate" 2>/dev/null | grep -v '^diversion by' | head -n1 |
             cut -d: -f1 || true)"
    if [ -n "$owner" ]; then
      echo "$owner"
      return
    fi
  done
}

# Whether PATH reaches its file through Debian's alternatives (/etc/alternatives): such a library
# has several providers (libblas.so.3: OpenBLAS or the reference BLAS), so the one this build ran
# against is named, or apt would pick the first alternative.
via_alternatives() {
  local path="$1" step target
  for step in 1 2 3 4 5 6 7 8; do
    case "$path" in /etc/alternatives/*) return 0 ;; esac
    target="$(readlink "$path")" || return 1
    case "$target" in /*) path="$target" ;; *) path="$(dirname "$path")/$target" ;; esac
  done
  return 1
}

# Prints the runtime package list of BINARY: the packages of its direct dependencies (NEEDED) and
# of every library in its closure that it reaches through alternatives. apt brings the rest of the
# closure as those packages' dependencies. Libraries from no package (PyTorch's wheel in the CUDA
# image) are reported on stderr: the Dockerfile copies those.
runtime_packages() {
  local binary="$1"
  if [ ! -x "$binary" ]; then
    echo "install-deps.sh runtime-packages: $binary is not an executable file" >&2
    exit 2
  fi
  local ldd_out
  ldd_out="$(ldd "$binary")"
  # The NVIDIA driver's own libraries (libcuda, libnvidia-*) are mounted into a GPU container at
  # run time by the NVIDIA container toolkit; anything else unresolved is an error.
  local missing
  missing="$(grep 'not found' <<<"$ldd_out" | grep -Ev '^\s*(libcuda|libnvidia-)' || true)"
  if [ -n "$missing" ]; then
    echo "install-deps.sh runtime-packages: unresolved libraries:" >&2
    echo "$missing" >&2
    exit 1
  fi
  local -a needed
  mapfile -t needed < <(objdump -p "$binary" | awk '$1 == "NEEDED" {print $2}')
  {
    local soname path owner
    for soname in "${needed[@]}"; do
      path="$(awk -v n="$soname" '$1 == n && $2 == "=>" && $3 ~ /^\// {print $3}' <<<"$ldd_out")"
      if [ -z "$path" ]; then
        echo "not resolved here (the driver's, mounted at run time): $soname" >&2
        continue
      fi
      owner="$(dpkg_owner "$path")"
      if [ -n "$owner" ]; then echo "$owner"; else echo "not from a package: $path" >&2; fi
    done
    for path in $(awk '$2 == "=>" && $3 ~ /^\// {print $3}' <<<"$ldd_out"); do
      if via_alternatives "$path"; then
        owner="$(dpkg_owner "$(readlink -f "$path")")"
        if [ -n "$owner" ]; then echo "$owner"; fi
      fi
    done
  } | sort -u
}

case "$mode" in
  all)
    packages=("${build_packages[@]}" "${torch_cpu_packages[@]}" "${test_packages[@]}")
    # The deploy checks (deploy/tests) parse the Dockerfiles and validate the Kubernetes manifests
    # with npm packages. Node.js and npm: Debian's, unless the machine has npm already.
    if ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi
    apt_install "${packages[@]}"
    # npm ci takes exactly deploy/package-lock.json; skipped while deploy/node_modules was
    # installed from the same lockfile.
    lock_sum="$(sha256sum "$deploy_dir/package-lock.json" | cut -d' ' -f1)"
    stamp="$deploy_dir/node_modules/.stori-package-lock.sha256"
    if [ "$(cat "$stamp" 2>/dev/null || true)" != "$lock_sum" ]; then
      (cd "$deploy_dir" && npm ci --no-audit --no-fund --loglevel=error)
      echo "$lock_sum" >"$stamp"
    fi
    ;;
  build)
    apt_install "${build_packages[@]}" "${torch_cpu_packages[@]}"
    ;;
  build-cuda)
    apt_install "${build_packages[@]}" python3-venv
    ;;
  runtime)
    list="${2:-$deploy_dir/runtime-packages.txt}"
    mapfile -t listed < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$list" | grep -v '^$')
    apt_install --no-install-recommends "${listed[@]}" "${healthcheck_packages[@]}"
    ;;
  runtime-packages)
    if [ $# -ne 2 ]; then
      echo "usage: install-deps.sh runtime-packages BINARY" >&2
      exit 2
    fi
    listed="$(runtime_packages "$2")"
    echo "# Runtime packages of stori-server: written by"
    echo "#   bash deploy/install-deps.sh runtime-packages build/server/stori-server"
    echo "# (the packages of the binary's direct shared-library dependencies, and of the libraries it"
    echo "# reaches through Debian's alternatives, e.g. OpenBLAS for libblas.so.3). apt brings the rest"
    echo "# of the ldd closure as their dependencies; deploy/tests checks all of it. Installed by"
    echo "# install-deps.sh runtime (the images' runtime stage)."
    echo "$listed"
    ;;
  *)
    echo "usage: install-deps.sh [all | build | build-cuda | runtime [FILE] |" \
         "runtime-packages BINARY]" >&2
    exit 2
    ;;
esac
