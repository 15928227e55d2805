"""Reconcile with the writes on a worker thread: same results, loop free, nothing lost."""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import sqlite3
import sys
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from tests.unit.core.store.store_support import MakeSessions

from sessiondock_launcher.api.models import Session, SessionPage
from sessiondock_launcher.core.store import (
    LibraryStore,
    Reconciler,
    apply_first_page,
    reconcile,
    threaded,
)
from sessiondock_launcher.core.store.threaded import reconcile_in_thread


async def _pages(sessions: list[Session], size: int = 100) -> AsyncIterator[SessionPage]:
    for at in range(0, len(sessions), size):
        yield SessionPage(tuple(sessions[at : at + size]), len(sessions), size, at)
        await asyncio.sleep(0)


def _ids(store: LibraryStore) -> set[str]:
    return {row[0] for row in store.connection.execute("SELECT id FROM sessions")}


def _writer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("store-writer")]


def _wait_for_writer_to_end() -> None:
    """The reconcile's steps are done and its connection closed: the one writer thread (shared
    by every reconcile of the process, so no thread and arena per sync) is idle again."""
    assert len(_writer_threads()) <= 1
    threaded._executor().submit(lambda: None).result(timeout=10)  # runs after every queued step
    assert len(_writer_threads()) <= 1


def test_same_result_as_on_the_loop_and_written_off_it(
    store: LibraryStore, make_sessions: MakeSessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = make_sessions(400)
    reconcile(store, [library])
    renamed = dataclasses.replace(library[0], title="Renamed")
    new = dataclasses.replace(library[1], id="new")
    listing = [renamed, new, *library[1:300]]
    threads: set[str] = set()
    transaction = LibraryStore.transaction

    def traced(self: LibraryStore) -> Any:
        threads.add(threading.current_thread().name)
        return transaction(self)

    monkeypatch.setattr(LibraryStore, "transaction", traced)
    changes = asyncio.run(reconcile_in_thread(store, _pages(listing)))
    assert changes.complete
    assert changes.added == ["new"]
    assert changes.changed == [library[0].id]
    assert sorted(changes.removed) == sorted(s.id for s in library[300:])
    assert _ids(store) == {s.id for s in listing}  # visible on the loop's own connection
    assert threads and all(name.startswith("store-writer") for name in threads)
    _wait_for_writer_to_end()


def test_cancelled_midway_removes_nothing_and_closes_its_connection(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    library = make_sessions(300)
    reconcile(store, [library])

    async def stalled() -> AsyncIterator[SessionPage]:
        yield SessionPage(tuple(library[:20]), 300, 20, 0)
        await asyncio.Event().wait()
        yield SessionPage(tuple(library[20:]), 300, 280, 20)  # pragma: no cover

    async def run() -> None:
        task = asyncio.create_task(reconcile_in_thread(store, stalled()))
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(run())
    _wait_for_writer_to_end()
    assert len(store) == 300
    store.pins.pin(library[0].id)  # no lock left behind
    assert store.pins.ids() == [library[0].id]


def test_loop_writes_and_cheap_checks_during_the_listing(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    library = make_sessions(500)
    frozen = 1_800_000_000.0  # one coarse clock tick for every write
    reconcile(store, [library], clock=lambda: frozen)
    created = dataclasses.replace(library[0], id="created-meanwhile")

    async def listing() -> AsyncIterator[SessionPage]:
        async for page in _pages(library):
            yield page
            if page.offset == 100:
                store.pins.pin(library[5].id)  # the user pins while the sync writes
                apply_first_page(store, SessionPage((created,), 501, 1, 0), clock=lambda: frozen)

    changes = asyncio.run(reconcile_in_thread(store, listing(), clock=lambda: frozen))
    assert changes.removed == []  # stored meanwhile by the loop's connection: kept
    assert store.get("created-meanwhile") is not None
    assert store.pins.ids() == [library[5].id]
    _wait_for_writer_to_end()


class _Listing:
    """A page, then a second that is always under way; records whether it was closed."""

    def __init__(self, library: list[Session]) -> None:
        self.library = library
        self.closed_before_return = False
        self.closed = False
        self.fetch_cancelled = False

    async def pages(self) -> AsyncIterator[SessionPage]:
        try:
            yield SessionPage(tuple(self.library[:40]), 300, 40, 0)
            try:
                await asyncio.Event().wait()  # the next page's request, never answered
            except asyncio.CancelledError:
                self.fetch_cancelled = True
                raise
            yield SessionPage(tuple(self.library[40:]), 300, 260, 40)  # pragma: no cover
        finally:
            self.closed = True


@pytest.mark.parametrize("ending", ["the write fails", "cancelled while writing"])
def test_a_reconcile_that_ends_early_closes_its_listing_before_the_caller_hears_of_it(
    store: LibraryStore,
    make_sessions: MakeSessions,
    monkeypatch: pytest.MonkeyPatch,
    ending: str,
) -> None:
    """The app's loop (qasync) installs no async-generator hooks: a listing the reconcile left
    half-read was finalized by the garbage collector, synchronously, where the read-ahead's
    cleanup cannot await. That raised "async generator ignored GeneratorExit" into
    ``sys.unraisablehook`` at some later collection (a CI failure in an unrelated test) and left
    the page request under way. Ending early must close the listing at once, on the loop."""
    library = make_sessions(300)
    reconcile(store, [library])
    listing = _Listing(library)
    unraisable: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: unraisable.append(repr(u.exc_value)))
    writing = threading.Event()

    def failing_write(self: Reconciler, rows: Any, requested_at: Any = None) -> None:
        writing.set()
        if ending == "the write fails":
            raise sqlite3.OperationalError("database or disk is full")
        time.sleep(0.3)  # a slow write: the caller is cancelled while it waits for it

    monkeypatch.setattr(Reconciler, "apply_rows", failing_write)

    async def run() -> str:
        sys.set_asyncgen_hooks(firstiter=None, finalizer=None)  # as under qasync
        task = asyncio.create_task(reconcile_in_thread(store, listing.pages(), batch=10))
        if ending == "cancelled while writing":
            assert await asyncio.to_thread(writing.wait, 10)
            task.cancel()
        try:
            await task
        except (sqlite3.OperationalError, asyncio.CancelledError) as error:
            ended = type(error).__name__
        else:  # pragma: no cover (the assertion below says what happened)
            ended = "returned"
        listing.closed_before_return = listing.closed
        del task
        gc.collect()  # a collection while the loop runs, as the app's GC pauses do
        return ended

    ended = asyncio.run(run())
    _wait_for_writer_to_end()
    assert ended == ("OperationalError" if ending == "the write fails" else "CancelledError")
    assert listing.closed_before_return, "the listing was left open for the garbage collector"
    assert listing.fetch_cancelled
    assert unraisable == []
    assert len(store) == 300  # nothing removed by a reconcile that did not finish
