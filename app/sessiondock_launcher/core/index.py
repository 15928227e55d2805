"""The local session library and its per-keystroke search.

``SessionIndex`` owns the current :class:`LibrarySnapshot`. Changes (``replace_all``, ``install``,
``upsert``, ``remove``) bump ``generation``, which invalidates the incremental-search cache.
Single upserts and removals mark the snapshot stale; it is rebuilt (O(n)) on the next read.

The snapshot holds what ranking needs, not sessions. The sessions a search returns (the rows on
screen) come from the index's *details*: an index built from sessions in memory keeps them
(``records``: tests, tools); the app's index reads them from the store (:meth:`attach_details`),
the rows' lean form for results and the full session for ``get``, with a small cache. Sessions
changed here (an edit) are kept aside until the store has them, and win over the store's.
"""

from __future__ import annotations

import bisect
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core.frecency import FrecencyStore
from sessiondock_launcher.core.library import NEVER_OPENED, IndexedSession, LibrarySnapshot
from sessiondock_launcher.core.matching import (
    FilterKey,
    MatchCache,
    filter_key,
    filtered_positions,
)
from sessiondock_launcher.core.query import Query
from sessiondock_launcher.core.ranking import (
    Match,
    RankedPosition,
    SearchResult,
    rank_by_frecency,
    rank_matches,
    title_positions,
)
from sessiondock_launcher.core.snapshot_build import SnapshotBuilder

__all__ = ["FrecencySource", "SessionDetails", "SessionIndex"]

logger = logging.getLogger(__name__)

FrecencySource = FrecencyStore | Callable[[str], float]
"""A store (fast: scores are snapshotted) or a ``session_id -> 0..1`` callable (O(n) a search)."""

NEVER_OPENED_DESC = -NEVER_OPENED
ROW_CACHE_MAX = 2_000
"""Row sessions kept between keystrokes (typing on mostly shows the same rows again)."""


class SessionDetails(Protocol):
    """Where the sessions behind the index's positions are read (the library store)."""

    def rows(self, session_ids: Sequence[str]) -> Mapping[str, Session]:
        """What the result rows show, by id (lean: the start of the notes, no previews)."""
        ...

    def get(self, session_id: str) -> Session | None:
        """The whole session."""
        ...


