"""What the user made of the library: pins, query history and usage (picks, for frecency).

Each is a small view over one table of the store; every write is one transaction, so everything
recorded survives a restart (and a crash right after the call returns).
"""

from __future__ import annotations

import json
import logging
import math
import sqlite3
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from sessiondock_launcher.core.frecency import DEFAULT_HALF_LIFE_S, FrecencyStore

__all__ = ["HistoryWalk", "Pins", "QueryHistory", "UsageLog"]

logger = logging.getLogger(__name__)

Transaction = Callable[[], AbstractContextManager[sqlite3.Connection]]

QUERY_HISTORY_MAX = 100
"""Distinct queries kept (the oldest are dropped)."""
QUERY_MAX_CHARS = 500
USAGE_MAX_EVENTS = 20_000
"""Picks kept: older ones weigh less than 1 % after ~7 half-lives anyway."""


class Pins:
    """Pinned session ids in the user's order (they head the empty-query list and the tray)."""

    def __init__(self, conn: sqlite3.Connection, transaction: Transaction) -> None:
        self._conn = conn
        self._transaction = transaction

    def ids(self) -> list[str]:
        """Pinned ids, first pin first (ids of sessions no longer stored are kept)."""
        rows = self._conn.execute("SELECT session_id FROM pins ORDER BY position, pinned_at")
        return [row[0] for row in rows]

    def __contains__(self, session_id: object) -> bool:
        row = self._conn.execute("SELECT 1 FROM pins WHERE session_id = ?", (session_id,))
        return row.fetchone() is not None

    def pin(self, session_id: str, *, now: float | None = None) -> bool:
        """Pin at the end of the list; ``False`` when already pinned (its place is kept)."""
        with self._transaction() as conn:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO pins (session_id, position, pinned_at) "
                "VALUES (?, (SELECT coalesce(max(position), 0) + 1 FROM pins), ?)",
                (session_id, time.time() if now is None else now),
            )
            return cursor.rowcount == 1

    def unpin(self, session_id: str) -> bool:
        """``False`` when it was not pinned."""
        with self._transaction() as conn:
            cursor = conn.execute("DELETE FROM pins WHERE session_id = ?", (session_id,))
            return cursor.rowcount == 1

    def reorder(self, session_ids: Iterable[str]) -> None:
        """Put the given pinned ids first, in this order; the others follow in their order."""
        wanted = [i for i in dict.fromkeys(session_ids) if i in self]
        rest = [i for i in self.ids() if i not in set(wanted)]
        with self._transaction() as conn:
            conn.executemany(
                "UPDATE pins SET position = ? WHERE session_id = ?",
                ((at, session_id) for at, session_id in enumerate(wanted + rest, start=1)),
            )


class QueryHistory:
    """Recent distinct queries; a repeated query moves to the front instead of repeating."""

    def __init__(
        self, conn: sqlite3.Connection, transaction: Transaction, limit: int = QUERY_HISTORY_MAX
    ) -> None:
        self._conn = conn
        self._transaction = transaction
        self._limit = limit

    def record(self, text: str, *, now: float | None = None) -> bool:
        """Remember ``text`` (whitespace normalised); ``False`` for an empty query."""
        text = " ".join(text.split())[:QUERY_MAX_CHARS]
        if not text:
            return False
        with self._transaction() as conn:
            conn.execute("DELETE FROM query_history WHERE text = ?", (text,))
            conn.execute(
                "INSERT INTO query_history (text, at) VALUES (?, ?)",
                (text, time.time() if now is None else now),
            )
            conn.execute(
                "DELETE FROM query_history WHERE seq NOT IN "
                "(SELECT seq FROM query_history ORDER BY seq DESC LIMIT ?)",
                (self._limit,),
            )
        return True

    def recent(self, limit: int | None = None) -> list[str]:
        """Newest first."""
        rows = self._conn.execute(
            "SELECT text FROM query_history ORDER BY seq DESC LIMIT ?",
            (self._limit if limit is None else max(0, limit),),
        )
        return [row[0] for row in rows]

    def walk(self) -> HistoryWalk:
        """A cursor for ↑/↓ in the search field, over the history as it is now."""
        return HistoryWalk(self.recent())

    def clear(self) -> None:
        with self._transaction() as conn:
            conn.execute("DELETE FROM query_history")


