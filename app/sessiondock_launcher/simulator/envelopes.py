"""JSON envelopes, documented errors and request-body validation for the simulator.

Success bodies are ``{"data": ...}`` (lists add ``meta``); errors are
``{"error": {"status", "code", "message"}}`` with the codes and messages of the Local API docs.
"""

from __future__ import annotations

import json
import logging
import math
from typing import Any

from starlette.responses import Response
from starlette.types import Scope

__all__ = [
    "API_PREFIX",
    "ApiError",
    "data_response",
    "error_response",
    "json_response",
    "origin_of",
    "parse_json_body",
    "require_object",
    "string_field",
    "string_list_field",
]

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"

MSG_UNAUTHORIZED = "Provide Authorization: Bearer <token>."
MSG_READ_ONLY = "Enable Full Automation to perform this action."
MSG_DISABLED = "The Local API is disabled in SessionDock Settings."
MSG_NOT_FOUND = "session not found"
MSG_INVALID_JSON = "Request body must be valid JSON."
MSG_OPEN_FAILED = "Session project path is unavailable."
MSG_FOCUS_FAILED = "main window unavailable"
MSG_FOCUS_UNAVAILABLE = "Session focus is unavailable."
MSG_WAVEFORM_NOTES_UNAVAILABLE = "Waveform notes service is unavailable in the current runtime."


class ApiError(Exception):
    """An error the simulator answers with the documented error envelope."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message

    @classmethod
    def invalid(cls, message: str = MSG_INVALID_JSON) -> ApiError:
        return cls(400, "invalid_json", message)

    @classmethod
    def not_found(cls, message: str = MSG_NOT_FOUND) -> ApiError:
        return cls(404, "not_found", message)


def json_response(
    payload: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    # ensure_ascii: a lone surrogate a client sent (valid as a JSON escape) is echoed back as an
    # escape too, instead of failing to encode as UTF-8 (a 500).
    body = json.dumps(payload, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    return Response(
        body.encode("utf-8"), status_code=status, media_type="application/json", headers=headers
    )


def data_response(data: Any, status: int = 200, **extra: Any) -> Response:
    return json_response({"data": data, **extra}, status)


def error_response(error: ApiError, headers: dict[str, str] | None = None) -> Response:
    payload = {"error": {"status": error.status, "code": error.code, "message": error.message}}
    return json_response(payload, error.status, headers)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_json_body(raw: bytes) -> Any:
    """Parse a request body strictly (no NaN/Infinity); raise 400 ``invalid_json`` otherwise."""
    if not raw.strip():
        raise ApiError.invalid()
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ApiError.invalid() from exc
    return value


def require_object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ApiError.invalid("Request body must be a JSON object.")
    return value


def string_field(body: dict[str, Any], name: str) -> str | None:
    """Return ``body[name]`` if present; raise 400 unless it is a string."""
    if name not in body:
        return None
    value = body[name]
    if not isinstance(value, str):
        raise ApiError.invalid(f"{name} must be a string.")
    return value


def string_list_field(body: dict[str, Any], name: str) -> list[str] | None:
    """Return ``body[name]`` de-duplicated (order kept) if present; 400 unless a list of strings."""
    if name not in body:
        return None
    value = body[name]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ApiError.invalid(f"{name} must be an array of strings.")
    return list(dict.fromkeys(value))


def finite_number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ApiError.invalid(f"{name} must be a finite number.")
    return float(value)


def origin_of(scope: Scope) -> str:
    """``http://host:port`` the client reached (the bound address, or Host for a wildcard bind)."""
    server = scope.get("server")
    if server and server[0] not in ("0.0.0.0", "::", ""):
        host, port = server
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}"
    for name, value in scope.get("headers", ()):
        if name == b"host":
            host_header: bytes = value
            return "http://" + host_header.decode("latin-1")
    return "http://127.0.0.1"
