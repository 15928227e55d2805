"""The local session library and its per-keystroke search.

``SessionIndex`` owns the current :class:`LibrarySnapshot`. Changes (``replace_all``, ``install``,
``upsert``, ``remove``) bump ``generation``, which invalidates the incremental-search cache.
Single upserts and removals mark the snapshot stale; it is rebuilt (O(n)) on the next read.
Lookups by id go through the snapshot's ``position`` map; a separate id → entry map is only built
while single changes are pending (so ``install`` does no O(n) work and no memory is duplicated).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core.frecency import FrecencyStore
from sessiondock_launcher.core.library import IndexedSession, LibrarySnapshot, SnapshotBuilder
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

__all__ = ["FrecencySource", "SessionIndex"]

logger = logging.getLogger(__name__)

FrecencySource = FrecencyStore | Callable[[str], float]
"""A store (fast: scores are snapshotted) or a ``session_id -> 0..1`` callable (O(n) a search)."""


class SessionIndex:
    """All known sessions, searchable in a few milliseconds per keystroke.

    Args:
        sessions: Initial library.
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
        self._by_id: dict[str, IndexedSession] | None = None
        """Pending single changes: every entry, edited; ``None`` when the snapshot is current."""
        self._stale = False
        self._generation = 0
        self._matcher = MatchCache()
        self._filter_cache: tuple[int, FilterKey, list[int] | None] | None = None
        self._frecency_cache: tuple[int, object, dict[int, float]] | None = None
        self.replace_all(sessions)

    @property
    def generation(self) -> int:
        """Bumps on every change of the library."""
        return self._generation

    @property
    def incremental_hits(self) -> int:
        """How many searches reused the previous keystroke's candidates (for tests and bench)."""
        return self._matcher.incremental_hits

    def __len__(self) -> int:
        return len(self._by_id) if self._by_id is not None else len(self._snapshot)

    def __contains__(self, session_id: object) -> bool:
        if self._by_id is not None:
            return session_id in self._by_id
        return session_id in self._snapshot.position

    def get(self, session_id: str) -> Session | None:
        if self._by_id is not None:
            entry = self._by_id.get(session_id)
            return entry.session if entry is not None else None
        at = self._snapshot.position.get(session_id)
        return self._snapshot.sessions[at] if at is not None else None

    def replace_all(self, sessions: Iterable[Session]) -> None:
        """Replace the whole library (synchronously; see ``LibrarySync`` for the async path)."""
        builder = SnapshotBuilder()
        builder.add(sessions)
        for _ in builder.finish_steps():
            pass
        self.install(builder.result())

    def install(self, snapshot: LibrarySnapshot) -> None:
        """Swap in a snapshot built off to the side (``SnapshotBuilder``)."""
        self._snapshot = snapshot
        self._by_id = None
        self._stale = False
        self._changed()

    def upsert(self, session: Session) -> None:
        """Add or replace one session."""
        self._pending()[session.id] = IndexedSession.from_session(session)
        self._stale = True
        self._changed()

    def remove(self, session_id: str) -> bool:
        """Drop one session; ``False`` when it was not there."""
        if session_id not in self:
            return False
        del self._pending()[session_id]
        self._stale = True
        self._changed()
        return True

    def _pending(self) -> dict[str, IndexedSession]:
        if self._by_id is None:
            snap = self._snapshot
            self._by_id = {s.id: snap.entry(i) for i, s in enumerate(snap.sessions)}
        return self._by_id

    def recent(self, limit: int = 10) -> list[Session]:
        """Up to ``limit`` sessions that have been opened, most recent first."""
        sessions = self._current().sessions
        return [s for s in sessions[: max(0, limit)] if s.last_opened is not None]

    def search(self, query: Query, limit: int = 50) -> SearchResult:
        """Rank the library for ``query``; see ``core.ranking`` for the rules."""
        snap = self._current()
        limit = max(0, limit)
        if query.is_empty:
            top = snap.sessions[:limit]
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
        matches = []
        for item in ranked:
            session = snap.sessions[item.position]
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
        if self._stale and self._by_id is not None:
            builder = SnapshotBuilder()
            builder.add_indexed(self._by_id.values())
            for _ in builder.finish_steps():
                pass
            self._snapshot = builder.result()
            self._by_id = None
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
            ids = (s.id for s in snap.sessions)
            return {i: min(1.0, s) for i, s in enumerate(map(source, ids)) if s > 0}
        scores = source.snapshot()
        cached = self._frecency_cache
        if cached is not None and cached[0] == self._generation and cached[1] is scores:
            return cached[2]
        position = snap.position
        by_position = {position[k]: s for k, s in scores.items() if k in position and s > 0}
        self._frecency_cache = (self._generation, scores, by_position)
        return by_position
