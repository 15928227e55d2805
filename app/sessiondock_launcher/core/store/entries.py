"""The index entries of a few stored sessions, for changes applied beside the index's base.

A cheap check or a reconcile that changed a few sessions need not rebuild the index from the
whole store (seconds at 100k): their entries are read here and handed to
``SessionIndex.apply_stored``, which searches them at the next keystroke.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from sessiondock_launcher.core.library import (
    NEVER_OPENED,
    NOTES_SEARCH_CHARS,
    IndexedSession,
    display_title,
)
from sessiondock_launcher.core.store.codec import Interner
from sessiondock_launcher.core.store.store import LibraryStore

__all__ = ["entries_from", "read_entries"]

_CHUNK = 500
"""Ids per query (SQLite's default limit on host parameters is far above it, and stays so)."""


def read_entries(store: LibraryStore, session_ids: Sequence[str]) -> list[IndexedSession]:
    """The index entries of the stored sessions among ``session_ids`` (unknown ids left out),
    folded exactly as a load from the store folds them."""
    with store.reader() as conn:
        return entries_from(conn, session_ids)


def entries_from(conn: sqlite3.Connection, session_ids: Sequence[str]) -> list[IndexedSession]:
    """:func:`read_entries` on a connection of the caller's (in its transaction)."""
    intern = Interner()
    found: list[IndexedSession] = []
    for start in range(0, len(session_ids), _CHUNK):
        chunk = list(session_ids[start : start + _CHUNK])
        marks = ", ".join("?" * len(chunk))
        rows = conn.execute(
            "SELECT id, title, kind, status, tags, substr(notes, 1, ?), last_opened_us"
            f" FROM sessions WHERE id IN ({marks})",
            (NOTES_SEARCH_CHARS, *chunk),
        ).fetchall()
        found.extend(
            IndexedSession.from_fields(
                row[0],
                display_title(row[1]),
                (intern(row[2]), intern(row[3])),
                intern.tags(row[4]),
                row[5],
                row[6] / 1e6 if row[6] is not None else NEVER_OPENED,
            )
            for row in rows
        )
    return found
