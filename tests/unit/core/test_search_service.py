"""The search service: what a query searches and which answer reaches the screen (no Qt)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest
from tests.support.service_fakes import FakeSessionDock, FakeSource, session_json, spawn

from sessiondock_launcher.api import Session
from sessiondock_launcher.core import SessionIndex
from sessiondock_launcher.core.search import ResultSet, SearchService

pytestmark = pytest.mark.asyncio


def page(*sessions: dict[str, object], total: int | None = None) -> httpx.Response:
    meta = {"total": len(sessions) if total is None else total, "limit": 50, "offset": 0}
    return httpx.Response(200, json={"data": list(sessions), "meta": meta})


def service(
    source: FakeSource, index: SessionIndex | None = None
) -> tuple[SearchService, list[ResultSet]]:
    seen: list[ResultSet] = []
    svc = SearchService(index or SessionIndex(), source, spawn, seen.append, debounce_s=0)
    return svc, seen


async def until(condition: Callable[[], bool], within_s: float = 2.0) -> None:
    deadline = asyncio.get_running_loop().time() + within_s
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.005)


async def test_synced_library_answers_at_once_from_the_index_tagged_with_the_text() -> None:
    api = FakeSessionDock(lambda _r: page())
    index = SessionIndex([Session(id="1", title="Midnight"), Session(id="2", title="Dawn")])
    svc, seen = service(FakeSource(api.client(), library_ready=True), index)
    svc.search("midn")
    assert [(r.text, r.source, [m.session.id for m in r.matches]) for r in seen] == [
        ("midn", "index", ["1"])
    ]
    assert api.requests == []  # no network round trip per key


async def test_before_the_first_sync_the_server_q_answers() -> None:
    api = FakeSessionDock(lambda _r: page(session_json("7", "Midnight")))
    svc, seen = service(FakeSource(api.client(), library_ready=False))
    svc.search("midn")
    await until(lambda: bool(seen))
    assert seen[0].text == "midn" and seen[0].source == "server"
    assert [m.session.id for m in seen[0].matches] == ["7"]
    assert api.requests[0].url.params["q"] == "midn"


async def test_one_request_in_flight_and_a_superseded_answer_never_shows() -> None:
    release = asyncio.Event()
    in_flight = 0
    most = 0

    async def slow(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        try:
            await release.wait()
            return page(session_json("x", request.url.params["q"]))
        finally:
            in_flight -= 1

    api = FakeSessionDock(slow)
    svc, seen = service(FakeSource(api.client(), library_ready=False))
    svc.search("mi")
    await until(lambda: len(api.requests) == 1)
    svc.search("mid")
    await until(lambda: len(api.requests) == 2)
    assert svc.waiting
    release.set()
    await until(lambda: bool(seen))
    await asyncio.sleep(0.05)
    assert most == 1
    assert [r.text for r in seen] == ["mid"]
    assert not svc.waiting


async def test_a_late_answer_for_an_older_text_is_dropped_even_if_not_cancelled() -> None:
    api = FakeSessionDock(lambda _r: page(session_json("1", "Midnight")))
    svc, _ = service(FakeSource(api.client(), library_ready=False))
    svc.search("new text")
    late = await svc.server_results("old text")
    assert late is not None and not svc.answers_current(late)


async def test_status_filter_applies_to_server_answers() -> None:
    api = FakeSessionDock(
        lambda _r: page(
            session_json("1", "A", status="mixing"), session_json("2", "B", status="draft")
        )
    )
    svc, seen = service(FakeSource(api.client(), library_ready=False))
    svc.search("status:mixing")
    await until(lambda: bool(seen))
    assert [m.session.id for m in seen[0].matches] == ["1"]


async def test_a_failed_server_search_tells_the_link_and_shows_nothing() -> None:
    api = FakeSessionDock(lambda _r: httpx.Response(500, json={"error": {"code": "internal"}}))
    source = FakeSource(api.client(), library_ready=False)
    svc, seen = service(source)
    svc.search("x")
    await until(lambda: bool(source.failures))
    await asyncio.sleep(0.02)
    assert seen == []


async def test_no_client_no_request() -> None:
    svc, seen = service(FakeSource(None, library_ready=False))
    svc.search("x")
    await asyncio.sleep(0.02)
    assert seen == [] and not svc.waiting


async def test_a_failed_search_for_the_current_text_is_reported_and_no_answer_is_coming() -> None:
    api = FakeSessionDock(lambda _r: httpx.Response(503, json={"error": {"code": "x"}}))
    failed: list[str] = []
    svc = SearchService(
        SessionIndex(),
        FakeSource(api.client(), library_ready=False),
        spawn,
        lambda _r: None,
        failed=failed.append,
        debounce_s=0,
    )
    svc.search("mid")
    assert svc.answer_coming("mid") and not svc.answer_coming("other")
    await until(lambda: bool(failed))
    assert failed == ["mid"] and not svc.answer_coming("mid")
