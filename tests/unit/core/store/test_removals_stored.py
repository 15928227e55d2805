"""A session SessionDock said is gone (404) stays gone: a listing requested before that answer
does not bring it back (found by a flaky palette test: Enter on a deleted session said "no longer
exists", then the palette-open cheap check's page, requested before the deletion, re-added it to
the rows under the message until the next full reconcile, minutes later)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from tests.unit.core.store.store_support import MakeSessions

from sessiondock_launcher.api.models import Session, SessionPage
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.store import LibraryStore, reconcile
from sessiondock_launcher.core.store.keeper import StoredLibrary


def _page(sessions: list[Session], total: int | None = None) -> SessionPage:
    return SessionPage(tuple(sessions), total or len(sessions), len(sessions), 0)


def _loaded(store: LibraryStore) -> tuple[SessionIndex, StoredLibrary]:
    index = SessionIndex()
    kept = StoredLibrary(store, index)
    asyncio.run(kept.load())
    return index, kept


def _found(index: SessionIndex, title: str) -> list[str]:
    return [m.session.id for m in index.search(parse_query(title), 50).matches]


def test_a_cheap_check_requested_before_a_removal_does_not_bring_it_back(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    library = make_sessions(40)
    reconcile(store, [library])
    index, kept = _loaded(store)
    gone = library[0]
    requested_at = kept.request_stamp()  # the palette opens: the cheap check's request goes out
    index.remove(gone.id)  # meanwhile Enter on it: SessionDock answers 404, it leaves the library
    check = asyncio.run(kept.cheap_check(_page(library[:10]), requested_at))  # lands last
    assert gone.id not in check.changes.added  # before: added again
    assert store.get(gone.id) is None
    assert gone.id not in index
    assert gone.id not in _found(index, gone.title)


def test_a_full_listing_under_way_during_a_removal_does_not_bring_it_back(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    library = make_sessions(120)
    reconcile(store, [library])
    index, kept = _loaded(store)
    kept.pacer.allow_now()
    gone = library[70]

    async def listing() -> AsyncIterator[SessionPage]:
        yield SessionPage(tuple(library[:60]), len(library), 60, 0)
        second = tuple(library[60:])  # listed before SessionDock deleted it
        index.remove(gone.id)  # the 404 arrives while that page is on its way
        yield SessionPage(second, len(library), 60, 60)

    changes = asyncio.run(kept.full_reconcile(listing()))  # the app's worker-thread reconcile
    assert gone.id not in changes.added and changes.complete
    assert store.get(gone.id) is None and gone.id not in index


def test_a_page_requested_after_the_removal_adds_it_again(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    library = make_sessions(20)
    reconcile(store, [library])
    index, kept = _loaded(store)
    back = library[3]
    index.remove(back.id)
    requested_at = kept.request_stamp()  # asked after the 404: SessionDock has it again
    check = asyncio.run(kept.cheap_check(_page([back], total=20), requested_at))
    assert check.changes.added == [back.id]
    assert store.get(back.id) is not None and back.id in index
