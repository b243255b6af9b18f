"""How the client talks to stori-server: the gRPC service config (retries, load balancing) and
the channel options (keepalive, message sizes). Pure functions; the choices are explained in
clients/python/README.md ("Retries, keepalive and load balancing").

Service config schema: gRPC's "Service Config in gRPC" (doc/service_config.md) and gRFC A6
(client retries): retryPolicy {maxAttempts, initialBackoff, maxBackoff, backoffMultiplier,
retryableStatusCodes}, retryThrottling {maxTokens, tokenRatio}.
"""
import json
from typing import List, Optional, Tuple

SERVICE_NAME = "stori.generation.v1.GenerationService"

# Codes worth retrying with backoff: UNAVAILABLE (no connection, a pod going away) and
# RESOURCE_EXHAUSTED (stori-server's admission is full: more requests in flight than
# --max_inflight_requests; nothing was started, so a retry is safe).
RETRYABLE_CODES = ("UNAVAILABLE", "RESOURCE_EXHAUSTED")

# Attempts in all (the first plus 3 retries); gRPC caps this at 5.
MAX_ATTEMPTS = 4
# Backoff before retry n is random in [0, min(INITIAL * MULTIPLIER^(n-1), MAX)] (gRFC A6).
INITIAL_BACKOFF_S = 0.25
MAX_BACKOFF_S = 4.0
BACKOFF_MULTIPLIER = 2.0

# Keepalive: a ping after 60 s without activity on a connection that has a call in flight,
# answered within 20 s or the connection is dropped (and the call retried as UNAVAILABLE, or
# failed). No pings on idle connections: the server's default policy (gRPC core: pings without
# calls refused, pings without data no more often than every 5 min, 2 strikes) would answer
# them with GOAWAY "too_many_pings"; gRPC's own limit of 2 pings without data keeps a long call
# under the strike limit.
KEEPALIVE_TIME_MS = 60_000
KEEPALIVE_TIMEOUT_MS = 20_000

# Reconnection after a connection fails backs off from 1 s by 1.6x up to this (gRPC's default
# cap is 120 s): a restarted server is found again within about 10 s.
MAX_RECONNECT_BACKOFF_MS = 10_000

# stori-server's limits (server/validate/limits.h): it receives at most 4 MiB and sends at most
# 16 MiB per message.
MAX_SEND_MESSAGE_BYTES = 4 << 20
MAX_RECEIVE_MESSAGE_BYTES = 16 << 20


def _duration(seconds: float) -> str:
    return ("%.3f" % seconds).rstrip("0").rstrip(".") + "s"


def service_config(round_robin: bool = False, max_attempts: int = MAX_ATTEMPTS) -> dict:
    """Returns the gRPC service config as a dict: one methodConfig for every method of
    GenerationService with the retry policy above, retry throttling (gRFC A6: a channel holds
    10 tokens, each failed attempt takes 1 and each success gives back 0.1; retries pause while
    5 or fewer are left, so a fleet that keeps failing is not hit harder), and with round_robin
    the round_robin load-balancing policy (for a `dns:///` target that resolves to every pod of
    a headless Kubernetes Service).

    max_attempts: 1 (no retries) .. 5.
    Errors: ValueError if max_attempts is outside 1 .. 5.
    Thread safety: pure function.
    """
    if not 1 <= max_attempts <= 5:
        raise ValueError("max_attempts must be in [1, 5]; got %r" % (max_attempts,))
    method = {"name": [{"service": SERVICE_NAME}]}
    if max_attempts > 1:
        method["retryPolicy"] = {
            "maxAttempts": max_attempts,
            "initialBackoff": _duration(INITIAL_BACKOFF_S),
            "maxBackoff": _duration(MAX_BACKOFF_S),
            "backoffMultiplier": BACKOFF_MULTIPLIER,
            "retryableStatusCodes": list(RETRYABLE_CODES),
        }
    config = {
        "methodConfig": [method],
        "retryThrottling": {"maxTokens": 10, "tokenRatio": 0.1},
    }
    if round_robin:
        config["loadBalancingConfig"] = [{"round_robin": {}}]
        # Client-side health checking (grpc.health.v1 Watch): a replica that reports
        # NOT_SERVING, e.g. draining after SIGTERM, leaves the rotation at once, instead of
        # answering UNAVAILABLE until the retry throttle gives up.
        config["healthCheckConfig"] = {"serviceName": SERVICE_NAME}
    return config


def channel_options(round_robin: bool = False, max_attempts: int = MAX_ATTEMPTS,
                    extra: Optional[List[Tuple[str, object]]] = None) -> List[Tuple[str, object]]:
    """Returns the options for grpc.insecure_channel / grpc.secure_channel: the service config
    as JSON, retries enabled, keepalive, a 10 s cap on reconnection backoff, message-size limits
    matching the server's, and a retry buffer large enough to replay a RefineSection request (it
    carries the prior result). An option in `extra` replaces the client's option of that name.

    Errors: ValueError as service_config().
    Thread safety: pure function.
    """
    options = [
        ("grpc.service_config", json.dumps(service_config(round_robin, max_attempts))),
        ("grpc.enable_retries", 1),
        ("grpc.per_rpc_retry_buffer_size", MAX_SEND_MESSAGE_BYTES),
        ("grpc.keepalive_time_ms", KEEPALIVE_TIME_MS),
        ("grpc.keepalive_timeout_ms", KEEPALIVE_TIMEOUT_MS),
        ("grpc.keepalive_permit_without_calls", 0),
        ("grpc.max_reconnect_backoff_ms", MAX_RECONNECT_BACKOFF_MS),
        ("grpc.max_send_message_length", MAX_SEND_MESSAGE_BYTES),
        ("grpc.max_receive_message_length", MAX_RECEIVE_MESSAGE_BYTES),
    ]
    extra = list(extra or [])
    replaced = {key for key, _ in extra}
    return [o for o in options if o[0] not in replaced] + extra
