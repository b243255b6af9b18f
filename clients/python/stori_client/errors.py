"""Errors the client raises: StoriError, carrying the gRPC status code, the server's message and
the `google.rpc.BadRequest` field violations that stori-server attaches to INVALID_ARGUMENT
(serialized `google.rpc.Status` in the `grpc-status-details-bin` trailing metadata; gRPC's
"Richer error model"). Subclasses by code for the cases a caller handles differently.
"""
from typing import List, NamedTuple, Optional, Sequence, Tuple

import grpc

from stori_client import stubs

STATUS_DETAILS_KEY = "grpc-status-details-bin"


class FieldViolation(NamedTuple):
    """One bad field: `field` is the proto path ("flat.tempo_bpm",
    "rms.sections[2].emotion_vector.tension"), `description` what was wrong and expected."""
    field: str
    description: str


class StoriError(Exception):
    """A failed call. Attributes: `code` (grpc.StatusCode), `message` (the server's text),
    `field_violations` (list of FieldViolation; empty unless the server sent a BadRequest),
    `status` (the decoded google.rpc.Status, or None). `retryable` is True for the codes the
    channel already retried (UNAVAILABLE, RESOURCE_EXHAUSTED): seeing one here means the
    retries ran out."""

    def __init__(self, code: grpc.StatusCode, message: str,
                 field_violations: Sequence[FieldViolation] = (), status=None):
        self.code = code
        self.message = message
        self.field_violations: List[FieldViolation] = list(field_violations)
        self.status = status
        text = "%s: %s" % (code.name, message)
        if self.field_violations:
            text += "".join("\n  %s: %s" % v for v in self.field_violations)
        super().__init__(text)

    @property
    def retryable(self) -> bool:
        return self.code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.RESOURCE_EXHAUSTED)


class InvalidRequestError(StoriError):
    """INVALID_ARGUMENT: the request breaks the contract; `field_violations` names every field."""


class OverloadedError(StoriError):
    """RESOURCE_EXHAUSTED: the server (or every replica tried) was at its limit of requests in
    flight, after the channel's retries."""


class DeadlineExceededError(StoriError):
    """DEADLINE_EXCEEDED: the call's timeout passed; the server stopped the work."""


class UnavailableError(StoriError):
    """UNAVAILABLE: no server could be reached, after the channel's retries."""


class UnauthenticatedError(StoriError):
    """UNAUTHENTICATED: the server asks for a bearer token (--auth_token_file) and the call's
    was missing or wrong; not retried. The message never contains a token."""


_BY_CODE = {
    grpc.StatusCode.INVALID_ARGUMENT: InvalidRequestError,
    grpc.StatusCode.RESOURCE_EXHAUSTED: OverloadedError,
    grpc.StatusCode.DEADLINE_EXCEEDED: DeadlineExceededError,
    grpc.StatusCode.UNAVAILABLE: UnavailableError,
    grpc.StatusCode.UNAUTHENTICATED: UnauthenticatedError,
}


def decode_status_details(trailing_metadata) -> Tuple[Optional[object], List[FieldViolation]]:
    """Returns (google.rpc.Status or None, field violations) from a call's trailing metadata
    (a sequence of (key, value) pairs, as grpc.Call.trailing_metadata() gives). Violations come
    from every `google.rpc.BadRequest` packed in the status details, in order; other detail
    types are skipped. Undecodable bytes give (None, []): the error is still raised, only
    without violations.

    Thread safety: pure function.
    """
    pb = stubs.load()
    for key, value in trailing_metadata or ():
        if key != STATUS_DETAILS_KEY:
            continue
        status = pb.status_pb2.Status()
        try:
            status.ParseFromString(value)
        except Exception:  # protobuf's DecodeError; a corrupt trailer must not hide the error
            return None, []
        violations = []
        for detail in status.details:
            if detail.Is(pb.error_details_pb2.BadRequest.DESCRIPTOR):
                bad_request = pb.error_details_pb2.BadRequest()
                detail.Unpack(bad_request)
                violations += [FieldViolation(v.field, v.description)
                               for v in bad_request.field_violations]
        return status, violations
    return None, []


def from_rpc_error(error: grpc.RpcError) -> StoriError:
    """Returns the StoriError (subclass by code) for a grpc.RpcError raised by a call.

    Thread safety: pure function.
    """
    code = error.code() if hasattr(error, "code") else grpc.StatusCode.UNKNOWN
    message = error.details() if hasattr(error, "details") else str(error)
    metadata = error.trailing_metadata() if hasattr(error, "trailing_metadata") else None
    status, violations = decode_status_details(metadata)
    return _BY_CODE.get(code, StoriError)(code, message or "", violations, status)
