"""The index built from the store ranks exactly like the index built from the synced sessions."""

from __future__ import annotations

import itertools

import pytest
from tests.unit.core.store.store_support import MakeSessions

from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.library import NOTES_SEARCH_CHARS
from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.snapshot_build import SnapshotBuilder
from sessiondock_launcher.core.store import (
    LibraryStore,
    build_snapshot_steps,
    iter_index_batches,
    reconcile,
)

QUERIES = [
    "",
    "mix",
    "drum",
    "nght drv",
    "kind:ableton",
    "#mix",
    "status:draft beat",
    "recent",
    "v2",
]
NOW = 1_800_000_000.0


def _index_from_store(store: LibraryStore) -> SessionIndex:
    builder = SnapshotBuilder()
    steps = sum(1 for _ in build_snapshot_steps(store, builder))
    assert steps > 1  # bounded steps, not one long block
    index = SessionIndex(clock=lambda: NOW)
    index.attach_details(store)  # as the app's: rows read from the store
    index.install(builder.result())
    return index


@pytest.mark.parametrize("text", QUERIES)
def test_same_ranking_as_from_the_api(
    store: LibraryStore, make_sessions: MakeSessions, text: str
) -> None:
    library = make_sessions(800)
    reconcile(store, [library])
    expected = SessionIndex(library, clock=lambda: NOW).search(parse_query(text), 50)
    got = _index_from_store(store).search(parse_query(text), 50)
    assert got.total_matched == expected.total_matched
    assert [(m.session.id, m.score, m.title_positions, m.match_class) for m in got.matches] == [
        (m.session.id, m.score, m.title_positions, m.match_class) for m in expected.matches
    ]


def test_index_sessions_are_lean_and_details_are_complete(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    library = make_sessions(50, notes="n" * (NOTES_SEARCH_CHARS * 3))
    reconcile(store, [library])
    lean = {s.id: s for batch in iter_index_batches(store, batch=7) for s in batch}
    assert lean.keys() == {s.id for s in library}
    original = library[0]
    row = lean[original.id]
    shown = ("title", "kind", "status", "tags", "last_opened", "project_path", "preview_url")
    assert {f: getattr(row, f) for f in shown} == {f: getattr(original, f) for f in shown}
    assert row.notes == original.notes[:NOTES_SEARCH_CHARS]  # all that is searched
    assert row.previews == ()  # details are read for the pane, not kept per session
    assert store.get(original.id) == original
    many = store.get_many([library[1].id, "unknown", library[2].id])
    assert many == {library[1].id: library[1], library[2].id: library[2]}


def test_kinds_and_tags_share_one_copy(store: LibraryStore, make_sessions: MakeSessions) -> None:
    reconcile(store, [make_sessions(300)])
    sessions = [s for batch in iter_index_batches(store) for s in batch]
    kinds = {id(s.kind) for s in sessions}
    assert len(kinds) == len({s.kind for s in sessions})


def test_most_recent_first_index(store: LibraryStore, make_sessions: MakeSessions) -> None:
    library = make_sessions(600)
    reconcile(store, [library])
    builder = SnapshotBuilder()
    for _ in build_snapshot_steps(store, builder, most_recent=100):
        pass
    index = SessionIndex(clock=lambda: NOW)
    index.attach_details(store)  # as the app's: rows read from the store
    index.install(builder.result())
    assert len(index) == 100
    full = SessionIndex(library, clock=lambda: NOW)
    assert len(full.recent(100)) == 100  # enough opened sessions for the check to mean something
    assert [s.id for s in index.recent(100)] == [s.id for s in full.recent(100)]


def test_load_yields_once_a_step_took_its_time(
    store: LibraryStore, make_sessions: MakeSessions
) -> None:
    reconcile(store, [make_sessions(800)])  # 32 batches of 25
    ticks = itertools.count()

    def timer() -> float:  # every read of the timer is 1 ms later
        return next(ticks) / 1000

    def steps(step_s: float) -> int:
        builder = SnapshotBuilder()
        return sum(1 for _ in build_snapshot_steps(store, builder, step_s=step_s, timer=timer))

    # The assembly's steps are the same in both runs; the difference is the reading's.
    slow = steps(0.002)  # each batch "takes" 1 ms: a yield about every second batch
    fast = steps(1.0)  # never long enough: one read step in all
    assert slow - fast >= 12
