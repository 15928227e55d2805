"""One searchable part of the index: an immutable snapshot and the caches of its keystrokes.

``SessionIndex`` searches two parts: the *base* (the whole library as last built, read from the
store or from sessions in memory) and the *overlay* (the few sessions added or changed since,
built in microseconds). Each ranks its own positions by the rules of ``core.ranking``; the index
merges the two ranked lists by the same total order a single snapshot would use: score, then
recency (``opened_desc``), then folded title, then id, which is exactly how a snapshot orders its
positions (``SnapshotBuilder``).
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from sessiondock_launcher.core.frecency import FrecencyStore
from sessiondock_launcher.core.highlight import TypoLookup, TypoWords
from sessiondock_launcher.core.library import NEVER_OPENED, LibrarySnapshot, contains_sorted
from sessiondock_launcher.core.matching import (
    FilterKey,
    MatchCache,
    Positions,
    filter_key,
    filtered_positions,
)
from sessiondock_launcher.core.query import Query
from sessiondock_launcher.core.ranking import RankedPosition, rank_by_frecency, rank_matches

__all__ = [
    "Counted",
    "FrecencySource",
    "IndexPart",
    "Placed",
    "Ranked",
    "merge_placed",
    "merge_ranked",
]

FrecencySource = FrecencyStore | Callable[[str], float]
"""A store (fast: scores are snapshotted) or a ``session_id -> 0..1`` callable (O(n) a search)."""

NEVER_OPENED_DESC = -NEVER_OPENED
_GENERATION = 0
"""Match caches are per part, and a part's snapshot never changes: one generation is enough."""

Placed = tuple["IndexPart", int]
"""A position in a part."""
Ranked = tuple["IndexPart", RankedPosition]
"""A ranked position in a part."""


class IndexPart:
    """A snapshot with its incremental-search, filter and frecency caches."""

    def __init__(self, snap: LibrarySnapshot) -> None:
        self.snap = snap
        self.matcher = MatchCache()
        self._filter: tuple[FilterKey, list[int] | None] | None = None
        self._frecency: tuple[object, Mapping[int, float]] | None = None

    def __len__(self) -> int:
        return len(self.snap)

    def order_key(self, position: int) -> tuple[float, str, str]:
        """Where ``position`` sits in the global order (recency, folded title, id)."""
        snap = self.snap
        return snap.opened_desc[position], snap.title(position), snap.ids[position]

    def opened_count(self) -> int:
        """Leading positions that have been opened (the rest were never opened)."""
        return bisect.bisect_left(self.snap.opened_desc, NEVER_OPENED_DESC)

    def filtered(self, key: FilterKey) -> list[int] | None:
        """Positions passing the query's filters (``None``: no filter), cached per key."""
        cached = self._filter
        if cached is not None and cached[0] == key:
            return cached[1]
        base = filtered_positions(self.snap, key)
        self._filter = (key, base)
        return base

    def frecency(self, source: FrecencySource | None) -> Mapping[int, float]:
        """Frecency by position (cached for a store's snapshot of scores)."""
        if source is None:
            return {}
        snap = self.snap
        if not isinstance(source, FrecencyStore):
            return {i: min(1.0, s) for i, s in enumerate(map(source, snap.ids)) if s > 0}
        scores = source.snapshot()
        cached = self._frecency
        if cached is not None and cached[0] is scores:
            return cached[1]
        if len(scores) > len(snap):  # (the overlay: a few positions, many scores)
            by_position = {i: s for i, k in enumerate(snap.ids) if (s := scores.get(k, 0.0)) > 0}
        else:
            position = snap.position
            by_position = {position[k]: s for k, s in scores.items() if k in position and s > 0}
        self._frecency = (scores, by_position)
        return by_position

    def rank(
        self,
        query: Query,
        now: float,
        limit: int,
        frecency: FrecencySource | None,
        hidden: Sequence[int] = (),
    ) -> tuple[list[RankedPosition], Counted]:
        """The top ``limit`` for a non-empty ``query`` and how many matched (see ``Counted``);
        the ``hidden`` positions (ascending: changed or removed since) are left out of the
        counts, not of the ranking (a bisect each: the hidden are few)."""
        snap = self.snap
        key = filter_key(query, now)
        base = self.filtered(key)
        by_position = self.frecency(frecency)
        tokens = query.tokens
        if not tokens:
            positions = base if base is not None else list(range(len(snap)))
            gone = len(hidden) if base is None else _count_in(base, hidden)
            ranked = rank_by_frecency(positions, by_position, limit)
            return ranked, Counted(len(positions) - gone, 0, complete=True)
        matched = self.matcher.matches(snap, _GENERATION, key, base=base, tokens=tokens, page=limit)
        ranked = rank_matches(snap, tokens, matched, base=base, frecency=by_position, limit=limit)
        strict = len(matched.strict) - _count_in(matched.strict, hidden)
        fuzzy = len(matched.fuzzy) - _count_in(matched.fuzzy, hidden)
        return ranked, Counted(strict, fuzzy, complete=matched.complete)

    def token_words_of(self, token: str) -> TypoLookup:
        """The token's typos for highlighting fuzzy hits: its ``MatchCache.token_words`` when
        a search computed them, else a lookup that tests only the words it is asked about."""
        known = self.matcher.known_words(_GENERATION, token)
        return known if known is not None else TypoWords(token, self.snap.vocabulary)


@dataclass(frozen=True, slots=True)
class Counted:
    """Sessions matching a query in a part: strictly, and only fuzzily. Fuzzy-only matches are
    looked up only when the strict ones do not fill the page (``complete``); else 0."""

    strict: int
    fuzzy: int
    complete: bool

    def __add__(self, other: Counted) -> Counted:
        return Counted(
            self.strict + other.strict,
            self.fuzzy + other.fuzzy,
            complete=self.complete and other.complete,
        )

    @property
    def total(self) -> int:
        """What "N results" says: fuzzy-only matches only when every part counted them (else
        one part's fuzzy matches would count and another's not)."""
        return self.strict + (self.fuzzy if self.complete else 0)


def _count_in(ascending: Positions, positions: Sequence[int]) -> int:
    """How many of ``positions`` are in ``ascending``."""
    return sum(1 for i in positions if contains_sorted(ascending, i)) if ascending else 0


def _ranked_key(item: Ranked) -> tuple[float, float, str, str]:
    part, ranked = item
    return (-ranked.score, *part.order_key(ranked.position))


def merge_ranked(runs: Sequence[list[Ranked]], limit: int) -> list[Ranked]:
    """The best ``limit`` of several ranked lists (each best first), by one total order."""
    if len(runs) == 1:
        return runs[0][:limit]
    return sorted((item for run in runs for item in run), key=_ranked_key)[:limit]


def _placed_key(item: Placed) -> tuple[float, str, str]:
    part, position = item
    return part.order_key(position)


def merge_placed(runs: Iterable[Iterable[Placed]], limit: int) -> list[Placed]:
    """The first ``limit`` of several lists in global order (each already in that order)."""
    merged: Iterator[Placed] = heapq.merge(*runs, key=_placed_key)
    return [item for _, item in zip(range(max(0, limit)), merged, strict=False)]