class SessionIndex:
    """All known sessions, searchable in a few milliseconds per keystroke.

    Args:
        sessions: Initial library (kept in memory: an index without details).
        frecency: Source of the frecency boost, or ``None`` for none.
        clock: Wall-clock seconds, used for the ``recent`` filter.
    """

    def __init__(
        self,
        sessions: Iterable[Session] = (),
        *,
        frecency: FrecencySource | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._frecency = frecency
        self._clock = clock
        self._snapshot = LibrarySnapshot.empty()
        self._entries: dict[str, IndexedSession] | None = None
        """Pending single changes: every entry, edited; ``None`` when the snapshot is current."""
        self._stale = False
        self._generation = 0
        self._details: SessionDetails | None = None
        self._on_upsert: Callable[[Session], bool] | None = None
        self._on_remove: Callable[[str], bool] | None = None
        self._records: dict[str, Session] = {}
        """Without details: every session. With details: the ones changed here (see above)."""
        self._record_seq: dict[str, int] = {}
        self._removed: dict[str, int] = {}
        """With details: removed here, still in the snapshot until the rebuild (→ change)."""
        self._changes = 0
        self._rows: dict[str, Session] = {}
        self._matcher = MatchCache()
        self._filter_cache: tuple[int, FilterKey, list[int] | None] | None = None
        self._frecency_cache: tuple[int, object, dict[int, float]] | None = None
        self.replace_all(sessions)

    @property
    def generation(self) -> int:
        """Bumps on every change of the library."""
        return self._generation

    @property
    def changes(self) -> int:
        """Counts ``upsert`` and ``remove`` calls (see ``install``'s ``changes_seen``)."""
        return self._changes

    @property
    def incremental_hits(self) -> int:
        """How many searches reused the previous keystroke's candidates (for tests and bench)."""
        return self._matcher.incremental_hits

    def attach_details(
        self,
        details: SessionDetails,
        *,
        on_upsert: Callable[[Session], bool] | None = None,
        on_remove: Callable[[str], bool] | None = None,
    ) -> None:
        """Read sessions from ``details`` from now on (nothing kept per session in memory);
        ``on_upsert`` / ``on_remove`` pass single changes on (to the store) and return True when
        a rebuild from there will follow (so none is done here)."""
        self._details = details
        self._on_upsert = on_upsert
        self._on_remove = on_remove
        self._records = {}
        self._record_seq = {}
        self._rows = {}

    def __len__(self) -> int:
        if self._entries is not None:
            return len(self._entries)  # (removed ones are not among them)
        return len(self._snapshot) - len(self._removed)

    def __contains__(self, session_id: object) -> bool:
        if session_id in self._removed:
            return False
        if self._entries is not None:
            return session_id in self._entries
        return session_id in self._snapshot.position

    def get(self, session_id: str) -> Session | None:
        """The whole session, or ``None`` when the index does not have it."""
        found = self._records.get(session_id)  # (one created here may not be indexed yet)
        if found is None and session_id not in self:
            return None
        if found is None and self._details is not None:
            found = self._details.get(session_id)
        return found

    def replace_all(self, sessions: Iterable[Session]) -> None:
        """Replace the whole library (synchronously), kept in memory."""
        builder = SnapshotBuilder(keep_records=self._details is None)
        builder.add(sessions)
        for _ in builder.finish_steps():
            pass
        self.install(builder.result())

    def install(self, snapshot: LibrarySnapshot, *, changes_seen: int | None = None) -> None:
        """Swap in a snapshot built off to the side (``SnapshotBuilder``).

        Args:
            snapshot: The new library.
            changes_seen: With details: ``changes`` when the snapshot's source was read; sessions
                changed here since then stay ahead of it (``None``: every one was seen).
        """
        self._snapshot = snapshot
        self._entries = None
        self._stale = False
        self._rows = {}
        if self._details is None:
            self._records = snapshot.records if snapshot.records is not None else {}
            self._record_seq = {}
        else:  # what changed here after the snapshot's source was read stays ahead of it
            seen = self._changes if changes_seen is None else changes_seen
            self._records = {
                k: v for k, v in self._records.items() if self._record_seq.get(k, 0) > seen
            }
            self._record_seq = {k: self._record_seq[k] for k in self._records}
            self._removed = {k: v for k, v in self._removed.items() if v > seen}
        snapshot.records = None  # the index owns them now
        self._changed()

    def upsert(self, session: Session) -> None:
        """Add or replace one session.

        With details, the rows show a changed session at once; its search text follows when the
        details' owner rebuilds the index from the store in steps (``on_upsert`` returned True).
        Otherwise, and for a new session (searchable at once), the index is rebuilt here, at the
        next search (O(n)).
        """
        known = session.id in self
        self._keep(session)
        self._removed.pop(session.id, None)
        deferred = self._on_upsert is not None and self._on_upsert(session)
        if not (deferred and known):  # a new session is searchable at once: rebuilt here
            self._entries_now()[session.id] = IndexedSession.from_session(session)
            self._stale = True
        self._changed()

    def remove(self, session_id: str) -> bool:
        """Drop one session; ``False`` when it was not there (see ``upsert`` for when)."""
        if session_id not in self:
            return False
        self._records.pop(session_id, None)
        self._record_seq.pop(session_id, None)
        self._rows.pop(session_id, None)
        self._changes += 1
        if self._on_remove is not None and self._on_remove(session_id):
            self._removed[session_id] = self._changes  # left out until the rebuild
        else:
            del self._entries_now()[session_id]
            self._stale = True
        self._changed()
        return True

    def _keep(self, session: Session) -> None:
        self._changes += 1
        self._records[session.id] = session
        self._rows.pop(session.id, None)
        if self._details is not None:
            self._record_seq[session.id] = self._changes

    def _entries_now(self) -> dict[str, IndexedSession]:
        if self._entries is None:
            snap = self._snapshot
            tags, removed = snap.tag_positions(), self._removed
            self._entries = {
                snap.ids[i]: snap.entry(i, tags.get(i, ()))
                for i in range(len(snap))
                if snap.ids[i] not in removed
            }
        return self._entries

    def sessions(self, session_ids: Sequence[str]) -> list[Session]:
        """The row sessions of ``session_ids`` (known ids only), in that order."""
        found = self._row_sessions(session_ids)
        return [found[i] for i in session_ids if i in found]

    def _row_sessions(self, session_ids: Sequence[str]) -> dict[str, Session]:
        records, rows = self._records, self._rows
        found: dict[str, Session] = {}
        missing: list[str] = []
        for session_id in session_ids:
            session = records.get(session_id) or rows.get(session_id)
            if session is None:
                missing.append(session_id)
            else:
                found[session_id] = session
        if missing and self._details is not None:
            read = self._details.rows(missing)
            if len(read) <= ROW_CACHE_MAX:  # (a whole-library read is not kept)
                if len(rows) + len(read) > ROW_CACHE_MAX:
                    rows.clear()
                rows.update(read)
            found.update(read)
        return found

    def field_counts(self, field: str) -> Counter[str]:
        """How many sessions have each ``kind`` or ``status`` value (``field``)."""
        snap = self._current()
        by_status = ("kind", "status").index(field) == 1
        counts: Counter[str] = Counter()
        for facet_id, count in Counter(snap.facet_of).items():
            kind, status = snap.facets[facet_id]
            counts[status if by_status else kind] += count
        return counts

    def recent(self, limit: int = 10) -> list[Session]:
        """Up to ``limit`` sessions that have been opened, most recent first."""
        snap = self._current()
        opened = bisect.bisect_left(snap.opened_desc, NEVER_OPENED_DESC)  # the opened ones lead
        return self.sessions(snap.ids[: min(max(0, limit), opened)])

    def search(self, query: Query, limit: int = 50) -> SearchResult:
        """Rank the library for ``query``; see ``core.ranking`` for the rules."""
        snap = self._current()
        limit = max(0, limit)
        if query.is_empty:
            top = self.sessions(snap.ids[:limit])
            return SearchResult(query, [Match(s, 0.0) for s in top], len(snap))
        key = filter_key(query, self._clock())
        base = self._base(snap, key)
        tokens = query.tokens
        frecency = self._frecency_by_position(snap)
        if not tokens:
            positions = base if base is not None else list(range(len(snap)))
            ranked = rank_by_frecency(positions, frecency, limit)
            return SearchResult(query, self._to_matches(snap, ranked, ()), len(positions))
        matched = self._matcher.matches(
            snap, self._generation, key, base=base, tokens=tokens, page=limit
        )
        ranked = rank_matches(snap, tokens, matched, base=base, frecency=frecency, limit=limit)
        matches = self._to_matches(snap, ranked, tokens)
        return SearchResult(query, matches, len(matched), fuzzy_counted=matched.complete)

    def _to_matches(
        self, snap: LibrarySnapshot, ranked: list[RankedPosition], tokens: tuple[str, ...]
    ) -> list[Match]:
        generation = self._generation
        ids = snap.ids
        if self._removed:
            ranked = [item for item in ranked if ids[item.position] not in self._removed]
        found = self._row_sessions([ids[item.position] for item in ranked])
        matches = []
        for item in ranked:
            session_id = ids[item.position]
            session = found.get(session_id) or Session(session_id, snap.title(item.position))
            positions = (
                title_positions(
                    session.display_title,
                    tokens,
                    lambda t: self._matcher.token_words(snap, generation, t),
                )
                if tokens
                else ()
            )
            matches.append(Match(session, item.score, positions, item.match_class))
        return matches

    def _current(self) -> LibrarySnapshot:
        if self._stale and self._entries is not None:
            builder = SnapshotBuilder()
            builder.add_indexed(self._entries.values())
            for _ in builder.finish_steps():
                pass
            self._snapshot = builder.result()
            self._entries = None
        self._stale = False
        return self._snapshot

    def _changed(self) -> None:
        self._generation += 1
        self._filter_cache = None
        self._frecency_cache = None

    def _base(self, snap: LibrarySnapshot, key: FilterKey) -> list[int] | None:
        cached = self._filter_cache
        if cached is not None and cached[0] == self._generation and cached[1] == key:
            return cached[2]
        base = filtered_positions(snap, key)
        self._filter_cache = (self._generation, key, base)
        return base

    def _frecency_by_position(self, snap: LibrarySnapshot) -> Mapping[int, float]:
        source = self._frecency
        if source is None:
            return {}
        if not isinstance(source, FrecencyStore):
            ids = iter(snap.ids)
            return {i: min(1.0, s) for i, s in enumerate(map(source, ids)) if s > 0}
        scores = source.snapshot()
        cached = self._frecency_cache
        if cached is not None and cached[0] == self._generation and cached[1] is scores:
            return cached[2]
        position = snap.position
        by_position = {position[k]: s for k, s in scores.items() if k in position and s > 0}
        self._frecency_cache = (self._generation, scores, by_position)
        return by_position
