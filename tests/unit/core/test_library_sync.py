"""LibrarySync: paging, progress, replacement, failure keeps the old index."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from sessiondock_launcher.api.models import Session, SessionPage
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.sync import LibrarySync


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def pages_of(
    sessions: list[Session], size: int, *, fail_after: int | None = None
) -> Callable[[], AsyncIterator[SessionPage]]:
    async def fetch() -> AsyncIterator[SessionPage]:
        for page_no, offset in enumerate(range(0, max(len(sessions), 1), size)):
            if fail_after is not None and page_no >= fail_after:
                raise ConnectionError("server went away")
            await asyncio.sleep(0)
            chunk = tuple(sessions[offset : offset + size])
            yield SessionPage(sessions=chunk, total=len(sessions), limit=size, offset=offset)

    return fetch


def library(count: int, prefix: str = "s") -> list[Session]:
    return [Session(id=f"{prefix}{i}", title=f"Session {prefix}{i}") for i in range(count)]


@pytest.mark.asyncio
async def test_sync_replaces_and_removes() -> None:
    index = SessionIndex(library(5, "old"))
    new = library(7, "new")
    sync = LibrarySync(index, pages_of(new, 3))
    assert not sync.is_synced
    result = await sync.run()
    assert (result.received, result.total) == (7, 7)
    assert len(index) == 7
    assert index.get("old0") is None and index.get("new6") is not None
    assert index.search(parse_query("old")).total_matched == 0
    assert sync.is_synced


@pytest.mark.asyncio
async def test_progress_reports_each_page() -> None:
    progress: list[tuple[int, int]] = []
    sync = LibrarySync(
        SessionIndex(), pages_of(library(7), 3), on_progress=lambda r, t: progress.append((r, t))
    )
    await sync.run()
    assert progress == [(3, 7), (6, 7), (7, 7)]


@pytest.mark.asyncio
async def test_failure_midway_keeps_old_index() -> None:
    index = SessionIndex(library(4, "old"))
    generation = index.generation
    sync = LibrarySync(index, pages_of(library(9, "new"), 3, fail_after=2))
    with pytest.raises(ConnectionError):
        await sync.run()
    assert index.generation == generation
    assert index.get("old3") is not None and index.get("new0") is None
    assert not sync.is_synced and not sync.is_running


@pytest.mark.asyncio
async def test_empty_library_and_needs_refresh() -> None:
    clock, mono = Clock(), Clock()
    sync = LibrarySync(SessionIndex(library(2)), pages_of([], 10), clock=clock, monotonic=mono)
    assert sync.needs_refresh(60)
    await sync.run()
    assert sync.last_synced_at == 100.0
    assert not sync.needs_refresh(60)
    mono.now += 61
    assert sync.needs_refresh(60)


@pytest.mark.asyncio
async def test_duplicate_ids_across_pages_keep_the_latest() -> None:
    sessions = [
        Session(id="a", title="First"),
        Session(id="b", title="B"),
        Session(id="a", title="Second"),
    ]
    index = SessionIndex()
    await LibrarySync(index, pages_of(sessions, 2)).run()
    assert len(index) == 2
    assert index.get("a") == Session(id="a", title="Second")


@pytest.mark.asyncio
async def test_sync_yields_to_the_loop() -> None:
    ticks = 0
    stop = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    await LibrarySync(SessionIndex(), pages_of(library(3000), 500)).run()
    stop.set()
    await task
    assert ticks > 10


@pytest.mark.asyncio
async def test_concurrent_run_is_refused() -> None:
    sync = LibrarySync(SessionIndex(), pages_of(library(600), 100))
    first = asyncio.create_task(sync.run())
    await asyncio.sleep(0)
    with pytest.raises(RuntimeError):
        await sync.run()
    await first
