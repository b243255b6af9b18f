#!/usr/bin/env python3
"""The images' HEALTHCHECK: the standard gRPC health check (grpc.health.v1.Health/Check) of a
stori-server on this host. Debian has no grpc_health_probe; this uses Debian's python3-grpcio
and the Python client's own health module (clients/python/stori_client/health.py, which needs no
generated stubs).

    python3 deploy/healthcheck.py [--port=50051] [--service=stori.generation.v1.GenerationService]
                                  [--timeout_s=2]

Exit status: 0 when the server reports SERVING for the service (model loaded and warmed);
1 when it reports anything else (NOT_SERVING while the model loads or while it drains after
SIGTERM) or cannot be reached; 2 for bad arguments. One line on stdout says which.

Kubernetes does not run this: its probes are native gRPC probes (deploy/k8s). It is for
`docker run`, Docker Compose and anything else that reads the image's HEALTHCHECK.
"""
import argparse
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
# In the image stori_client sits beside this file; in the repository, under clients/python.
for _path in (os.path.join(_HERE, "..", "clients", "python"), _HERE):
    if os.path.isdir(os.path.join(_path, "stori_client")):
        sys.path.insert(0, _path)

import grpc  # noqa: E402

from stori_client import health  # noqa: E402

SERVICE = "stori.generation.v1.GenerationService"
STATUS_NAMES = {0: "UNKNOWN", 1: "SERVING", 2: "NOT_SERVING", 3: "SERVICE_UNKNOWN"}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=50051)
    parser.add_argument("--service", default=SERVICE,
                        help='health service name; "" asks for the whole server')
    parser.add_argument("--timeout_s", type=float, default=2.0)
    args = parser.parse_args(argv)
    target = "%s:%d" % (args.host, args.port)
    with grpc.insecure_channel(target) as channel:
        try:
            status = health.check(channel, args.service, args.timeout_s)
        except grpc.RpcError as error:
            print("unhealthy: %s %s: %s" % (target, error.code().name, error.details()))
            return 1
    name = STATUS_NAMES.get(status, str(status))
    print("%s: %s %r %s" % ("healthy" if status == health.SERVING else "unhealthy", target,
                            args.service, name))
    return 0 if status == health.SERVING else 1


if __name__ == "__main__":
    sys.exit(main())
