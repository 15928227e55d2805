"""The local session library and its per-keystroke search.

``SessionIndex`` searches a *base* snapshot (the whole library as last built: ``install``,
``replace_all``) and a small *overlay*: the sessions added or changed since (an edit, a new
session, a cheap check's news), whose base versions are hidden. A change therefore costs a rebuild
of the overlay (microseconds), never of the library (seconds at 100k sessions): the change is
searchable at the next keystroke. The two are merged by the one global order (``core/index_part``),
so results equal those of a snapshot rebuilt with the change. When the overlay grows past
``OVERLAY_MAX`` the owner rebuilds the base (``StoredLibrary``: from the store, in steps); an index
without details does it itself at the next search.

The snapshot holds what ranking needs, not sessions. The sessions a search returns (the rows on
screen) come from the index's *details*: an index built from sessions in memory keeps them
(``records``: tests, tools); the app's index reads them from the store (:meth:`attach_details`):
the rows' lean form, a screenful at a time as they are first read (``core/row_matches``), and the
whole session for ``get``. Edits are kept aside until the store has them, and win over its rows.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core.index_part import (
    Counted,
    FrecencySource,
    IndexPart,
    Placed,
    Ranked,
    merge_placed,
    merge_ranked,
)
from sessiondock_launcher.core.library import IndexedSession, LibrarySnapshot
from sessiondock_launcher.core.query import Query
from sessiondock_launcher.core.ranking import MatchClass, SearchResult
from sessiondock_launcher.core.row_matches import NO_WORDS, Lookups, RowMatches, RowPlan
from sessiondock_launcher.core.snapshot_build import SnapshotBuilder

__all__ = ["OVERLAY_MAX", "FrecencySource", "SessionDetails", "SessionIndex"]

logger = logging.getLogger(__name__)

ROW_CACHE_MAX = 2_000
"""Row sessions kept between keystrokes (typing on mostly shows the same rows again)."""
OVERLAY_MAX = 200
"""Changes kept beside the base before it is rebuilt: each costs a little on every keystroke
(``bench/bench_changes.py``, 10k sessions at load 5.6: keystroke p95 7.8 ms with none, 10.2 with 200
changed sessions that match the typed text, 13.6 with 500)."""


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
        self._base = IndexPart(LibrarySnapshot.empty())
        self._overlay: dict[str, tuple[IndexedSession, int]] = {}
        """Added or changed since the base was built: the entry and when (``changes``)."""
        self._dropped: dict[str, int] = {}
        """Removed since the base was built, and when."""
        self._hidden: set[str] = set()
        """Base sessions not to show: changed (the overlay has them) or removed."""
        self._hidden_at: list[int] | None = None
        self._over_part: IndexPart | None = None
        self._generation = 0
        self._details: SessionDetails | None = None
        self._on_upsert: Callable[[Session], object] | None = None
        self._on_remove: Callable[[str], object] | None = None
        self._records: dict[str, Session] = {}
        """Without details: every session. With details: the ones changed here (see above)."""
        self._record_seq: dict[str, int] = {}
        self._changes = 0
        self._rows: dict[str, Session] = {}
        self.replace_all(sessions)

    @property
    def generation(self) -> int:
        """Bumps on every change of the library."""
        return self._generation

    @property
    def changes(self) -> int:
        """Counts changes (``upsert``, ``remove``, ``apply_stored``; see ``install``)."""
        return self._changes

    @property
    def incremental_hits(self) -> int:
        """How many searches reused the previous keystroke's candidates (for tests and bench)."""
        return self._base.matcher.incremental_hits

    @property
    def overlay_size(self) -> int:
        """Changes kept beside the base (see ``OVERLAY_MAX``)."""
        return len(self._overlay) + len(self._dropped)

    def attach_details(
        self,
        details: SessionDetails,
        *,
        on_upsert: Callable[[Session], object] | None = None,
        on_remove: Callable[[str], object] | None = None,
    ) -> None:
        """Read sessions from ``details`` from now on (nothing kept per session in memory);
        ``on_upsert`` / ``on_remove`` pass single changes on (to the store)."""
        self._details = details
        self._on_upsert = on_upsert
        self._on_remove = on_remove
        self._records = {}
        self._record_seq = {}
        self._rows = {}

    def __len__(self) -> int:
        return len(self._base) - len(self._hidden) + len(self._overlay)

    def __contains__(self, session_id: object) -> bool:
        if session_id in self._overlay:
            return True
        return session_id in self._base.snap.position and session_id not in self._hidden

    def get(self, session_id: str) -> Session | None:
        """The whole session, or ``None`` when the index does not have it."""
        if session_id not in self:
            return None
        found = self._records.get(session_id)
        if found is None and self._details is not None:
            found = self._details.get(session_id)
        return found

    # -- changes -----------------------------------------------------------------------------
    def replace_all(self, sessions: Iterable[Session]) -> None:
        """Replace the whole library (synchronously), kept in memory."""
        builder = SnapshotBuilder(keep_records=self._details is None)
        builder.add(sessions)
        for _ in builder.finish_steps():
            pass
        self.install(builder.result())

    def install(self, snapshot: LibrarySnapshot, *, changes_seen: int | None = None) -> None:
        """Swap in a snapshot built off to the side (``SnapshotBuilder``) as the base.

        Args:
            snapshot: The new library.
            changes_seen: ``changes`` when the snapshot's source was read; changes made here
                since then stay ahead of it (``None``: every one was seen).
        """
        seen = self._changes if changes_seen is None else changes_seen
        self._base = IndexPart(snapshot)
        self._rows = {}
        self._overlay = {k: v for k, v in self._overlay.items() if v[1] > seen}
        self._dropped = {k: v for k, v in self._dropped.items() if v > seen}
        self._over_part = None
        if self._details is None:
            self._records = snapshot.records if snapshot.records is not None else {}
            self._record_seq = {}
            for session_id in self._dropped:
                self._records.pop(session_id, None)
        else:  # what changed here after the snapshot's source was read stays ahead of it
            self._records = {
                k: v for k, v in self._records.items() if self._record_seq.get(k, 0) > seen
            }
            self._record_seq = {k: self._record_seq[k] for k in self._records}
        snapshot.records = None  # the index owns them now
        position = snapshot.position
        self._hidden = {k for k in (*self._overlay, *self._dropped) if k in position}
        self._hidden_at = None
        self._changed()

    def upsert(self, session: Session) -> None:
        """Add or replace one session: searchable at the next search (through the overlay)."""
        self._changes += 1
        self._records[session.id] = session
        self._rows.pop(session.id, None)
        if self._details is not None:
            self._record_seq[session.id] = self._changes
        self._put(IndexedSession.from_session(session))
        if self._on_upsert is not None:
            self._on_upsert(session)
        self._changed()

    def apply_stored(self, entries: Iterable[IndexedSession], removed: Iterable[str] = ()) -> None:
        """Changes the details (the store) already hold: new or changed sessions' entries, and
        the ids of sessions gone (a cheap check or a reconcile that changed a few)."""
        for entry in entries:
            self._changes += 1
            self._rows.pop(entry.id, None)
            self._put(entry)
        for session_id in removed:
            self._changes += 1
            self._drop(session_id)
        self._changed()

    def remove(self, session_id: str) -> bool:
        """Drop one session; ``False`` when it was not there."""
        if session_id not in self:
            return False
        self._changes += 1
        self._drop(session_id)
        if self._on_remove is not None:
            self._on_remove(session_id)
        self._changed()
        return True

    def _put(self, entry: IndexedSession) -> None:
        self._overlay[entry.id] = (entry, self._changes)
        self._dropped.pop(entry.id, None)
        if entry.id in self._base.snap.position:
            self._hidden.add(entry.id)
            self._hidden_at = None
        self._over_part = None

    def _drop(self, session_id: str) -> None:
        self._records.pop(session_id, None)
        self._record_seq.pop(session_id, None)
        self._rows.pop(session_id, None)
        if self._overlay.pop(session_id, None) is not None:
            self._over_part = None
        if session_id in self._base.snap.position:
            self._dropped[session_id] = self._changes
            self._hidden.add(session_id)
            self._hidden_at = None

    def _changed(self) -> None:
        self._generation += 1

    def _parts(self) -> tuple[IndexPart, IndexPart | None]:
        """The base and the overlay (``None`` when empty), compacting an index without details
        whose overlay has grown too large (with details the owner rebuilds from the store)."""
        if self.overlay_size > (OVERLAY_MAX if self._details is None else 4 * OVERLAY_MAX):
            self._compact()  # (with details, only when the owner has not rebuilt: a safety valve)
        if not self._overlay:
            return self._base, None
        if self._over_part is None:
            builder = SnapshotBuilder()
            builder.add_indexed(entry for entry, _ in self._overlay.values())
            for _ in builder.finish_steps():
                pass
            self._over_part = IndexPart(builder.result())
        return self._base, self._over_part

    def _compact(self) -> None:
        snap, hidden = self._base.snap, self._hidden
        tags = snap.tag_positions()
        entries = [
            snap.entry(i, tags.get(i, ())) for i in range(len(snap)) if snap.ids[i] not in hidden
        ]
        builder = SnapshotBuilder()
        builder.add_indexed([*entries, *(entry for entry, _ in self._overlay.values())])
        for _ in builder.finish_steps():
            pass
        rebuilt = builder.result()
        rebuilt.records = self._records
        self.install(rebuilt)

    # -- reading -----------------------------------------------------------------------------
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
        by_status = ("kind", "status").index(field) == 1
        counts: Counter[str] = Counter()
        base, over = self._parts()
        snap = base.snap
        facet_counts = Counter(snap.facet_of)
        for session_id in self._hidden:
            facet_counts[snap.facet_of[snap.position[session_id]]] -= 1
        for facet_id, count in facet_counts.items():
            kind, status = snap.facets[facet_id]
            counts[status if by_status else kind] += count
        if over is not None:
            for entry, _ in self._overlay.values():
                counts[entry.facet[1] if by_status else entry.facet[0]] += 1
        return +counts

    def recent(self, limit: int = 10) -> list[Session]:
        """Up to ``limit`` sessions that have been opened, most recent first."""
        limit = max(0, limit)
        base, over = self._parts()
        runs = [self._base_run(base.opened_count(), limit)]
        if over is not None:
            runs.append([(over, i) for i in range(over.opened_count())])
        return self.sessions([part.snap.ids[i] for part, i in merge_placed(runs, limit)])

    def _base_run(self, end: int, limit: int) -> list[Placed]:
        """The base's first ``limit`` visible positions before ``end``."""
        base, hidden = self._base, self._hidden
        ids = base.snap.ids
        if not hidden:
            return [(base, i) for i in range(min(end, limit))]
        run: list[Placed] = []
        for i in range(end):
            if ids[i] not in hidden:
                run.append((base, i))
                if len(run) >= limit:
                    break
        return run

    def search(self, query: Query, limit: int = 50) -> SearchResult:
        """Rank the library for ``query``; see ``core.ranking`` for the rules."""
        limit = max(0, limit)
        base, over = self._parts()
        if query.is_empty:
            placed = [self._base_run(len(base), limit)]
            if over is not None:
                placed.append([(over, i) for i in range(len(over))])
            top = merge_placed(placed, limit)
            ids = tuple(part.snap.ids[i] for part, i in top)
            plans = [(part.snap.title(i), 0.0, MatchClass.NONE, NO_WORDS) for part, i in top]
            rows = RowMatches(ids, plans, (), self._row_sessions)
            return SearchResult(query, rows, len(self))
        now = self._clock()
        ranked, counted = self._rank_base(query, now, limit)
        runs = [ranked]
        if over is not None:
            over_ranked, over_counted = over.rank(query, now, limit, self._frecency)
            runs.append([(over, item) for item in over_ranked])
            counted += over_counted
        matches = self._to_matches(merge_ranked(runs, limit), query.tokens)
        return SearchResult(query, matches, counted.total, fuzzy_counted=counted.complete)

    def _rank_base(self, query: Query, now: float, limit: int) -> tuple[list[Ranked], Counted]:
        """The base's top ``limit`` without its hidden sessions: asks for a few more, and more
        again only when hidden ones took their places. Hidden ones are never counted, on the
        page or beyond it."""
        base, hidden = self._base, self._hidden
        ids = base.snap.ids
        want = limit + min(len(hidden), 8)
        if self._hidden_at is None:  # their base positions, ascending (until they change)
            self._hidden_at = sorted(base.snap.position[k] for k in hidden)
        while True:
            ranked, counted = base.rank(query, now, want, self._frecency, self._hidden_at)
            if not hidden:
                return [(base, item) for item in ranked], counted
            kept = [(base, item) for item in ranked if ids[item.position] not in hidden]
            if len(kept) >= limit or len(ranked) < want or want >= limit + len(hidden):
                return kept[:limit], counted
            want = min(limit + len(hidden), want * 2)

    def _to_matches(self, ranked: list[Ranked], tokens: tuple[str, ...]) -> RowMatches:
        """The rows, made on first read (``core/row_matches``)."""
        words: dict[int, Lookups] = {}  # per part: each token's typo lookup
        plans: list[RowPlan] = []
        for part, item in ranked:
            lookups = words.get(id(part))
            if lookups is None:
                lookups = words[id(part)] = {t: part.token_words_of(t) for t in tokens}
            plans.append((part.snap.title(item.position), item.score, item.match_class, lookups))
        ids = tuple(part.snap.ids[item.position] for part, item in ranked)
        return RowMatches(ids, plans, tokens, self._row_sessions)
