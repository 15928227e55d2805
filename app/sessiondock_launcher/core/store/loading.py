"""Reading the stored library into the search index, fast and in bounded steps.

The index needs, per session, only what ranking and the result rows use: id, title, kind, status,
tags, the start of the notes (``NOTES_SEARCH_CHARS``, all that is searched), last opened, and for
the row its project path (tooltip), artwork URL and accent. Those are read straight from their
columns in batches; every other field keeps its default, so these *index sessions* are lean. The
preview pane and actions that need the rest (full notes, previews, audio) read the full session with
``LibraryStore.get`` / ``get_many``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core.library import NOTES_SEARCH_CHARS, SnapshotBuilder
from sessiondock_launcher.core.store.codec import Interner, from_micros
from sessiondock_launcher.core.store.store import LibraryStore

__all__ = ["INDEX_BATCH", "build_snapshot_steps", "iter_index_batches"]

logger = logging.getLogger(__name__)

INDEX_BATCH = 200
"""Sessions per batch of :func:`iter_index_batches`."""
STEP_S = 0.004
"""Longest read-and-fold step of :func:`build_snapshot_steps` before it yields (plus one batch)."""
_STEP_BATCH = 25

_SELECT_INDEX = (
    "SELECT id, title, kind, status, accent, tags, substr(notes, 1, ?), last_opened_us,"
    " project_path, preview_url FROM sessions"
)


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
    tags = intern.tags
    with store.reader() as conn:
        if most_recent is None:
            cursor = conn.execute(_SELECT_INDEX, (NOTES_SEARCH_CHARS,))
        else:
            sql = f"{_SELECT_INDEX} ORDER BY last_opened_us DESC LIMIT ?"
            cursor = conn.execute(sql, (NOTES_SEARCH_CHARS, max(0, most_recent)))
        while rows := cursor.fetchmany(batch):
            yield [
                Session(
                    id=row[0],
                    title=row[1],
                    kind=intern(row[2]),
                    status=intern(row[3]),
                    accent=intern(row[4]),
                    tags=tags(row[5]),
                    notes=row[6],
                    last_opened=from_micros(row[7]),
                    project_path=row[8],
                    preview_url=row[9],
                )
                for row in rows
            ]


def build_snapshot_steps(
    store: LibraryStore,
    builder: SnapshotBuilder,
    *,
    most_recent: int | None = None,
    step_s: float = STEP_S,
    timer: Callable[[], float] = time.perf_counter,
) -> Iterator[None]:
    """Fill ``builder`` from the store and finish it, yielding after each bounded step.

    Reading and folding yield once a step has taken ``step_s`` (small batches, so a slow or busy
    machine gets more, shorter steps rather than longer ones); the builder's own final assembly
    yields at its own chunk boundaries. ``most_recent``: see :func:`iter_index_batches`.
    """
    started = timer()
    for sessions in iter_index_batches(store, _STEP_BATCH, most_recent=most_recent):
        builder.add(sessions)
        if timer() - started >= step_s:
            yield
            started = timer()
    yield
    yield from builder.finish_steps()
