"""A page built in loop steps is the page built in one go, and the loop runs between the steps."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from sessiondock_launcher.api import SessionDockClient
from sessiondock_launcher.api._wire import session_page, session_page_steps
from sessiondock_launcher.simulator.library import generate_library

pytestmark = pytest.mark.asyncio

ORIGIN = "http://127.0.0.1:18432"
TOKEN = "tok-STEPS-5ecret"

ODD_ITEMS: list[Any] = [
    {
        "id": "a",
        "title": "First",
        "tags": ["mix", "mix", " "],
        "lastOpened": "2026-01-02T03:04:05Z",
    },
    {"title": "no id: skipped"},
    None,
    "not an object",
    {"id": "b", "title": 7, "previewUrl": "/api/v1/_assets/b.png", "unknown": {"x": [1]}},
    {"id": "a", "title": "duplicate id, kept as the server sent it"},
    {"id": "c", "previews": [{"id": "p", "name": "Mix"}, "junk"], "preferredPreviewId": "p"},
]

ENVELOPES: list[Any] = [
    {"data": generate_library(120, 5, datetime(2026, 12, 1, tzinfo=UTC)), "meta": {"total": 999}},
    {"data": ODD_ITEMS, "meta": {"total": 3, "limit": 2}},
    {"data": ODD_ITEMS},  # no meta: total = offset + received
    {"data": "not a list", "meta": {"total": -1, "limit": True}},
    {"data": []},
    None,
]


@pytest.mark.parametrize("envelope", ENVELOPES)
@pytest.mark.parametrize("step", [1, 3, 25, 1000])
async def test_same_page_as_built_in_one_go(envelope: Any, step: int) -> None:
    expected = session_page(envelope, origin=ORIGIN, limit=50, offset=40)
    built = await session_page_steps(envelope, origin=ORIGIN, limit=50, offset=40, step=step)
    assert built == expected


async def test_the_loop_runs_between_steps() -> None:
    envelope = {"data": generate_library(100, 9, datetime(2026, 12, 1, tzinfo=UTC))}
    ticks = 0
    done = False

    async def ticker() -> None:
        nonlocal ticks
        while not done:
            ticks += 1
            await asyncio.sleep(0)

    beat = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    before = ticks
    page = await session_page_steps(envelope, origin=ORIGIN, limit=None, offset=0, step=10)
    during = ticks - before
    done = True
    await beat
    assert len(page.sessions) == 100
    assert during >= 9  # one loop turn between each of the ten steps


async def test_the_client_pages_through_step_built_pages() -> None:
    """Through the client: the sessions of every page, in order, equal to one-go parsing."""
    library = generate_library(130, 3, datetime(2026, 12, 1, tzinfo=UTC))

    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params["offset"])
        limit = min(int(request.url.params["limit"]), 60)
        body = {"data": library[offset : offset + limit], "meta": {"total": len(library)}}
        return httpx.Response(200, content=json.dumps(body).encode())

    client = SessionDockClient(f"{ORIGIN}/api/v1", TOKEN, transport=httpx.MockTransport(handler))
    async with client:
        pages = [page async for page in client.iter_pages(page_size=500)]
    expected = session_page({"data": library}, origin=ORIGIN, limit=None, offset=0).sessions
    assert [len(p.sessions) for p in pages] == [60, 60, 10]
    assert tuple(s for p in pages for s in p.sessions) == expected
