"""The library store: one SQLite connection and the session table's reads and writes.

Open it with :func:`sessiondock_launcher.core.store.open_store` (which recovers from a broken file);
pins, query history and usage live in ``store.pins``, ``store.history`` and ``store.usage``.
Every write runs in a transaction (:meth:`LibraryStore.transaction`); the connection is in
autocommit mode otherwise, so reads never hold a write lock.
"""

from __future__ import annotations

import logging
import math
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core.library import NOTES_SEARCH_CHARS
from sessiondock_launcher.core.store.codec import (
    COLUMNS,
    LEAN_COLUMNS,
    Interner,
    lean_session,
    row_for,
    session_from_row,
)
from sessiondock_launcher.core.store.personal import Pins, QueryHistory, UsageLog

__all__ = ["BUSY_TIMEOUT_S", "LibraryState", "LibraryStore", "Stamps", "connect"]

logger = logging.getLogger(__name__)

_SELECT_ALL = f"SELECT {', '.join(COLUMNS)} FROM sessions"
_UPSERT = (
    f"INSERT INTO sessions ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))}) "
    "ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c != "id")
    + ", raw_digest = NULL"
)
"""Insert, or update in place (keeps the rowid: a REPLACE would delete and re-insert). A row
made from a ``Session`` has no listing JSON behind it: its ``raw_digest`` is cleared."""
_RAW_COLUMNS = (*COLUMNS, "raw_digest")
_UPSERT_RAW = (
    f"INSERT INTO sessions ({', '.join(_RAW_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(_RAW_COLUMNS))}) "
    "ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _RAW_COLUMNS if c != "id")
)
""":data:`_UPSERT` of a row made from a listing's JSON, with that JSON's fingerprint last."""
_SELECT_ROW = f"SELECT {', '.join(LEAN_COLUMNS)} FROM sessions"
_STAMP_STEP = 1e-6
_ID_CHUNK = 500
"""Ids per ``IN (...)`` list (far under SQLite's variable limit)."""
_REMOVALS_KEPT = 1_000
"""Removals remembered (``Stamps.removed``)."""

META_FULL_SYNC_AT = "full_sync_at"
META_FULL_SYNC_DURATION = "full_sync_duration_s"
META_CHECKED_AT = "checked_at"


BUSY_TIMEOUT_S = 1.0
"""Wait at most this long for another connection's write lock (never hang on it)."""
_CHECKPOINT_PAGES = 256
"""WAL pages before a commit copies them back (~1 MB: each checkpoint stays a few ms)."""


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection with the store's settings (autocommit, WAL, bounded lock wait)."""
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(f"PRAGMA wal_autocheckpoint = {_CHECKPOINT_PAGES:d}")
    except BaseException:
        conn.close()
        raise
    return conn


