"""stori_client: Python client of the Stori generation service (stori.generation.v1).

    from stori_client import StoriClient
    with StoriClient("localhost:50051") as client:
        result = client.generate_section(
            {"genre": "boom_bap", "tempo": 90, "instruments": ["drums"], "bars": 4})
        notes = result.notes_by_role()["drums"]   # [{"pitch", "start_beat", "startBeat", ...}]

Stubs: stori_client.stubs (generated from proto/, never committed). Usage, retries and
keepalive: clients/python/README.md.
"""
from stori_client.client import StoriClient, request_json, typed_seed
from stori_client.errors import (DeadlineExceededError, FieldViolation, InvalidRequestError,
                                 OverloadedError, StoriError, UnauthenticatedError,
                                 UnavailableError)
from stori_client.results import SectionResult

__all__ = [
    "DeadlineExceededError", "FieldViolation", "InvalidRequestError", "OverloadedError",
    "SectionResult", "StoriClient", "StoriError", "UnauthenticatedError", "UnavailableError",
    "request_json", "typed_seed",
]
