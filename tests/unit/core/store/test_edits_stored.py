"""An edit saved here is in the store at once, survives a restart, and a listing fetched before it
never overwrites it (the race that lost edits: a cheap-check page requested before the save,
applied after it)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

from tests.unit.core.store.store_support import MakeSessions

from sessiondock_launcher.api.models import Session, SessionPage
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.store import LibraryStore, open_store, reconcile
from sessiondock_launcher.core.store.keeper import StoredLibrary


def _page(sessions: list[Session]) -> SessionPage:
    return SessionPage(tuple(sessions), len(sessions), len(sessions), 0)


def _loaded(store: LibraryStore) -> tuple[SessionIndex, StoredLibrary]:
    index = SessionIndex()
    kept = StoredLibrary(store, index)
    asyncio.run(kept.load())
    return index, kept


def _restart(path: Path) -> tuple[LibraryStore, SessionIndex]:
    """A new process's view: the file reopened, the index loaded from it (no network)."""
    store, _ = open_store(path)
    index, _ = _loaded(store)
    return store, index


def _tagged(index: SessionIndex, tag: str) -> list[str]:
    return [m.session.id for m in index.search(parse_query(f"tag:{tag}"), 10).matches]


def test_an_edit_is_stored_and_found_after_a_restart_offline(
    store_path: Path, make_sessions: MakeSessions
) -> None:
    library = make_sessions(60)
    store, _ = open_store(store_path)
    reconcile(store, [library])
    index, _ = _loaded(store)
    target = library[5]
    original = index.get(target.id)
    assert original is not None
    index.upsert(dataclasses.replace(original, tags=("vocal-take",), notes="Comp the verse"))
    store.close()

    reopened, after = _restart(store_path)
    try:
        assert _tagged(after, "vocal-take") == [target.id]
        stored = reopened.get(target.id)
        assert stored is not None
        assert (stored.tags, stored.notes) == (("vocal-take",), "Comp the verse")
        assert stored.previews == target.previews  # the whole session, not the row's lean form
    finally:
        reopened.close()


def test_a_cheap_check_fetched_before_an_edit_does_not_undo_it(
    store_path: Path, make_sessions: MakeSessions
) -> None:
    library = make_sessions(40)
    store, _ = open_store(store_path)
    reconcile(store, [library])
    index, kept = _loaded(store)
    target = library[0]
    requested_at = kept.request_stamp()  # the cheap check's request goes out...
    stale = _page(library[:10])  # ...and SessionDock answers with the tags before the edit
    edited = dataclasses.replace(target, tags=("approved",))
    index.upsert(edited)  # meanwhile the tag edit is saved
    check = asyncio.run(kept.cheap_check(stale, requested_at))  # the stale page lands last

    assert check.changes.kept_newer == [target.id]
    stored = store.get(target.id)
    assert stored is not None and stored.tags == ("approved",)
    assert _tagged(index, "approved") == [target.id]
    store.close()
    reopened, after = _restart(store_path)
    try:
        assert _tagged(after, "approved") == [target.id]
    finally:
        reopened.close()


def test_a_full_listing_under_way_during_an_edit_does_not_undo_it(
    store_path: Path, make_sessions: MakeSessions
) -> None:
    library = make_sessions(120)
    store, _ = open_store(store_path)
    reconcile(store, [library])
    index, kept = _loaded(store)
    kept.pacer.allow_now()
    target = library[70]
    edited = dataclasses.replace(target, tags=("mixed",))

    async def listing() -> AsyncIterator[SessionPage]:
        yield SessionPage(tuple(library[:60]), len(library), 60, 0)
        second = tuple(library[60:])  # SessionDock lists the page before the edit reached it
        index.upsert(edited)  # the save completes while that page is on its way
        yield SessionPage(second, len(library), 60, 60)

    changes = asyncio.run(kept.full_reconcile(listing()))  # the app's worker-thread reconcile
    assert changes.kept_newer == [target.id]
    assert changes.complete and not changes.removed
    stored = store.get(target.id)
    assert stored is not None and stored.tags == ("mixed",)
    assert _tagged(index, "mixed") == [target.id]
    store.close()


def test_a_page_requested_after_the_edit_still_wins(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    library = make_sessions(20)
    reconcile(store, [library])
    index, kept = _loaded(store)
    target = library[3]
    index.upsert(dataclasses.replace(target, tags=("draft",)))
    requested_at = kept.request_stamp()  # asked after the save: SessionDock's answer is newer
    retagged = dataclasses.replace(target, tags=("final",))  # (another client changed them)
    check = asyncio.run(kept.cheap_check(_page([retagged]), requested_at))
    assert check.changes.changed == [target.id]
    stored = store.get(target.id)
    assert stored is not None and stored.tags == ("final",)
    assert _tagged(index, "final") == [target.id]
    assert _tagged(index, "draft") == []


def test_an_edit_and_a_removal_are_searchable_at_once_without_a_rebuild(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    """No O(n) rebuild inside the edit, the next keystroke or a task after it (seconds of CPU at
    100k): the change is searched beside the index's base at once, and the store holds it."""
    library = make_sessions(300)
    reconcile(store, [library])

    async def run() -> None:
        index = SessionIndex()
        kept = StoredLibrary(store, index)
        tasks: list[asyncio.Task[object]] = []

        def spawn(coro: object, name: str) -> asyncio.Task[object]:
            task: asyncio.Task[object] = asyncio.ensure_future(coro)  # type: ignore[arg-type]
            task.set_name(name)
            tasks.append(task)
            return task

        kept.use_spawner(spawn)
        await kept.load()
        base = index._base.snap
        target, gone = library[9], library[10]
        index.upsert(dataclasses.replace(target, title="Quokka anthem", tags=("quokka",)))
        assert index.remove(gone.id)
        shown = index.get(target.id)
        assert shown is not None and shown.title == "Quokka anthem"
        assert gone.id not in index and index.get(gone.id) is None
        assert gone.id not in [m.session.id for m in index.search(parse_query(""), 300).matches]
        assert _tagged(index, "quokka") == [target.id]
        assert index.search(parse_query("quokka anthem"), 1).matches[0].session.id == target.id
        assert len(index) == 299 and gone.id not in index
        assert tasks == [] and index._base.snap is base  # nothing rebuilt
        stored = store.get(target.id)
        assert stored is not None and stored.tags == ("quokka",)
        assert store.get(gone.id) is None

    asyncio.run(run())
