"""StoredLibrary: the index follows the store; reconciles are paced; no rebuild without news."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator

import pytest
from tests.unit.core.store.store_support import MakeSessions

from sessiondock_launcher.api.errors import ServerError
from sessiondock_launcher.api.models import Session, SessionPage
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.store import FullSyncPacer, LibraryStore, reconcile
from sessiondock_launcher.core.store.keeper import ReconcileNotAllowed, StoredLibrary


async def _pages(sessions: list[Session], size: int = 100) -> AsyncIterator[SessionPage]:
    for at in range(0, len(sessions), size):
        yield SessionPage(tuple(sessions[at : at + size]), len(sessions), size, at)


def test_load_makes_the_stored_library_searchable(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    library = make_sessions(300)
    reconcile(store, [library])
    index = SessionIndex()
    kept = StoredLibrary(store, index)
    assert asyncio.run(kept.load()) == 300
    target = library[17]
    found = index.search(parse_query(target.title), 5).matches
    assert found[0].session.id == target.id


def test_reconcile_is_paced_and_rebuilds_only_on_change(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    library = make_sessions(200)
    now = [1000.0]
    index = SessionIndex()
    kept = StoredLibrary(
        store,
        index,
        pacer=FullSyncPacer(share=0.02, min_interval_s=300),
        monotonic=lambda: now[0],
    )

    async def run() -> None:
        changes = await kept.full_reconcile(_pages(library))
        assert len(changes.added) == 200
        assert len(index) == 200
        generation = index.generation
        with pytest.raises(ReconcileNotAllowed):
            await kept.full_reconcile(_pages(library))  # too early: nothing fetched
        now[0] += 301
        same = await kept.full_reconcile(_pages(library))
        assert not same.any
        assert index.generation == generation  # nothing changed: the index was left alone
        now[0] += 301
        renamed = dataclasses.replace(library[0], title="Zebra crossing")
        await kept.full_reconcile(_pages([renamed, *library[1:150]]))
        assert len(index) == 150
        assert index.search(parse_query("zebra crossing"), 1).matches[0].session.id == renamed.id

    asyncio.run(run())


def test_cheap_check_makes_a_new_session_searchable(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    library = make_sessions(100)
    index = SessionIndex()
    kept = StoredLibrary(store, index)

    async def run() -> None:
        await kept.full_reconcile(_pages(library))
        fresh = dataclasses.replace(library[0], id="new-one", title="Quokka sketch")
        check = await kept.cheap_check(SessionPage((fresh, *library[:9]), 101, 10, 0))
        assert check.changes.added == ["new-one"]
        assert not check.full_needed
        assert index.search(parse_query("quokka"), 1).matches[0].session.id == "new-one"

    asyncio.run(run())


def test_large_library_is_searchable_before_it_is_fully_loaded(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    library = make_sessions(1_500)
    reconcile(store, [library])
    index = SessionIndex()
    kept = StoredLibrary(store, index, first_index=200)
    sizes: list[int] = []

    async def run() -> None:
        task = asyncio.create_task(kept.load())
        while not task.done():
            sizes.append(len(index))
            await asyncio.sleep(0)
        assert await task == 1_500

    asyncio.run(run())
    assert 200 in sizes  # the recent-first index was installed and searchable meanwhile
    assert sizes.index(200) < len(sizes) - 1
    assert len(index) == 1_500
    recent = SessionIndex(library).recent(20)
    assert [s.id for s in index.recent(20)] == [s.id for s in recent]


def _top(index: SessionIndex, text: str) -> list[str]:
    return [m.session.id for m in index.search(parse_query(text), 20).matches]


def test_a_few_changes_are_searched_at_once_without_rebuilding_the_index(
    store: LibraryStore, make_sessions: MakeSessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cheap check or reconcile that changed a few sessions used to rebuild the whole index
    from the store (~10 s of CPU at 100k, after every palette open that found news); now the
    changed sessions are read back and searched beside it, and results equal a fresh load."""
    library = make_sessions(300)
    reconcile(store, [library])
    index = SessionIndex()
    kept = StoredLibrary(store, index, monotonic=lambda: 1e9)

    async def run() -> None:
        await kept.load()
        base = index._base.snap
        fresh = dataclasses.replace(library[0], id="new-one", title="Quokka sketch")
        reopened = dataclasses.replace(library[250], title="Quokka reprise")
        check = await kept.cheap_check(SessionPage((fresh, reopened), 301, 2, 0))
        assert check.changes.added == ["new-one"] and check.changes.changed == [reopened.id]
        assert _top(index, "quokka") == ["new-one", reopened.id]
        changes = await kept.full_reconcile(_pages([fresh, reopened, *library[:240]]))
        assert len(changes.removed) == 59
        assert index._base.snap is base  # read back beside the base, not rebuilt
        again = SessionIndex()
        await StoredLibrary(store, again).load()
        assert len(index) == len(again) == 242
        for text in ("quokka", "", library[3].title, "mix", library[260].title):
            assert _top(index, text) == _top(again, text), text

    asyncio.run(run())


