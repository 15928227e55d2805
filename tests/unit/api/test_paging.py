"""Paging through GET /sessions with capped, shifting, duplicating and stuck servers."""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx
import pytest

from sessiondock_launcher.api import SessionDockClient

pytestmark = pytest.mark.asyncio

TOKEN = "tok-PAGING-5ecret"
BASE = "http://127.0.0.1:18432/api/v1"


class Library:
    """A fake GET /sessions over ``count`` sessions with a server-side ``limit`` cap."""

    def __init__(self, count: int, *, cap: int = 100, default_limit: int = 50) -> None:
        self.ids = [f"s{i:05d}" for i in range(count)]
        self.cap = cap
        self.default_limit = default_limit
        self.calls: list[tuple[int, int, list[tuple[str, str]]]] = []
        self.shift_after_first = 0
        self.ignore_offset = False
        self.total_override: int | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/api/v1/sessions"
        params = request.url.params
        limit = min(int(params.get("limit", self.default_limit)), self.cap)
        offset = 0 if self.ignore_offset else int(params.get("offset", 0))
        filters = [(k, v) for k, v in params.multi_items() if k not in ("limit", "offset")]
        self.calls.append((offset, limit, filters))
        ids = self.ids
        if self.shift_after_first and len(self.calls) > 1:
            # New sessions appeared at the front: everything moved down.
            ids = [f"new{i}" for i in range(self.shift_after_first)] + ids
        page = ids[offset : offset + limit]
        total = len(ids) if self.total_override is None else self.total_override
        body: dict[str, Any] = {
            "data": [{"id": i, "title": f"Session {i}"} for i in page],
            "meta": {"total": total, "limit": limit, "offset": offset},
        }
        return httpx.Response(200, json=body)

    def client(self) -> SessionDockClient:
        return SessionDockClient(BASE, TOKEN, transport=httpx.MockTransport(self))


async def collect(library: Library, **kwargs: Any) -> list[str]:
    async with library.client() as client:
        return [s.id async for s in client.iter_sessions(**kwargs)]


async def test_capped_server_yields_every_session_exactly_once() -> None:
    library = Library(1050, cap=100)
    ids = await collect(library, page_size=500)
    assert ids == library.ids
    assert len(library.calls) == 11
    assert [offset for offset, _, _ in library.calls] == list(range(0, 1050, 100))
    assert all(limit == 100 for _, limit, _ in library.calls)


async def test_iter_pages_reports_meta_and_sends_filters_on_every_page() -> None:
    library = Library(250, cap=100)
    async with library.client() as client:
        pages = [
            p async for p in client.iter_pages(page_size=500, q="mix", tags=["a", "b"], recent=True)
        ]
    assert [len(p.sessions) for p in pages] == [100, 100, 50]
    assert [p.offset for p in pages] == [0, 100, 200]
    assert all(p.total == 250 for p in pages)
    expected = [("q", "mix"), ("tags", "a"), ("tags", "b"), ("recent", "true")]
    assert all(filters == expected for _, _, filters in library.calls)
    assert all(limit == 100 for _, limit, _ in library.calls)


async def test_uncapped_server_uses_page_size() -> None:
    library = Library(1050, cap=10_000)
    assert await collect(library, page_size=500) == library.ids
    assert [(o, n) for o, n, _ in library.calls] == [(0, 500), (500, 500), (1000, 500)]


async def test_exact_multiple_of_page_size_stops_at_total() -> None:
    library = Library(300, cap=100)
    assert await collect(library, page_size=100) == library.ids
    assert len(library.calls) == 3


async def test_empty_library_makes_one_request() -> None:
    library = Library(0)
    assert await collect(library) == []
    assert len(library.calls) == 1


async def test_shifted_pages_do_not_yield_duplicates() -> None:
    library = Library(250, cap=100)
    library.shift_after_first = 30  # 30 new sessions appear after the first page
    ids = await collect(library, page_size=100)
    counts = Counter(ids)
    assert max(counts.values()) == 1
    # Everything that existed from the start was seen.
    assert set(library.ids) <= set(ids)


async def test_server_ignoring_offset_stops_instead_of_looping() -> None:
    library = Library(1000, cap=100)
    library.ignore_offset = True
    ids = await collect(library, page_size=100)
    assert ids == library.ids[:100]
    assert len(library.calls) <= 4


async def test_server_overstating_total_stops_on_empty_page() -> None:
    library = Library(120, cap=50)
    library.total_override = 10_000
    assert await collect(library, page_size=50) == library.ids
    assert [o for o, _, _ in library.calls] == [0, 50, 100, 120]


async def test_server_with_duplicates_inside_pages() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params["offset"])
        rows = [{"id": f"s{(offset + i) // 2}"} for i in range(10)]  # every id twice
        return httpx.Response(200, json={"data": rows, "meta": {"total": 40}})

    async with SessionDockClient(BASE, TOKEN, transport=httpx.MockTransport(handler)) as client:
        ids = [s.id async for s in client.iter_sessions(page_size=10)]
    assert ids == [f"s{i}" for i in range(20)]


async def test_missing_meta_stops_after_first_page() -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json={"data": [{"id": "a"}, {"id": "b"}]})

    async with SessionDockClient(BASE, TOKEN, transport=httpx.MockTransport(handler)) as client:
        assert [s.id async for s in client.iter_sessions()] == ["a", "b"]
    assert len(requests) == 1


async def test_page_size_must_be_positive() -> None:
    library = Library(10)
    async with library.client() as client:
        with pytest.raises(ValueError, match="page_size"):
            _ = [p async for p in client.iter_pages(page_size=0)]
    assert library.calls == []
