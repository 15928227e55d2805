"""The error tree: every documented error code has a typed exception, and mapping rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sessiondock_launcher import api
from sessiondock_launcher.api import errors
from sessiondock_launcher.api.errors import (
    ERROR_CODES,
    ApiError,
    FocusFailed,
    FocusUnavailable,
    InvalidRequest,
    NotFound,
    OpenFailed,
    ReadOnly,
    ServerError,
    ServiceUnavailable,
    SessionDockError,
    Unauthorized,
    UnknownApiError,
)

API_DOC = Path(__file__).resolve().parents[3].parent / "shared" / "sessiondock-api.md"

# Used when the shared docs are not next to the repository (e.g. a CI checkout of the repo alone).
FALLBACK_CODES = {
    "invalid_json": 400,
    "open_failed": 400,
    "focus_failed": 400,
    "unauthorized": 401,
    "read_only": 403,
    "not_found": 404,
    "focus_unavailable": 501,
}


def documented_codes() -> dict[str, int]:
    """``code -> HTTP status`` from the "Error codes seen in the docs" table."""
    if not API_DOC.is_file():
        return dict(FALLBACK_CODES)
    text = API_DOC.read_text(encoding="utf-8")
    section = text.split("### Error codes seen in the docs", 1)[1]
    section = re.split(r"\n#{2,3} |\n---", section, maxsplit=1)[0]
    codes: dict[str, int] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or not cells[0][:3].isdigit():
            continue
        match = re.match(r"`([a-z_]+)`", cells[1])
        if match:
            codes[match.group(1)] = int(cells[0][:3])
    assert codes, f"no error codes parsed from {API_DOC}"
    return codes


def test_doc_table_parses_to_the_known_codes() -> None:
    # Guards the parser itself: it must find at least the codes known when this was written.
    assert set(FALLBACK_CODES) <= set(documented_codes())


@pytest.mark.parametrize("code", sorted(documented_codes()))
def test_every_documented_code_has_a_mapping(code: str) -> None:
    assert code in ERROR_CODES, f"documented error code {code!r} has no exception in ERROR_CODES"
    cls = ERROR_CODES[code]
    assert issubclass(cls, ApiError)
    assert cls is not UnknownApiError
    status = documented_codes()[code]
    exc = ApiError.from_response(status, code, "some message")
    assert type(exc) is cls
    assert (exc.status, exc.code, exc.message) == (status, code, "some message")


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        ("invalid_json", InvalidRequest),
        ("open_failed", OpenFailed),
        ("focus_failed", FocusFailed),
        ("unauthorized", Unauthorized),
        ("read_only", ReadOnly),
        ("not_found", NotFound),
        ("focus_unavailable", FocusUnavailable),
    ],
)
def test_error_code_classes(code: str, cls: type[ApiError]) -> None:
    assert ERROR_CODES[code] is cls


def test_focus_unavailable_is_a_service_unavailable() -> None:
    assert issubclass(FocusUnavailable, ServiceUnavailable)


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (401, "", Unauthorized),
        (404, "", NotFound),
        (501, "", ServiceUnavailable),
        (501, "waveform_notes_unavailable", ServiceUnavailable),
        (500, "", ServerError),
        (503, "whatever", ServerError),
        (403, "", UnknownApiError),
        (409, "conflict", UnknownApiError),
        (400, "validation_failed", UnknownApiError),
        # A documented code wins over the status.
        (400, "read_only", ReadOnly),
    ],
)
def test_unknown_code_or_no_envelope_maps_by_status(
    status: int, code: str, cls: type[ApiError]
) -> None:
    exc = ApiError.from_response(status, code, "msg")
    assert type(exc) is cls
    assert (exc.status, exc.code, exc.message) == (status, code, "msg")


def test_unknown_api_error_keeps_details_in_text() -> None:
    exc = ApiError.from_response(409, "conflict", "Already exists")
    assert str(exc) == "Already exists (HTTP 409, conflict)"
    assert "Already exists" in exc.user_message


def _all_error_classes() -> list[type[SessionDockError]]:
    found: list[type[SessionDockError]] = []
    pending: list[type[SessionDockError]] = [SessionDockError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def test_every_error_class_is_exported_and_documented() -> None:
    for cls in _all_error_classes():
        assert cls.__name__ in errors.__all__
        assert cls.__name__ in api.__all__
        assert getattr(api, cls.__name__) is cls
        assert cls.__doc__
        # The module docstring draws the tree; every class must be in it.
        assert errors.__doc__ is not None and cls.__name__ in errors.__doc__


@pytest.mark.parametrize(
    ("exc", "needle"),
    [
        (ApiError.from_response(401, "unauthorized", "x"), "update it in Settings"),
        (ApiError.from_response(403, "read_only", "x"), "Full Automation"),
        (ApiError.from_response(501, "focus_unavailable", "x"), "Open instead"),
        (ApiError.from_response(400, "focus_failed", "main window unavailable"), "Open instead"),
        (ApiError.from_response(400, "open_failed", "path gone"), "path gone"),
        (ApiError.from_response(500, "", "x"), "restart SessionDock"),
        (errors.NotRunning("http://127.0.0.1:18432"), "isn't running"),
        (errors.MissingToken(), "Settings"),
        (errors.InvalidBaseUrl("ftp://x", "bad scheme"), "127.0.0.1:18432"),
    ],
)
def test_user_messages_say_what_to_do(exc: SessionDockError, needle: str) -> None:
    assert needle in exc.user_message
    assert "Traceback" not in exc.user_message


def test_error_codes_mapping_is_read_only() -> None:
    with pytest.raises(TypeError):
        ERROR_CODES["new"] = UnknownApiError  # type: ignore[index]
