"""A failed page of GET /sessions is asked for again (bounded), not the whole listing lost.

Faults come through the client's real transport (``httpx.MockTransport`` answering the way a
sick server does: an HTML 500, a body cut in half, a dropped connection, a timeout), and, at the
end, from the real simulator on a loopback socket.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx
import pytest
from tests.support.page_faults import serve_with_page_faults, session_requests

from sessiondock_launcher.api import (
    ConnectionLost,
    InvalidResponse,
    NotFound,
    RequestTimeout,
    ServerError,
    ServiceUnavailable,
    SessionDockClient,
    SessionDockError,
    Unauthorized,
)
from sessiondock_launcher.api._paging import PAGE_RETRY_DELAYS_S, iter_unique_pages
from sessiondock_launcher.api.models import SessionPage
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState

pytestmark = pytest.mark.asyncio

TOKEN = "tok-RETRY-5ecret"
BASE = "http://127.0.0.1:18432/api/v1"
NO_WAIT = (0.0, 0.0, 0.0)

Fault = Callable[[httpx.Request], httpx.Response]


def _html_500(_request: httpx.Request) -> httpx.Response:
    return httpx.Response(500, html="<html><body>Internal Server Error</body></html>")


def _json_502(_request: httpx.Request) -> httpx.Response:
    body = {"error": {"status": 502, "code": "", "message": "bad gateway"}}
    return httpx.Response(502, json=body)


def _truncated(_request: httpx.Request) -> httpx.Response:
    return httpx.Response(
        200, content=b'{"data": [{"id": "s0', headers={"content-type": "application/json"}
    )


def _dropped(request: httpx.Request) -> httpx.Response:
    raise httpx.RemoteProtocolError("peer closed connection", request=request)


def _timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out", request=request)


def _status(code: int) -> Fault:
    def answer(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(code, json={"error": {"status": code, "code": "", "message": "no"}})

    return answer


class FlakyLibrary:
    """GET /sessions over ``count`` sessions (cap 100); ``faults[offset]`` answers that offset
    while it has entries left (each used once, in order)."""

    def __init__(self, count: int, faults: dict[int, list[Fault]]) -> None:
        self.ids = [f"s{i:04d}" for i in range(count)]
        self.faults = faults
        self.offsets: list[int] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", 0))
        limit = min(int(request.url.params.get("limit", 50)), 100)
        self.offsets.append(offset)
        pending = self.faults.get(offset)
        if pending:
            return pending.pop(0)(request)
        rows = [{"id": i, "title": f"Session {i}"} for i in self.ids[offset : offset + limit]]
        meta = {"total": len(self.ids), "limit": limit, "offset": offset}
        return httpx.Response(200, json={"data": rows, "meta": meta})

    def client(self) -> SessionDockClient:
        return SessionDockClient(BASE, TOKEN, transport=httpx.MockTransport(self))


async def _ids(library: FlakyLibrary, delays: tuple[float, ...] = NO_WAIT) -> list[str]:
    async with library.client() as client:
        return [
            s.id
            async for page in client.iter_pages(page_size=100, retry_delays=delays)
            for s in page.sessions
        ]


@pytest.mark.parametrize(
    "fault", [_html_500, _json_502, _truncated, _dropped, _timeout], ids=lambda f: f.__name__
)
async def test_a_page_that_fails_once_is_asked_again_and_the_listing_completes(
    fault: Fault, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="sessiondock_launcher.api._paging")
    library = FlakyLibrary(450, {200: [fault]})
    assert await _ids(library) == library.ids
    assert library.offsets == [0, 100, 200, 200, 300, 400]
    retries = [r for r in caplog.records if "retry" in r.getMessage()]
    assert len(retries) == 1  # one INFO line per retry
    assert retries[0].levelno == logging.INFO
    assert "offset 200" in retries[0].getMessage()
    assert "retry 1 of 3" in retries[0].getMessage()


async def test_a_page_failing_every_time_fails_the_listing_after_the_bounded_retries() -> None:
    library = FlakyLibrary(450, {100: [_html_500] * 10})
    with pytest.raises(ServerError):
        await _ids(library)
    assert library.offsets == [0, 100, 100, 100, 100]  # the first ask and three retries


async def test_different_faults_in_a_row_still_count_against_one_bound() -> None:
    library = FlakyLibrary(450, {300: [_truncated, _dropped, _html_500, _timeout]})
    with pytest.raises(RequestTimeout):
        await _ids(library)
    assert library.offsets.count(300) == 4


async def test_retries_are_per_page_not_per_listing() -> None:
    """Each page has its own few retries: a listing with a bad answer on every page completes."""
    library = FlakyLibrary(450, {o: [_html_500, _truncated] for o in range(0, 500, 100)})
    assert await _ids(library) == library.ids
    assert len(library.offsets) == 15


@pytest.mark.parametrize(
    ("code", "error"),
    [(401, Unauthorized), (403, SessionDockError), (404, NotFound), (501, ServiceUnavailable)],
)
async def test_answers_that_will_not_change_are_not_retried(
    code: int, error: type[Exception]
) -> None:
    library = FlakyLibrary(450, {100: [_status(code)] * 5})
    with pytest.raises(error):
        await _ids(library)
    assert library.offsets == [0, 100]


async def test_the_waits_between_retries_are_the_backoff_in_order() -> None:
    failures: list[Exception] = [
        ServerError(500, "", "x"),
        InvalidResponse("cut"),
        ConnectionLost("o"),
    ]
    waits: list[float] = []
    asked: list[int] = []

    async def fetch(offset: int, limit: int) -> SessionPage:
        asked.append(offset)
        if failures:
            raise failures.pop(0)
        return SessionPage(sessions=(), total=0, limit=limit, offset=offset)

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    pages = [p async for p in iter_unique_pages(fetch, page_size=10, sleep=sleep)]
    assert pages == []
    assert waits == list(PAGE_RETRY_DELAYS_S)
    assert asked == [0, 0, 0, 0]
    assert PAGE_RETRY_DELAYS_S == (0.5, 1.5, 4.0)


async def test_no_retries_when_none_are_asked_for() -> None:
    library = FlakyLibrary(450, {100: [_html_500]})
    with pytest.raises(ServerError):
        await _ids(library, delays=())
    assert library.offsets == [0, 100]


async def test_against_the_simulator_a_500_page_is_retried_and_logged_by_the_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The real simulator on loopback: its page at offset 400 fails once with its HTML 500;
    every session arrives and the server's request log shows the page asked for twice."""
    state = SimulatorState(SimulatorConfig(token=TOKEN, limit_cap=200), size=1_000)
    with serve_with_page_faults(monkeypatch, {400: 1}), SimulatorThread(state) as sim:
        async with SessionDockClient(sim.base_url, TOKEN) as client:
            pages = client.iter_pages(page_size=200, retry_delays=NO_WAIT)
            ids = [s.id async for page in pages for s in page.sessions]
    assert sorted(ids) == sorted(state.sessions)
    assert len(ids) == 1_000
    assert session_requests(state) == [
        (0, 200), (200, 200), (400, 500), (400, 200), (600, 200), (800, 200)
    ]  # fmt: skip