class HistoryWalk:
    """↑ steps back to older queries, ↓ forward again; past the newest is the empty field.

    Args:
        entries: Queries, newest first.
    """

    def __init__(self, entries: Iterable[str]) -> None:
        self._entries = list(entries)
        self._at = -1

    def older(self) -> str | None:
        """The next older query, or ``None`` at the oldest (the field keeps its text)."""
        if self._at + 1 >= len(self._entries):
            return None
        self._at += 1
        return self._entries[self._at]

    def newer(self) -> str | None:
        """The next newer query; ``""`` past the newest; ``None`` when not walking."""
        if self._at < 0:
            return None
        self._at -= 1
        return self._entries[self._at] if self._at >= 0 else ""


class UsageLog:
    """Every pick (focus or open) of a session, for frecency that survives restarts."""

    def __init__(
        self, conn: sqlite3.Connection, transaction: Transaction, limit: int = USAGE_MAX_EVENTS
    ) -> None:
        self._conn = conn
        self._transaction = transaction
        self._limit = limit

    def record(self, session_id: str, *, now: float | None = None) -> None:
        with self._transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO usage (session_id, at) VALUES (?, ?)",
                (session_id, time.time() if now is None else now),
            )
            seq = cursor.lastrowid
            if seq is not None and seq % 100 == 0:  # trim now and then, not on every pick
                conn.execute("DELETE FROM usage WHERE seq <= ?", (seq - self._limit,))

    def __len__(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM usage").fetchone()[0])

    def import_frecency_file(self, path: Path) -> int:
        """Carry the picks of the old ``frecency.json`` over, once, into an empty usage log.

        The file keeps one decayed count per session; it becomes that many picks (rounded, at
        least one) at the time it was last updated, which replays to about the same score.
        Returns the picks added (0 when the log is not empty or the file is missing/unreadable).
        """
        if len(self):
            return 0
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            logger.info("No frecency file to import from %s: %s", path, exc)
            return 0
        entries = data.get("entries") if isinstance(data, dict) else None
        picks: list[tuple[str, float]] = []
        for session_id, value in (entries if isinstance(entries, dict) else {}).items():
            if not (isinstance(value, list) and len(value) == 2):
                continue
            raw, at = value
            if all(isinstance(v, int | float) and math.isfinite(v) for v in (raw, at)) and raw > 0:
                picks.extend([(str(session_id), float(at))] * max(1, round(raw)))
        with self._transaction() as conn:
            conn.executemany("INSERT INTO usage (session_id, at) VALUES (?, ?)", picks)
        return len(picks)

    def events(self) -> list[tuple[str, float]]:
        """``(session_id, at)`` oldest first."""
        return [
            (row[0], row[1])
            for row in self._conn.execute("SELECT session_id, at FROM usage ORDER BY at, seq")
        ]

    def frecency(
        self,
        *,
        clock: Callable[[], float] = time.time,
        half_life_s: float = DEFAULT_HALF_LIFE_S,
    ) -> FrecencyStore:
        """An in-memory :class:`FrecencyStore` holding exactly these picks.

        The picks are replayed through ``FrecencyStore.record`` at their own times, so the scores
        are the frecency module's own arithmetic (one formula, not a copy of it).
        """
        replay_at = [0.0]
        replaying = [True]

        def replay_clock() -> float:
            return replay_at[0] if replaying[0] else clock()

        store = FrecencyStore(None, clock=replay_clock, half_life_s=half_life_s)
        for session_id, at in self.events():
            replay_at[0] = at
            store.record(session_id)
        replaying[0] = False
        return store
