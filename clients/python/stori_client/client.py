"""StoriClient: the Stori backend's way into stori-server (stori.generation.v1.GenerationService).

Requests go as JSON in the `request_json` field of each request message, exactly as the caller
holds them: a dict is serialized with json.dumps, a str is sent as it is. The server reads that
JSON by the leniency rules of the repository README ("What the service accepts": flat fields at
the top level, `tempo` for `tempo_bpm`, lower-case enum values such as "balanced" and
"pre-chorus", free-text roles, GM names in any spelling, unknown fields ignored with a warning),
so none of those rules are repeated here. Typed fields set beside `request_json` override the
JSON; the client sets them only for what JSON cannot carry well (a 64-bit seed) or what is not
JSON (the prior result of a refinement).
"""
import json
import time
from collections.abc import Mapping
from typing import Callable, Iterable, Iterator, Optional, Union

import grpc

from stori_client import channel as channel_config
from stori_client import errors, health, stubs
from stori_client.results import SectionResult

Request = Union[Mapping, str, bytes]

_UINT64_LIMIT = 1 << 64
# Integers from here up are not all exact as IEEE doubles (JSON numbers in most readers).
_EXACT_INT_LIMIT = 1 << 53


def _exact_ints(value):
    """`value` with every integer of magnitude >= 2**53 turned into its decimal string."""
    if isinstance(value, Mapping):
        return {k: _exact_ints(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_exact_ints(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _EXACT_INT_LIMIT:
        return str(value)
    return value


def request_json(request: Request) -> str:
    """Returns the JSON text sent as request_json: a str as it is, bytes decoded as UTF-8, a
    mapping through json.dumps (UTF-8 kept, NaN and infinities refused: they are not JSON).
    In a mapping, integers of magnitude 2**53 or more (a 64-bit seed) are written as decimal
    strings, protobuf's JSON form of 64-bit integers: as JSON numbers they would reach a reader
    that keeps numbers as doubles without their last digits, and stori-server refuses them.

    Errors: TypeError for another type or a value json cannot encode; ValueError for NaN or an
    infinity in a mapping.
    Thread safety: pure function.
    """
    if isinstance(request, str):
        return request
    if isinstance(request, (bytes, bytearray)):
        return bytes(request).decode("utf-8")
    if isinstance(request, Mapping):
        return json.dumps(_exact_ints(request), ensure_ascii=False, allow_nan=False)
    raise TypeError("request must be a dict or a JSON str; got %s" % type(request).__name__)


def typed_seed(request: Request, seed: Optional[int]) -> Optional[int]:
    """Returns the seed to set on the typed `seed` field, or None to leave it to the JSON: the
    `seed` argument when given, else a mapping's top-level "seed" when it is an integer (or a
    string of digits, protobuf's JSON form of a uint64) in 0 .. 2**64 - 1. A JSON reader that
    keeps numbers as doubles loses integers above 2**53; the typed field carries all 64 bits,
    whichever way the caller passed the seed.

    Errors: ValueError if the `seed` argument is not an integer in 0 .. 2**64 - 1.
    Thread safety: pure function.
    """
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < _UINT64_LIMIT:
            raise ValueError("seed must be an integer in [0, 2**64 - 1]; got %r" % (seed,))
        return seed
    if not isinstance(request, Mapping):
        return None
    value = request.get("seed")
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < _UINT64_LIMIT:
        return value
    return None


class StoriClient:
    """One channel to stori-server (or, with round_robin, to every address a `dns:///` target
    resolves to), with retries of UNAVAILABLE and RESOURCE_EXHAUSTED, keepalive and the
    server's message-size limits (stori_client.channel).

    target: "host:port", or "dns:///stori.<namespace>.svc.cluster.local:50051" with
      round_robin=True for a headless Kubernetes Service.
    timeout_s: default deadline of each call in seconds (> 0); a song's stream shares one.
    secure / root_certificates: TLS (PEM bytes; None: the system roots).
    private_key / certificate_chain: PEM bytes of a client certificate and its key, for a server
      started with --tls_client_ca_file (mutual TLS); both or neither, only with secure=True.
    bearer_token: sent as "authorization: Bearer <token>" on every call (on a plain-text
      channel too, where it travels unencrypted: use that only inside a trusted network); the
      health check needs none.
    max_attempts: attempts per call including the first, 1 .. 5.
    options: extra gRPC channel options, appended after the client's own.

    Errors (every call): StoriError or its subclasses InvalidRequestError (with the field
    violations), OverloadedError, DeadlineExceededError, UnavailableError (also a refused TLS
    handshake), UnauthenticatedError (a missing or wrong bearer token); ValueError / TypeError
    for arguments the client cannot send.
    Thread safety: thread-safe; share one client per process (it holds one channel). close()
    ends calls in flight.
    """

    def __init__(self, target: str = "localhost:50051", *, timeout_s: float = 60.0,
                 secure: bool = False, root_certificates: Optional[bytes] = None,
                 private_key: Optional[bytes] = None,
                 certificate_chain: Optional[bytes] = None,
                 bearer_token: Optional[str] = None, round_robin: bool = False,
                 max_attempts: int = channel_config.MAX_ATTEMPTS, options=None):
        if not timeout_s > 0:
            raise ValueError("timeout_s must be > 0; got %r" % (timeout_s,))
        self._pb = stubs.load()
        self._timeout_s = float(timeout_s)
        channel_options = channel_config.channel_options(round_robin, max_attempts, options)
        if (private_key is None) != (certificate_chain is None):
            raise ValueError("private_key and certificate_chain go together (mutual TLS)")
        if private_key is not None and not secure:
            raise ValueError("a client certificate needs secure=True")
        if secure:
            credentials = grpc.ssl_channel_credentials(root_certificates, private_key,
                                                       certificate_chain)
            self._channel = grpc.secure_channel(target, credentials, channel_options)
        else:
            self._channel = grpc.insecure_channel(target, channel_options)
        self._metadata = (("authorization", "Bearer " + bearer_token),) if bearer_token else ()
        self._stub = self._pb.service_pb2_grpc.GenerationServiceStub(self._channel)
        self.target = target

    # --- lifecycle ---
    def close(self) -> None:
        """Closes the channel; calls in flight end with CANCELLED."""
        self._channel.close()

    def __enter__(self) -> "StoriClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def is_serving(self, timeout_s: float = 2.0) -> bool:
        """Returns True when the server's health check reports SERVING for the generation
        service (model loaded and warmed); False when NOT_SERVING or unreachable.
        Thread safety: thread-safe."""
        try:
            return health.check(self._channel, channel_config.SERVICE_NAME,
                                timeout_s) == health.SERVING
        except grpc.RpcError:
            return False

    def wait_until_serving(self, timeout_s: float = 60.0, poll_s: float = 0.25) -> None:
        """Polls the health check every poll_s seconds until SERVING.

        Errors: TimeoutError if it is not SERVING within timeout_s seconds.
        Thread safety: thread-safe.
        """
        deadline = time.monotonic() + timeout_s
        while True:
            left = deadline - time.monotonic()
            if self.is_serving(timeout_s=max(0.05, min(2.0, left))):
                return
            if time.monotonic() + poll_s > deadline:
                raise TimeoutError("%s not SERVING after %.1f s" % (self.target, timeout_s))
            time.sleep(poll_s)

    # --- the three RPCs ---
    def generate_section(self, request: Request, *, seed: Optional[int] = None,
                         section_index: Optional[int] = None,
                         timeout_s: Optional[float] = None) -> SectionResult:
        """Generates one section.

        request: Stori's flat request ({"genre", "tempo", "instruments", "bars", ...}) or an RMS
          under "rms" with "section_index", as a dict or JSON text (see the module docstring).
        seed: 0 .. 2**64 - 1, set on the typed field (else the JSON's "seed", else the server
          draws one; SectionResult.seed_used says which).
        section_index: set on the typed field when > 0 (overrides the JSON's).
        timeout_s: this call's deadline in seconds; None: the client's.
        Returns the SectionResult. Errors and thread safety: as the class.
        """
        message = self._pb.service_pb2.GenerateSectionRequest(request_json=request_json(request))
        self._set_common(message, request, seed, section_index)
        response = self._unary(self._stub.GenerateSection, message, timeout_s)
        return SectionResult(response.result)

    def generate_song(self, request: Request, *, seed: Optional[int] = None,
                      timeout_s: Optional[float] = None,
                      on_progress: Optional[Callable[[dict], None]] = None
                      ) -> Iterator[SectionResult]:
        """Generates every section of an RMS ({"rms": {...}, "quality_preset": ...}), streamed.

        Returns an iterator over finished sections in song order; the call starts at once.
        Progress messages go to on_progress as {"section_index", "sections_total",
        "sections_done", "stage"} ("queued", "generating", "refining", "done"), from the
        iterating thread; without on_progress they are skipped. Leaving the loop early (break,
        an exception, or dropping the iterator) cancels the stream and the server's work.
        timeout_s is the deadline of the whole stream. Errors: raised by the iterator, as the
        class. Thread safety: the iterator belongs to one thread.
        """
        message = self._pb.service_pb2.GenerateSongRequest(request_json=request_json(request))
        self._set_common(message, request, seed, None)
        call = self._stub.GenerateSong(message, timeout=self._timeout(timeout_s),
                                       metadata=self._metadata)
        return self._song_sections(call, on_progress)

    def refine_section(self, request: Request, prior_result, *, command: Optional[str] = None,
                       emotion_delta: Optional[Mapping] = None,
                       target_track_ids: Optional[Iterable[str]] = None,
                       seed: Optional[int] = None, section_index: Optional[int] = None,
                       timeout_s: Optional[float] = None) -> SectionResult:
        """Regenerates a section generated before, with a changed emotion.

        request: what prior_result was generated from (the same flat request or RMS).
        prior_result: the SectionResult (or its proto) that generate_section returned.
        command: a refinement command ("make it sadder", "more intense", "calmer",
          "more intimate", "more driving", "brighter", "more tension", "resolve it").
        emotion_delta: {"energy": -1..1, "valence": -2..2, "tension", "intimacy", "motion":
          -1..1}, any subset; adds to the command's delta. At least one of the two is required.
        target_track_ids: tracks to regenerate (a flat request's are its instrument entries);
          None: all. Tracks not named come back note for note.
        seed, section_index, timeout_s: as generate_section.
        Returns the refined SectionResult; its emotion_vector is the prior one plus the delta,
        clamped. Errors and thread safety: as the class (TypeError for a prior_result that is
        not a SectionResult).
        """
        pb = self._pb
        message = pb.service_pb2.RefineSectionRequest(request_json=request_json(request))
        self._set_common(message, request, seed, section_index)
        prior = prior_result.proto if isinstance(prior_result, SectionResult) else prior_result
        if not isinstance(prior, pb.result_pb2.SectionResult):
            raise TypeError("prior_result must be a SectionResult; got %s"
                            % type(prior_result).__name__)
        message.prior_result.CopyFrom(prior)
        if command:
            message.refinement_command = command
        if emotion_delta:
            message.emotion_delta.CopyFrom(pb.emotion_pb2.EmotionDelta(**dict(emotion_delta)))
        if target_track_ids:
            message.target_track_ids.extend(list(target_track_ids))
        response = self._unary(self._stub.RefineSection, message, timeout_s)
        applied = (response.applied_emotion_vector
                   if response.HasField("applied_emotion_vector") and
                   not response.result.HasField("emotion_vector") else None)
        return SectionResult(response.result, applied_emotion_vector=applied)

    # --- internals ---
    def _timeout(self, timeout_s: Optional[float]) -> float:
        value = self._timeout_s if timeout_s is None else float(timeout_s)
        if not value > 0:
            raise ValueError("timeout_s must be > 0; got %r" % (timeout_s,))
        return value

    @staticmethod
    def _set_common(message, request: Request, seed: Optional[int],
                    section_index: Optional[int]) -> None:
        value = typed_seed(request, seed)
        if value is not None:
            message.seed = value
        if section_index:
            message.section_index = section_index

    def _unary(self, method, message, timeout_s: Optional[float]):
        try:
            return method(message, timeout=self._timeout(timeout_s), metadata=self._metadata)
        except grpc.RpcError as error:
            raise errors.from_rpc_error(error) from error

    def _song_sections(self, call, on_progress) -> Iterator[SectionResult]:
        stage_enum = self._pb.service_pb2.SongStage
        try:
            for message in call:
                if message.HasField("section"):
                    yield SectionResult(message.section)
                elif on_progress is not None and message.HasField("progress"):
                    p = message.progress
                    on_progress({"section_index": int(p.section_index),
                                 "sections_total": int(p.sections_total),
                                 "sections_done": int(p.sections_done),
                                 "stage": stage_enum.Name(p.stage)[len("SONG_STAGE_"):].lower()})
        except grpc.RpcError as error:
            raise errors.from_rpc_error(error) from error
        finally:
            call.cancel()  # no-op once the stream has ended; stops the server's work otherwise

