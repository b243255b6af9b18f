"""Finds, or generates, the Python stubs of the v1 contract (proto/stori/generation/v1) and of
google.rpc's status and error details. Stubs are generated code: never written by hand, never
committed. They come, in this order, from:

1. `STORI_STUBS_DIR`, when set: a folder written by `proto/generate_python_stubs.sh` (the build
   writes one to `build/python`). It must hold the stubs; it is put first on `sys.path`.
2. `sys.path` as it is (e.g. `PYTHONPATH=build/python`).
3. A cache the client fills itself by running `proto/generate_python_stubs.sh` once per set of
   proto files: `$STORI_STUBS_CACHE`, else `$XDG_CACHE_HOME/stori_client/stubs/<hash>`, else
   `~/.cache/stori_client/stubs/<hash>`, where <hash> is the SHA-256 of the .proto files and of
   the script (so a changed contract gets fresh stubs). The proto folder is `$STORI_PROTO_DIR`,
   else the repository's `proto/` next to this package (clients/python/../../proto). Needs
   Debian's `protoc` and `grpc_python_plugin` (protobuf-compiler, protobuf-compiler-grpc).

Stubs found on the path (1, 2) that predate the contract this client speaks (no `request_json`
field) are refused with an ImportError that says how to regenerate them.
"""
import functools
import hashlib
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import types

# The generated modules this client uses, by the attribute name they get on Stubs.
_MODULES = {
    "service_pb2": "stori.generation.v1.service_pb2",
    "service_pb2_grpc": "stori.generation.v1.service_pb2_grpc",
    "result_pb2": "stori.generation.v1.result_pb2",
    "music_pb2": "stori.generation.v1.music_pb2",
    "emotion_pb2": "stori.generation.v1.emotion_pb2",
    "status_pb2": "google.rpc.status_pb2",
    "error_details_pb2": "google.rpc.error_details_pb2",
}

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def default_proto_dir() -> str:
    """Returns `$STORI_PROTO_DIR`, else the repository's proto/ folder beside clients/python."""
    return os.environ.get("STORI_PROTO_DIR") or os.path.normpath(
        os.path.join(_PACKAGE_DIR, "..", "..", "..", "proto"))


def _proto_hash(proto_dir: str) -> str:
    """SHA-256 (first 16 hex digits) of every .proto under proto_dir and of the generator."""
    digest = hashlib.sha256()
    paths = []
    for root, _, files in os.walk(proto_dir):
        paths += [os.path.join(root, f) for f in files
                  if f.endswith(".proto") or f == "generate_python_stubs.sh"]
    for path in sorted(paths):
        digest.update(os.path.relpath(path, proto_dir).encode())
        with open(path, "rb") as f:
            digest.update(f.read())
    return digest.hexdigest()[:16]


def cache_dir(proto_dir: str) -> str:
    """Returns the folder the client generates stubs into for the protos under proto_dir."""
    if os.environ.get("STORI_STUBS_CACHE"):
        return os.environ["STORI_STUBS_CACHE"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "stori_client", "stubs", _proto_hash(proto_dir))


def generate(proto_dir: str, out_dir: str) -> None:
    """Runs proto_dir/generate_python_stubs.sh into out_dir, atomically: the stubs are written
    to a temporary sibling folder and renamed, so concurrent processes never see half a set.

    Errors: FileNotFoundError if the script is missing; RuntimeError with protoc's output if it
    fails.
    """
    script = os.path.join(proto_dir, "generate_python_stubs.sh")
    if not os.path.isfile(script):
        raise FileNotFoundError(
            "no %s: set STORI_STUBS_DIR to generated stubs or STORI_PROTO_DIR to the "
            "repository's proto/ folder" % script)
    parent = os.path.dirname(os.path.abspath(out_dir))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".stubs-", dir=parent)
    try:
        run = subprocess.run(["bash", script, tmp], capture_output=True, text=True)
        if run.returncode != 0:
            raise RuntimeError("%s failed (exit %d): %s" % (script, run.returncode,
                                                          run.stderr.strip() or run.stdout))
        try:
            os.rename(tmp, out_dir)
        except OSError:
            if not os.path.isdir(os.path.join(out_dir, "stori")):
                raise
            # Another process won the race; its stubs are the same.
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _has_stubs(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, "stori", "generation", "v1", "service_pb2.py"))


def _import_all() -> types.SimpleNamespace:
    modules = {name: importlib.import_module(path) for name, path in _MODULES.items()}
    fields = modules["service_pb2"].GenerateSectionRequest.DESCRIPTOR.fields_by_name
    if "request_json" not in fields:
        raise ImportError(
            "the stori stubs at %s predate this client (GenerateSectionRequest has no "
            "request_json); regenerate them with proto/generate_python_stubs.sh"
            % os.path.dirname(modules["service_pb2"].__file__))
    return types.SimpleNamespace(**modules)


def _prepend_path(folder: str) -> None:
    folder = os.path.abspath(folder)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    importlib.invalidate_caches()


_load_lock = threading.Lock()


def load() -> types.SimpleNamespace:
    """Returns the generated modules as attributes: service_pb2, service_pb2_grpc, result_pb2,
    music_pb2, emotion_pb2, status_pb2, error_details_pb2. Generates them on first use if they
    are not on the path (see the module docstring); later calls return the same namespace.

    Errors: ImportError if STORI_STUBS_DIR holds no stubs, or stubs on the path are stale;
    FileNotFoundError / RuntimeError from generate().
    Thread safety: thread-safe (the first call does the work; generation is atomic on disk).
    """
    with _load_lock:
        return _load_locked()


@functools.lru_cache(maxsize=None)
def _load_locked() -> types.SimpleNamespace:
    explicit = os.environ.get("STORI_STUBS_DIR")
    if explicit:
        if not _has_stubs(explicit):
            raise ImportError("STORI_STUBS_DIR=%s holds no stori stubs; run "
                              "proto/generate_python_stubs.sh %s" % (explicit, explicit))
        _prepend_path(explicit)
        return _import_all()
    try:
        return _import_all()
    except ImportError as error:
        if "predate" in str(error):
            raise
    proto_dir = default_proto_dir()
    out = cache_dir(proto_dir)
    if not _has_stubs(out):
        generate(proto_dir, out)
    _prepend_path(out)
    for name in [m for m in sys.modules if m == "stori" or m.startswith("stori.")]:
        del sys.modules[name]  # a failed import above may have cached a partial package
    return _import_all()