class Stamps:
    """The last write stamp, shared by the stores on one file (see ``LibraryStore.stamp``)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.last: float | None = None
        self.removed: dict[str, float] = {}
        """Sessions removed here (SessionDock answered 404) and the stamp of that: a listing
        requested before it must not bring one back (``removed_since``). This run only, and
        only the last ``_REMOVALS_KEPT`` (a listing is in flight for seconds, not hours)."""


@dataclass(frozen=True, slots=True)
class LibraryState:
    """What the palette says about the stored library.

    Attributes:
        sessions: Sessions stored.
        full_sync_at: Wall-clock time the last complete listing was stored, or ``None`` (never).
        checked_at: Wall-clock time of the last successful contact (full sync or cheap check).
    """

    sessions: int
    full_sync_at: float | None
    checked_at: float | None

    @property
    def has_library(self) -> bool:
        """True when a complete library was stored at least once."""
        return self.full_sync_at is not None

    @property
    def data_from(self) -> float | None:
        """The time the stored data is from (for "data from <time>" while offline)."""
        times = [t for t in (self.full_sync_at, self.checked_at) if t is not None]
        return max(times, default=None)


class LibraryStore:
    """The stored library. Use one from one thread at a time (see :meth:`writer`).

    Args:
        conn: An open connection in autocommit mode with the current schema.
        path: The database file, or ``None`` for an in-memory store.
    """

    def __init__(
        self, conn: sqlite3.Connection, path: Path | None, *, stamps: Stamps | None = None
    ) -> None:
        self._conn = conn
        self._path = path
        self._stamps = stamps or Stamps()
        self.pins = Pins(conn, self.transaction)
        self.history = QueryHistory(conn, self.transaction)
        self.usage = UsageLog(conn, self.transaction)
        self._interner = Interner()

    @property
    def path(self) -> Path | None:
        """The database file (``None``: in memory, nothing survives a restart)."""
        return self._path

    @property
    def connection(self) -> sqlite3.Connection:
        return self._conn

    def close(self) -> None:
        """Close the connection (WAL is checkpointed and its files removed)."""
        self._conn.close()

    def __enter__(self) -> LibraryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        """A connection of its own in one read transaction (a consistent snapshot; WAL readers
        never block the writer). An in-memory store reads on its one connection."""
        if self._path is None:
            yield self._conn
            return
        conn = sqlite3.connect(self._path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            conn.execute("BEGIN")
            yield conn
        finally:
            conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on success, rolled back on any exception."""
        conn = self._conn
        if conn.in_transaction:  # nested: part of the outer transaction
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- sessions --------------------------------------------------------------------------
    def __len__(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM sessions").fetchone()[0])

    def get(self, session_id: str) -> Session | None:
        """The full session (notes, previews, unknown fields) for the pane and actions."""
        row = self._conn.execute(f"{_SELECT_ALL} WHERE id = ?", (session_id,)).fetchone()
        return session_from_row(row) if row is not None else None

    def get_many(self, session_ids: Iterable[str]) -> dict[str, Session]:
        """Full sessions by id (for the rows on screen); unknown ids are left out."""
        found: dict[str, Session] = {}
        intern = Interner()
        for row in self._by_ids(_SELECT_ALL, list(dict.fromkeys(session_ids))):
            found[row[0]] = session_from_row(row, intern)
        return found

    def rows(self, session_ids: Sequence[str]) -> dict[str, Session]:
        """What the result rows show, by id: lean sessions (the start of the notes, no previews
        or unknown fields; ``get`` has those); unknown ids are left out."""
        intern = self._interner
        rows = self._by_ids(_SELECT_ROW, session_ids, NOTES_SEARCH_CHARS)
        return {row[0]: lean_session(row, intern) for row in rows}

    def digests(self, session_ids: Iterable[str]) -> dict[str, bytes]:
        """Stored change fingerprints of the given ids (unknown ids are left out)."""
        return dict(self._by_ids("SELECT id, digest FROM sessions", list(session_ids)))

    def digests_and_stamps(self, session_ids: Iterable[str]) -> dict[str, tuple[bytes, float]]:
        """Stored change fingerprints and write stamps (``synced_at``) of the given ids."""
        rows = self._by_ids("SELECT id, digest, synced_at FROM sessions", list(session_ids))
        return {row[0]: (row[1], row[2]) for row in rows}

    def raw_digests(self, session_ids: Iterable[str]) -> dict[str, bytes | None]:
        """Stored fingerprints of the listing JSON of the given ids (``None``: none kept)."""
        return dict(self._by_ids("SELECT id, raw_digest FROM sessions", list(session_ids)))

    def _by_ids(self, select: str, ids: Sequence[str], *first: object) -> Iterator[Any]:
        """The rows of ``select`` (``... FROM sessions``) for ``ids``, ``_ID_CHUNK`` ids a query;
        ``first``: parameters the select itself takes, before the ids."""
        for start in range(0, len(ids), _ID_CHUNK):
            chunk = ids[start : start + _ID_CHUNK]
            marks = ",".join("?" * len(chunk))
            yield from self._conn.execute(f"{select} WHERE id IN ({marks})", (*first, *chunk))

    def put_raw_rows(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """Insert or replace rows made by ``codec.row_for`` with their JSON's fingerprint last."""
        with self.transaction() as conn:
            conn.executemany(_UPSERT_RAW, rows)

    def set_raw_digests(self, digests: Iterable[tuple[bytes, str]]) -> None:
        """Record ``(fingerprint, id)`` of stored rows equal to what that JSON makes (no content
        change: the content version stays, schema v5)."""
        with self.transaction() as conn:
            conn.executemany("UPDATE sessions SET raw_digest = ? WHERE id = ?", digests)

    def put(self, sessions: Iterable[Session], synced_at: float) -> None:
        """Insert or replace sessions (in the caller's transaction, or one of its own)."""
        with self.transaction() as conn:
            stamp = self.stamp(synced_at)  # keeps the write order reconciles rely on
            conn.executemany(_UPSERT, (row_for(s, stamp) for s in sessions))

    def stamp(self, now: float) -> float:
        """A write time for ``synced_at``: ``now``, but always after every earlier stamp.

        Reconciles tell what was stored before they started by this order, so it must be strict
        even when the wall clock is coarse (Windows: ~16 ms) or steps back.
        """
        with self._stamps.lock:
            last = self._stamps.last
            if last is None:
                found = self._conn.execute("SELECT max(synced_at) FROM sessions").fetchone()[0]
                last = float(found) if found is not None else float("-inf")
            stamp = max(now, last + _STAMP_STEP, math.nextafter(last, math.inf))
            self._stamps.last = stamp
            return stamp

    def writer(self) -> LibraryStore:
        """A second store on its own connection to the same file, sharing the write stamps.

        For writing from one worker thread while this one keeps serving the event loop (WAL:
        reads never wait; a write here waits, at most ``BUSY_TIMEOUT_S``, for the writer's step).
        """
        if self._path is None:
            raise ValueError("an in-memory store has no second connection")
        return LibraryStore(connect(self._path), self._path, stamps=self._stamps)

    def put_rows(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """Insert or replace rows made by ``codec.row_for``."""
        with self.transaction() as conn:
            conn.executemany(_UPSERT, rows)

    def delete(self, session_ids: Iterable[str]) -> None:
        """Remove sessions SessionDock no longer has, remembering when (``removed_since``)."""
        ids = list(session_ids)
        with self.transaction() as conn:
            conn.executemany("DELETE FROM sessions WHERE id = ?", ((i,) for i in ids))
        stamp = self.stamp(time.time())
        with self._stamps.lock:
            removed = self._stamps.removed
            removed.update(dict.fromkeys(ids, stamp))
            while len(removed) > _REMOVALS_KEPT:
                del removed[next(iter(removed))]  # (the oldest)

    def removed_since(self, session_id: str, stamp: float) -> bool:
        """Whether the session was removed here after ``stamp`` (a listing's request stamp)."""
        with self._stamps.lock:
            removed_at = self._stamps.removed.get(session_id)
        return removed_at is not None and removed_at > stamp

    # -- state -----------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def meta_float(self, key: str) -> float | None:
        value = self.meta(key)
        try:
            return None if value is None else float(value)
        except ValueError:
            return None

    def state(self) -> LibraryState:
        return LibraryState(
            sessions=len(self),
            full_sync_at=self.meta_float(META_FULL_SYNC_AT),
            checked_at=self.meta_float(META_CHECKED_AT),
        )
