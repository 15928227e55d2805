"""The real simulator, with chosen pages of ``GET /sessions`` failing a chosen number of times.

The simulator's own faults (``error_rate``, ``malformed_rate``) are random per request, health
checks included, so which page fails cannot be chosen. :func:`serve_with_page_faults` wraps the
simulator's ASGI app: a ``GET /api/v1/sessions`` at a listed offset is answered with the
simulator's own HTML 500 page (logged in its request log like any answer, status 500), or its
JSON body cut in half (``truncate=True``, as ``malformed_rate`` does), while that offset still has
failures left. Everything else is the simulator, untouched.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs

import pytest

from sessiondock_launcher.simulator import runner
from sessiondock_launcher.simulator.envelopes import API_PREFIX
from sessiondock_launcher.simulator.server import _ERROR_PAGE, create_app
from sessiondock_launcher.simulator.state import SimulatorState

SESSIONS_PATH = API_PREFIX + "/sessions"


class PageFaults:
    """ASGI middleware: fail ``GET /sessions?offset=N`` ``failures[N]`` times, then serve it.

    ``failures`` maps offsets to how many times each fails (a large number: always).
    """

    def __init__(
        self, app: Any, state: SimulatorState, failures: Mapping[int, int], *, truncate: bool
    ) -> None:
        self.app = app
        self.state = state
        self.left = dict(failures)
        self.truncate = truncate
        self.failed: list[int] = []
        self._lock = threading.Lock()

    def _take(self, scope: Mapping[str, Any]) -> int | None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != SESSIONS_PATH:
            return None
        query = parse_qs(scope.get("query_string", b"").decode())
        offset = int(query.get("offset", ["0"])[0])
        with self._lock:
            if self.left.get(offset, 0) <= 0:
                return None
            self.left[offset] -= 1
            self.failed.append(offset)
        return offset

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        offset = self._take(scope)
        if offset is None:
            await self.app(scope, receive, send)
        elif self.truncate:
            await self.app(scope, receive, _Truncating(send))
        else:
            await self._error_page(scope, send)

    async def _error_page(self, scope: Mapping[str, Any], send: Any) -> None:
        body = _ERROR_PAGE.encode()
        self.state.record(
            {
                "method": "GET",
                "path": scope["path"],
                "query": parse_qs(scope.get("query_string", b"").decode()),
                "body": None,
                "status": 500,
                "at": self.state.now_iso(),
                "authorized": True,
            }
        )
        headers = [(b"content-type", b"text/html; charset=utf-8")]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 500, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class _Truncating:
    """Sends the first half of the body only (without a content-length, like the simulator's
    ``malformed_rate``): a complete HTTP answer whose JSON is cut off."""

    def __init__(self, send: Any) -> None:
        self._send = send
        self._body = b""

    async def __call__(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message["headers"] if k.lower() != b"content-length"]
            self._start = {**message, "headers": headers}
            return
        self._body += message.get("body", b"")
        if not message.get("more_body", False):
            await self._send(self._start)
            cut = self._body[: max(1, len(self._body) // 2)]
            await self._send({"type": "http.response.body", "body": cut})


@contextmanager
def serve_with_page_faults(
    monkeypatch: pytest.MonkeyPatch,
    failures: Mapping[int, int],
    *,
    truncate: bool = False,
) -> Iterator[list[PageFaults]]:
    """Simulators started (``SimulatorThread``) inside this block serve through
    :class:`PageFaults`; the yielded list holds the middleware of each (``failed``: offsets
    failed, in order)."""
    made: list[PageFaults] = []

    def faulty_app(state: SimulatorState) -> Any:
        middleware = PageFaults(create_app(state), state, failures, truncate=truncate)
        made.append(middleware)
        return middleware

    with monkeypatch.context() as patch:
        patch.setattr(runner, "create_app", faulty_app)
        yield made


def session_requests(state: SimulatorState) -> list[tuple[int, int]]:
    """``(offset, status)`` of every ``GET /sessions`` with an ``offset`` (a listing's pages, not
    the cheap check's first page) in the simulator's request log."""
    return [
        (int(r["query"]["offset"][0]), r["status"])
        for r in state.request_log()
        if r["method"] == "GET" and r["path"] == SESSIONS_PATH and "offset" in r["query"]
    ]
