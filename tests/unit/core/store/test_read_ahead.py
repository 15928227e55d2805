"""Paging one page ahead, and rows made on the loop: same results, the fetch overlaps the write."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator

import pytest
from tests.unit.core.store.store_support import MakeSessions

from sessiondock_launcher.core.store import LibraryStore, Reconciler, reconcile
from sessiondock_launcher.core.store.codec import COLUMNS, row_for
from sessiondock_launcher.core.store.reconcile import read_ahead


class Source:
    """An async listing that records when each item was asked for and whether it was closed."""

    def __init__(self, count: int, fail_at: int | None = None) -> None:
        self.count = count
        self.fail_at = fail_at
        self.asked: list[int] = []
        self.closed = False
        self.cancelled = False

    async def items(self) -> AsyncIterator[int]:
        try:
            for i in range(self.count):
                self.asked.append(i)
                try:
                    await asyncio.sleep(0.01)  # the request's round trip
                except asyncio.CancelledError:
                    self.cancelled = True
                    raise
                if i == self.fail_at:
                    raise ConnectionError(f"page {i}")
                yield i
        finally:
            self.closed = True


def test_every_item_in_order_and_the_next_one_asked_for_meanwhile() -> None:
    source = Source(5)
    seen: list[tuple[int, list[int]]] = []

    async def consume() -> None:
        async for item in read_ahead(source.items()):
            await asyncio.sleep(0.02)  # the caller's work on this item (writing a page)
            seen.append((item, list(source.asked)))

    asyncio.run(consume())
    assert [item for item, _ in seen] == [0, 1, 2, 3, 4]
    # While item i was being worked on, item i + 1 had already been asked for.
    assert all(i + 1 in asked for i, asked in seen[:-1])
    assert source.closed


def test_an_error_reaches_the_caller_at_the_item_it_failed_on() -> None:
    source = Source(5, fail_at=2)
    seen: list[int] = []

    async def consume() -> None:
        async for item in read_ahead(source.items()):
            seen.append(item)  # noqa: PERF401 (what arrived before the failure is the point)

    with pytest.raises(ConnectionError, match="page 2"):
        asyncio.run(consume())
    assert seen == [0, 1]
    assert source.closed


def test_a_caller_that_stops_early_cancels_the_fetch_under_way_and_closes_the_source() -> None:
    source = Source(5)

    async def consume() -> None:
        async for item in read_ahead(source.items()):
            if item == 1:
                raise RuntimeError("the store failed")

    with pytest.raises(RuntimeError, match="the store failed"):
        asyncio.run(consume())
    assert source.asked == [0, 1, 2]  # the third was under way, never more
    assert source.cancelled and source.closed


def test_cancelling_the_caller_cancels_the_fetch_under_way() -> None:
    source = Source(50)

    async def consume() -> None:
        async for _item in read_ahead(source.items()):
            await asyncio.sleep(1)

    async def main() -> None:
        task = asyncio.create_task(consume())
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert len(source.asked) <= 3
    assert source.closed


def test_rows_made_elsewhere_give_the_same_changes_and_store_as_apply_page(
    store: LibraryStore, tmp_path_factory: pytest.TempPathFactory, make_sessions: MakeSessions
) -> None:
    """``apply_rows`` (rows made on the loop, stamped there) against ``apply_page`` (rows made
    by the writer): same changes, same stored rows, removals included."""
    from sessiondock_launcher.core.store import open_store

    library = make_sessions(300)
    other, _ = open_store(tmp_path_factory.mktemp("other") / "library.sqlite3")
    listing = [
        dataclasses.replace(library[0], title="Renamed"),
        dataclasses.replace(library[1], id="new"),
        *library[1:250],
    ]
    try:
        results = []
        for target, by_rows in ((store, False), (other, True)):
            reconcile(target, [library])
            reconciler = Reconciler(target)
            for at in range(0, len(listing), 40):
                chunk = listing[at : at + 40]
                if by_rows:
                    now = target.stamp(0.0)
                    reconciler.apply_rows([row_for(s, now) for s in chunk])
                else:
                    reconciler.apply_page(chunk)
            changes = reconciler.finish(total=len(listing))
            columns = ", ".join(c for c in COLUMNS if c != "synced_at")
            rows = target.connection.execute(f"SELECT {columns} FROM sessions ORDER BY id")
            results.append((changes, rows.fetchall()))
        (changes_page, rows_page), (changes_rows, rows_rows) = results
        assert changes_rows == changes_page
        assert changes_rows.added == ["new"] and len(changes_rows.removed) == 50
        assert rows_rows == rows_page
    finally:
        other.close()
