"""Full reconciles and the cheap check against a real store file."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from tests.unit.core.store.store_support import MakeSessions

from sessiondock_launcher.api.models import Session, SessionPage
from sessiondock_launcher.core.store import (
    LibraryStore,
    Reconciler,
    apply_first_page,
    open_store,
    reconcile,
    reconcile_async,
)


def _pages(sessions: list[Session], size: int = 50, total: int | None = None) -> list[SessionPage]:
    count = len(sessions) if total is None else total
    return [
        SessionPage(tuple(sessions[at : at + size]), count, size, at)
        for at in range(0, len(sessions), size)
    ]


def _ids(store: LibraryStore) -> set[str]:
    return {row[0] for row in store.connection.execute("SELECT id FROM sessions")}


def test_adds_changes_and_removes(store: LibraryStore, make_sessions: MakeSessions) -> None:
    library = make_sessions(200)
    first = reconcile(store, _pages(library))
    assert (len(first.added), first.changed, first.removed, first.complete) == (200, [], [], True)
    renamed = dataclasses.replace(library[3], title="Renamed on the server")
    retagged = dataclasses.replace(library[4], tags=("new-tag",))
    new = dataclasses.replace(library[0], id="brand-new")
    second_library = [renamed, retagged, new, *library[5:150]]
    second = reconcile(store, _pages(second_library))
    assert second.added == ["brand-new"]
    assert sorted(second.changed) == sorted([library[3].id, library[4].id])
    assert sorted(second.removed) == sorted(s.id for s in [*library[:3], *library[150:]])
    assert second.unchanged == 145
    assert _ids(store) == {s.id for s in second_library}
    stored = store.get(library[3].id)
    assert stored is not None
    assert stored.title == "Renamed on the server"


def test_same_listing_changes_nothing(store: LibraryStore, make_sessions: MakeSessions) -> None:
    library = make_sessions(120)
    reconcile(store, _pages(library))
    again = reconcile(store, _pages(library))
    assert not again.any
    assert again.unchanged == 120


def test_stored_sessions_equal_what_the_api_gave(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    library = make_sessions(60, unknownField={"nested": [1, 2]})
    reconcile(store, _pages(library))
    for session in library:
        stored = store.get(session.id)
        assert stored == session
        assert stored is not None
        assert dict(stored.extra) == {"unknownField": {"nested": [1, 2]}}
        assert stored.previews == session.previews


def test_failed_listing_removes_nothing(store: LibraryStore, make_sessions: MakeSessions) -> None:
    library = make_sessions(200)
    reconcile(store, _pages(library))
    changed = dataclasses.replace(library[0], title="Changed before the failure")

    def failing() -> Iterator[SessionPage]:
        yield SessionPage((changed,), 200, 50, 0)
        raise ConnectionError("SessionDock quit mid-sync")

    with pytest.raises(ConnectionError):
        reconcile(store, failing())
    assert _ids(store) == {s.id for s in library}
    stored = store.get(library[0].id)
    assert stored is not None
    assert stored.title == "Changed before the failure"  # pages that arrived are kept


def test_incomplete_listing_removes_nothing(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    library = make_sessions(200)
    reconcile(store, _pages(library))
    short = reconcile(store, _pages(library[:120], total=200))  # pager stopped early
    assert not short.complete
    assert short.removed == []
    assert len(store) == 200
    assert store.state().full_sync_at is not None


def test_cancelled_async_reconcile_removes_nothing(
    store_path: Path, make_sessions: MakeSessions
) -> None:
    library = make_sessions(300)
    store, _ = open_store(store_path)
    reconcile(store, _pages(library))
    gate = asyncio.Event()

    async def pages() -> AsyncIterator[SessionPage]:
        yield SessionPage(tuple(library[:10]), 300, 10, 0)
        await gate.wait()  # never set: the sync is cancelled here
        yield SessionPage(tuple(library[10:]), 300, 290, 10)

    async def run() -> None:
        task = asyncio.create_task(reconcile_async(store, pages()))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(run())
    assert len(store) == 300
    store.close()


def test_async_reconcile_completes(store: LibraryStore, make_sessions: MakeSessions) -> None:
    library = make_sessions(250)
    gone = [dataclasses.replace(s, id=f"gone-{i}") for i, s in enumerate(library[:5])]
    reconcile(store, _pages(library + gone))

    async def pages() -> AsyncIterator[SessionPage]:
        for page in _pages(library, size=100):
            yield page

    changes = asyncio.run(reconcile_async(store, pages(), batch=30))
    assert changes.complete
    assert sorted(changes.removed) == [f"gone-{i}" for i in range(5)]
    assert _ids(store) == {s.id for s in library}


def test_cheap_check_stores_recent_sessions_at_once(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    library = make_sessions(100)
    never = apply_first_page(store, SessionPage(tuple(library[:20]), 100, 20, 0))
    assert never.full_needed
    assert "no complete listing" in never.reason
    reconcile(store, _pages(library))
    same = apply_first_page(store, SessionPage(tuple(library[:20]), 100, 20, 0))
    assert not same.full_needed
    assert not same.changes.any
    reopened = dataclasses.replace(library[50], title="Reopened and renamed")
    fresh = dataclasses.replace(library[0], id="created-just-now")
    first = (fresh, reopened, *library[:18])
    grew = apply_first_page(store, SessionPage(first, 101, 20, 0))
    assert grew.changes.added == ["created-just-now"]
    assert grew.changes.changed == [library[50].id]
    assert not grew.full_needed  # the one new session is on the first page: counts agree
    assert store.get("created-just-now") is not None
    shrank = apply_first_page(store, SessionPage(first, 99, 20, 0))
    assert shrank.full_needed
    assert "99" in shrank.reason


def test_session_stored_by_a_cheap_check_during_a_listing_is_kept(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    # The listing ran while SessionDock created a session (past the pages already fetched); the
    # cheap check on palette open stored it. The listing did not contain it: it is not removed.
    library = make_sessions(100)
    frozen = 1_800_000_000.0  # a coarse clock: every write in the same tick
    reconcile(store, _pages(library), clock=lambda: frozen)
    created = dataclasses.replace(library[0], id="created-while-listing")

    def listing() -> Iterator[SessionPage]:
        yield from _pages(library)[:1]
        apply_first_page(store, SessionPage((created,), 101, 1, 0), clock=lambda: frozen)
        yield from _pages(library)[1:]

    changes = reconcile(store, listing(), clock=lambda: frozen)
    assert changes.removed == []
    assert store.get("created-while-listing") is not None
    again = reconcile(store, _pages(library), clock=lambda: frozen)
    assert again.removed == ["created-while-listing"]  # the next listing still lacks it: gone


def test_removal_scan_yields_in_bounded_steps(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    library = make_sessions(12_000)
    reconcile(store, [library])
    reconciler = Reconciler(store)
    reconciler.apply_page(library[:11_990])
    steps = sum(1 for _ in reconciler.finish_steps())
    assert steps >= 3  # 12,000 stored ids scanned 5,000 at a time, not in one block
    assert sorted(reconciler.changes.removed) == sorted(s.id for s in library[11_990:])


def test_a_lone_surrogate_from_the_api_does_not_fail_the_sync(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    """JSON can carry a lone surrogate (``"\\udc80"``) and the API parser keeps it; SQLite's
    UTF-8 cannot, so the whole page's write raised UnicodeEncodeError (not a sqlite3.Error) and
    the library never synced while such a title existed. It is stored as U+FFFD instead."""
    import json

    raw = json.loads(
        '{"id": "odd-1", "title": "Drum \\udc80 solo", "tags": ["mix\\ud800"],'
        ' "notes": "take \\udfff", "x-extra": "\\ud83d"}'
    )
    odd = Session.from_api(raw)
    assert odd is not None and "\udc80" in odd.title
    library = [*make_sessions(50), odd]
    changes = asyncio.run(reconcile_async(store, _async_pages(library), batch=20))
    assert changes.complete and len(changes.added) == 51
    stored = store.get("odd-1")
    assert stored is not None
    assert (stored.title, stored.tags, stored.notes) == (
        "Drum \ufffd solo",
        ("mix\ufffd",),
        "take \ufffd",
    )
    assert not reconcile(store, _pages(library)).any  # the same listing again: nothing changed


async def _async_pages(library: list[Session]) -> AsyncIterator[SessionPage]:
    for page in _pages(library, size=20):
        yield page
