"""Reading the stored library into the search index, fast and in bounded steps.

The index needs, per session, only what ranking uses: id, title, kind, status, tags, the start of
the notes (``NOTES_SEARCH_CHARS``, all that is searched) and last opened. Those are read straight
from their columns into the builder's entries (no :class:`Session` per row, so no garbage that
outlives the load as heap fragmentation). The rows on screen read their lean sessions with
``LibraryStore.rows``; the preview pane and actions read the whole one with ``get`` / ``get_many``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core.library import (
    NEVER_OPENED,
    NOTES_SEARCH_CHARS,
    IndexedSession,
    display_title,
)
from sessiondock_launcher.core.snapshot_build import SnapshotBuilder
from sessiondock_launcher.core.store.codec import LEAN_COLUMNS, Interner, lean_session
from sessiondock_launcher.core.store.persisted import LibraryVersion, library_version
from sessiondock_launcher.core.store.store import LibraryStore

__all__ = ["INDEX_BATCH", "BuildSource", "build_snapshot_steps", "iter_index_batches"]

logger = logging.getLogger(__name__)

INDEX_BATCH = 200
"""Sessions per batch of :func:`iter_index_batches`."""
STEP_S = 0.004
"""Longest read-and-fold step of :func:`build_snapshot_steps` before it yields (plus one batch)."""
_STEP_BATCH = 25

_SELECT_INDEX = f"SELECT {', '.join(LEAN_COLUMNS)} FROM sessions"
_SELECT_ENTRIES = (
    "SELECT id, title, kind, status, tags, substr(notes, 1, ?), last_opened_us FROM sessions"
)


@dataclass(slots=True)
class BuildSource:
    """What a build read: the store's content version in the same read transaction as its rows
    (``None``: a store without one), so the index file written from it matches exactly."""

    version: LibraryVersion | None = None


def _rows(
    store: LibraryStore,
    sql: str,
    batch: int,
    most_recent: int | None,
    *,
    ordered: bool = False,
    source: BuildSource | None = None,
) -> Iterator[list[Any]]:
    with store.reader() as conn:
        if source is not None:  # first read: it fixes the transaction's view for the rows too
            source.version = library_version(conn)
        if most_recent is None and not ordered:
            cursor = conn.execute(sql, (NOTES_SEARCH_CHARS,))
        else:
            limit = -1 if most_recent is None else max(0, most_recent)
            # NULLs (never opened) sort last in a descending order, as in the index.
            ordered_sql = f"{sql} ORDER BY last_opened_us DESC LIMIT ?"
            cursor = conn.execute(ordered_sql, (NOTES_SEARCH_CHARS, limit))
        while rows := cursor.fetchmany(batch):
            yield rows


def iter_index_batches(
    store: LibraryStore, batch: int = INDEX_BATCH, *, most_recent: int | None = None
) -> Iterator[list[Session]]:
    """Every stored session in its lean index form, ``batch`` at a time (streamed, not all read).

    ``most_recent=N`` reads only the N most recently opened sessions: a first index that is
    searchable in a fraction of the full load at 100k sessions, to install while the rest loads.

    Reads on a connection of its own in one read transaction, so a write in between batches (a
    sync on the event loop) neither tears the library in two nor mixes into this read.
    """
    intern = Interner()
    for rows in _rows(store, _SELECT_INDEX, batch, most_recent):
        yield [lean_session(row, intern) for row in rows]


def _tie_order(entries: list[IndexedSession]) -> list[IndexedSession]:
    if len(entries) > 1:
        entries.sort(key=lambda e: (e.haystack[1 : e.title_end], e.id))
    return entries


def build_snapshot_steps(
    store: LibraryStore,
    builder: SnapshotBuilder,
    *,
    most_recent: int | None = None,
    step_s: float = STEP_S,
    timer: Callable[[], float] = time.perf_counter,
    source: BuildSource | None = None,
) -> Iterator[None]:
    """Fill ``builder`` from the store and finish it, yielding after each bounded step.

    Reading and folding yield once a step has taken ``step_s`` (small batches, so a slow or busy
    machine gets more, shorter steps rather than longer ones); the builder's own final assembly
    yields at its own chunk boundaries. ``most_recent``: see :func:`iter_index_batches`.
    ``source``: receives the content version the rows were read at.
    """
    started = timer()
    intern = Interner()
    facet, tags, entry = builder.facet, intern.tags, IndexedSession.from_fields
    ties: list[IndexedSession] = []  # same last-opened time: ordered by folded title, then id
    rows_read = _rows(store, _SELECT_ENTRIES, _STEP_BATCH, most_recent, ordered=True, source=source)
    for rows in rows_read:
        for row in rows:
            opened = row[6] / 1e6 if row[6] is not None else NEVER_OPENED
            if ties and ties[0].last_opened != opened:
                builder.add_ordered(_tie_order(ties))
                ties = []
            ties.append(
                entry(
                    row[0],
                    display_title(row[1]),
                    facet(intern(row[2]), intern(row[3])),
                    tags(row[4]),
                    row[5],
                    opened,
                )
            )
        if timer() - started >= step_s:
            yield
            started = timer()
    builder.add_ordered(_tie_order(ties))
    yield
    yield from builder.finish_steps()
