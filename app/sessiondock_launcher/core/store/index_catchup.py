"""The index file brought up to the store's state: the file, plus the sessions changed since.

An index file matches the store only until the next change to a session (an edit, a cheap check's
news, another process): without this, nearly every start after a day's use would rebuild the
index from the store (seconds at 100k sessions), and ``--query`` without an instance with it. The
store logs which session changed at which content version (schema v4, ``session_changes``); a file
written at version V is loaded and the sessions logged after V are read back, to be searched beside
it (``SessionIndex.apply_stored``), exactly as the running app would have them. When the log does
not reach back to V (pruned), or more sessions changed than an overlay should hold, ``None``:
build from the store as before.

After an index file is written at V, log entries up to V are pruned: no later file can need them.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sessiondock_launcher.core.library import IndexedSession, LibrarySnapshot
from sessiondock_launcher.core.store.entries import entries_from
from sessiondock_launcher.core.store.persisted import library_version, load_index_behind

__all__ = ["CaughtUp", "changed_since", "load_caught_up", "prune_changes"]

logger = logging.getLogger(__name__)

_LOGGED_SINCE = "changes_logged_since"


@dataclass(frozen=True, slots=True)
class CaughtUp:
    """An index file's snapshot and what changed in the store after it was written."""

    snapshot: LibrarySnapshot
    entries: list[IndexedSession]
    """Sessions added or changed since (as stored now)."""
    removed: list[str]
    """Sessions removed since."""
    file_version: int
    store_version: int


def changed_since(conn: sqlite3.Connection, version: int, limit: int) -> list[str] | None:
    """Ids of the sessions written or removed after content ``version``; ``None`` when the log
    does not reach back that far or more than ``limit`` sessions changed."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (_LOGGED_SINCE,)).fetchone()
        if row is None or version < int(row[0]):
            return None
        ids = [
            found
            for (found,) in conn.execute(
                "SELECT DISTINCT id FROM session_changes WHERE version > ? LIMIT ?",
                (version, limit + 1),
            )
        ]
    except (sqlite3.OperationalError, ValueError):  # (a schema before v4, or a bad meta value)
        return None
    return ids if len(ids) <= limit else None


def load_caught_up(
    conn: sqlite3.Connection, store_path: Path, *, limit: int, worker: bool = False
) -> CaughtUp | None:
    """The index file of the store at ``store_path`` and the changes since it; ``conn`` must be
    in a read transaction (one consistent view of the version, the log and the rows); ``None``:
    build instead."""
    version = library_version(conn)
    if version is None:
        return None
    loaded = load_index_behind(store_path, version, worker=worker)
    if loaded is None:
        return None
    snapshot, at = loaded
    ids = [] if at == version.version else changed_since(conn, at, limit)
    if ids is None:
        logger.info("Index file at %d, store at %d: too far behind", at, version.version)
        return None
    entries = entries_from(conn, ids)
    present = {entry.id for entry in entries}
    removed = [session_id for session_id in ids if session_id not in present]
    return CaughtUp(snapshot, entries, removed, at, version.version)


def prune_changes(store_path: Path, upto: int) -> None:
    """Forget the log up to content version ``upto`` (an index file covers it). Best effort:
    a busy or read-only database keeps its log until the next file."""
    try:
        conn = sqlite3.connect(store_path, timeout=5.0, isolation_level=None)
    except sqlite3.Error as exc:
        logger.info("Could not prune the change log: %s", exc)
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM session_changes WHERE version <= ?", (upto,))
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
            "value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
            (_LOGGED_SINCE, upto),
        )
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        logger.info("Could not prune the change log: %s", exc)
    finally:
        conn.close()