def test_many_changes_rebuild_the_index_from_the_store(
    store: LibraryStore, make_sessions: MakeSessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sessiondock_launcher.core.store import keeper

    monkeypatch.setattr(keeper, "OVERLAY_MAX", 10)
    library = make_sessions(100)
    index = SessionIndex()
    kept = StoredLibrary(store, index, monotonic=lambda: 1e9)

    async def run() -> None:
        await kept.full_reconcile(_pages(library))
        base = index._base.snap
        renamed = [dataclasses.replace(s, title=f"Zebra {s.title}") for s in library[:20]]
        await kept.cheap_check(SessionPage(tuple(renamed), 100, 20, 0))
        assert index._base.snap is not base and index.overlay_size == 0
        assert len(_top(index, "zebra")) == 20

    asyncio.run(run())


async def _pages_then_failure(
    sessions: list[Session], pages: int, size: int = 100
) -> AsyncIterator[SessionPage]:
    async for page in _pages(sessions[: pages * size], size):
        yield page
    raise ServerError(500, "", "Internal Server Error")


def test_a_failed_first_sync_leaves_what_it_stored_searchable_and_is_retried_soon(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    """The tester's case: the first sync fails at page 4 (HTTP 500). The store holds the three
    pages that arrived; the index used to stay empty (nothing searchable, no count) until a
    sync completed, 5 minutes later. Now it searches them, and the pacer allows a retry in 10 s."""
    library = make_sessions(1_000)
    now = [1000.0]
    index = SessionIndex()
    kept = StoredLibrary(
        store, index, pacer=FullSyncPacer(share=0.02, min_interval_s=300), monotonic=lambda: now[0]
    )

    async def run() -> None:
        with pytest.raises(ServerError):
            await kept.full_reconcile(_pages_then_failure(library, pages=3))
        assert len(store) == 300
        assert len(index) == 300
        assert _top(index, library[250].title)[0] == library[250].id
        assert kept.pacer.failures == 1
        assert not kept.may_full_reconcile()
        now[0] += 10.0
        assert kept.may_full_reconcile()
        changes = await kept.full_reconcile(_pages(library))
        assert changes.complete
        assert len(index) == 1_000
        assert kept.pacer.failures == 0

    asyncio.run(run())


def test_a_failed_sync_of_a_known_library_updates_the_few_sessions_it_changed(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    library = make_sessions(600)
    reconcile(store, [library])
    index = SessionIndex()
    kept = StoredLibrary(store, index, monotonic=lambda: 1e9)

    async def run() -> None:
        await kept.load()
        base = index._base.snap
        renamed = [
            dataclasses.replace(s, title=f"Wombat take {i}") if i < 3 else s
            for i, s in enumerate(library)
        ]
        with pytest.raises(ServerError):
            await kept.full_reconcile(_pages_then_failure(renamed, pages=2))
        assert index._base.snap is base  # three changes: beside the base, no rebuild
        assert sorted(_top(index, "wombat")) == sorted(s.id for s in library[:3])
        assert len(index) == 600  # nothing removed by a failed listing

    asyncio.run(run())
