#!/usr/bin/python3
"""Minimal Python client for stori-server (Debian: protobuf-compiler-grpc, python3-grpcio).

    /usr/bin/python3 examples/python_client.py --target 127.0.0.1:50051 \
        --request examples/leaving_home.json [--song] [--out /tmp/client_out]

Compiles proto/ into a temporary folder, reads the request file (protobuf JSON: a
GenerateSongRequest, as stori-cli reads it), waits for health SERVING, then calls
GenerateSection for every section (or GenerateSong with --song) and prints notes and timings.
With --out, writes each section's midi_file as NN_<section_id>.mid.
"""
import argparse
import importlib
import os
import subprocess
import sys
import tempfile
import time

import grpc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_stubs():
    out = tempfile.mkdtemp(prefix="stori_py_")
    protos = [os.path.join("stori/generation/v1", f)
              for f in sorted(os.listdir(os.path.join(ROOT, "proto/stori/generation/v1")))
              if f.endswith(".proto")]
    # Debian's protoc (3.21, proto3 `optional`) with gRPC's Python plugin; grpc_tools' bundled
    # protoc is older than proto3 optional fields.
    plugin = ["--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin",
              "--grpc_python_out=" + out]
    if subprocess.call(["protoc", "-I" + os.path.join(ROOT, "proto"), "-I/usr/include",
                        "--python_out=" + out] + plugin + protos) != 0:
        sys.exit("protoc failed")
    # The standard health proto, compiled under its own file name (a "grpc/" path would shadow
    # the grpc package); its proto package stays grpc.health.v1.
    health_dir = os.path.join(out, "health_src")
    os.makedirs(health_dir)
    with open(os.path.join(ROOT, "tests/server/grpc/health/v1/health.proto")) as src, \
            open(os.path.join(health_dir, "stori_health.proto"), "w") as dst:
        dst.write(src.read())
    if subprocess.call(["protoc", "-I" + health_dir, "--python_out=" + out] + plugin +
                       ["stori_health.proto"]) != 0:
        sys.exit("protoc failed on health.proto")
    sys.path.insert(0, out)
    return (importlib.import_module("stori.generation.v1.service_pb2"),
            importlib.import_module("stori.generation.v1.service_pb2_grpc"))


def wait_serving(channel, timeout_s):
    health_pb2 = importlib.import_module("stori_health_pb2")
    health_pb2_grpc = importlib.import_module("stori_health_pb2_grpc")
    stub = health_pb2_grpc.HealthStub(channel)
    deadline = time.time() + timeout_s
    while True:
        try:
            r = stub.Check(health_pb2.HealthCheckRequest(
                service="stori.generation.v1.GenerationService"), timeout=2)
            if r.status == health_pb2.HealthCheckResponse.SERVING:
                return
        except grpc.RpcError:
            pass
        if time.time() > deadline:
            sys.exit("server not SERVING")
        time.sleep(0.5)


def describe(section):
    notes = sum(len(t.notes) for t in section.tracks)
    return "%-8s %2d bars %4d notes  total %.0f ms  (drums %.0f, bass %.0f, harmony %.0f, melody %.0f)" % (
        section.section_id, section.bars, notes, section.timings.total_ms,
        section.timings.drums_ms, section.timings.bass_ms, section.timings.harmony_ms,
        section.timings.melody_ms)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", default="127.0.0.1:50051")
    parser.add_argument("--request", default=os.path.join(ROOT, "examples/leaving_home.json"))
    parser.add_argument("--song", action="store_true", help="one GenerateSong stream")
    parser.add_argument("--out", default="")
    parser.add_argument("--timeout_s", type=float, default=120)
    args = parser.parse_args()
    service_pb2, service_grpc = load_stubs()
    from google.protobuf import json_format
    with open(args.request) as f:
        song = json_format.Parse(f.read(), service_pb2.GenerateSongRequest())
    channel = grpc.insecure_channel(args.target)
    wait_serving(channel, args.timeout_s)
    stub = service_grpc.GenerationServiceStub(channel)
    results = []
    start = time.time()
    if args.song:
        for message in stub.GenerateSong(song, timeout=args.timeout_s):
            if message.HasField("section"):
                results.append(message.section)
                print("section  " + describe(message.section), flush=True)
    else:
        for i in range(len(song.rms.sections)):
            request = service_pb2.GenerateSectionRequest(
                metadata=song.metadata, rms=song.rms, section_index=i, seed=song.seed,
                quality_preset=song.quality_preset, constraints=song.constraints)
            t0 = time.time()
            response = stub.GenerateSection(request, timeout=args.timeout_s)
            results.append(response.result)
            print("section  " + describe(response.result) +
                  "  round trip %.0f ms" % ((time.time() - t0) * 1000), flush=True)
    print("%d sections in %.2f s, model %s %s, seed %d" % (
        len(results), time.time() - start, results[0].model.model_id,
        results[0].model.model_version, results[0].seed_used))
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        for r in results:
            with open(os.path.join(args.out, "%02d_%s.mid" % (r.section_index, r.section_id)),
                      "wb") as f:
                f.write(r.midi_file)


if __name__ == "__main__":
    main()
