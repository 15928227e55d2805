"""Paging through GET /sessions against the simulator when it caps ``limit``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sessiondock_launcher.api import SessionDockClient
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread

pytestmark = pytest.mark.asyncio

StartSimulator = Callable[..., SimulatorThread]
MakeClient = Callable[..., SessionDockClient]


def _list_requests(sim: SimulatorThread) -> list[dict[str, Any]]:
    return [
        r
        for r in sim.state.request_log()
        if r["method"] == "GET" and r["path"] == "/api/v1/sessions"
    ]


async def test_capped_paging_returns_all_1050_sessions_exactly_once(
    start_simulator: StartSimulator, make_client: MakeClient
) -> None:
    sim = start_simulator(size=1050, limit_cap=100)
    client = make_client(sim)

    first = await client.list_sessions(limit=500)
    assert (len(first.sessions), first.limit, first.total) == (100, 100, 1050)

    sim.state.clear_requests()
    pages = [page async for page in client.iter_pages(page_size=500)]
    ids = [s.id for page in pages for s in page.sessions]

    assert len(ids) == 1050
    assert len(set(ids)) == 1050
    assert set(ids) == {f"session_{n}" for n in range(1, 1051)}
    assert [p.offset for p in pages] == list(range(0, 1050, 100))
    assert all(p.total == 1050 and p.limit == 100 for p in pages)
    # The client asked for 500 each time and advanced by what it received (100), stopping at
    # meta.total without an extra request for an empty page.
    requests = _list_requests(sim)
    assert [r["query"]["offset"] for r in requests] == [[str(o)] for o in range(0, 1050, 100)]
    assert all(r["query"]["limit"] == ["500"] and r["status"] == 200 for r in requests)


async def test_capped_paging_keeps_server_order_and_filters(
    start_simulator: StartSimulator, make_client: MakeClient
) -> None:
    library = generate_library(1050)
    sim = start_simulator(sessions=library, limit_cap=100)
    client = make_client(sim)

    titles = [s.id async for s in client.iter_sessions(sort="title", page_size=250)]
    expected = sorted(library, key=lambda s: (s["title"].casefold(), s["id"]))
    assert titles == [s["id"] for s in expected]

    ableton = [s.id async for s in client.iter_sessions(kind="Ableton", page_size=1000)]
    expected_ids = {s["id"] for s in library if s["kind"] == "Ableton"}
    assert len(ableton) == len(expected_ids) > 100  # really needed several capped pages
    assert set(ableton) == expected_ids
    kind_queries = [r["query"] for r in _list_requests(sim) if "kind" in r["query"]]
    assert all(q["kind"] == ["Ableton"] and q["limit"] == ["1000"] for q in kind_queries)
    assert len(kind_queries) == -(-len(expected_ids) // 100)
