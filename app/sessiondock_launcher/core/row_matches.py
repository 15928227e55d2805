"""A search's result rows, made when first read.

A keystroke ranks the top 50 sessions, but the palette shows about eight of them until the user
scrolls. Making a row costs its session read from the store (a lean SQLite row) and the title
highlight; for 50 rows that was about half of a keystroke's time at 10k sessions
(``bench/bench_palette.py`` a, first typing of each prefix). :class:`RowMatches` is the ranked
list with its ids, scores and match classes known at once and each row's :class:`Match` made in
small runs the first time it is read: by the list's paint, by Enter, or by whoever iterates.
What a row shows is whatever the store holds when it is read (a session removed in between
falls back to its folded title, as a search always did).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import overload

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core.highlight import TypoLookup, title_positions
from sessiondock_launcher.core.ranking import Match, MatchClass

__all__ = ["NO_WORDS", "RUN", "Lookups", "RowMatches", "RowPlan", "match_ids"]

RUN = 12
"""Rows made together on first read: a screenful (rows are 54 px high), one store read."""

Lookups = Mapping[str, TypoLookup]
"""Each token's typo lookup (``title_positions``)."""
NO_WORDS: Lookups = {}
RowPlan = tuple[str, float, MatchClass, Lookups]
"""What a row needs before its session is read: the folded title (stand-in for a session the
store no longer has), the score, the match class, and each token's typo lookup for the highlight.
"""

ReadRows = Callable[[Sequence[str]], Mapping[str, Session]]


class RowMatches(Sequence[Match]):
    """Ranked rows; ``ids`` at once, each :class:`Match` on first read (in runs of :data:`RUN`).

    Args:
        ids: The ranked session ids, best first.
        plans: One :data:`RowPlan` per id.
        tokens: The query's tokens (the title highlight).
        read: Reads the row sessions of some ids (unknown ids left out).
        ready: How many leading rows to make now (the first screenful).
    """

    __slots__ = ("_made", "_plans", "_read", "_tokens", "ids")

    def __init__(
        self,
        ids: tuple[str, ...],
        plans: Sequence[RowPlan],
        tokens: tuple[str, ...],
        read: ReadRows,
        *,
        ready: int = RUN,
    ) -> None:
        self.ids = ids
        self._plans: Sequence[RowPlan] | None = plans
        self._tokens = tokens
        self._read: ReadRows | None = read
        self._made: list[Match | None] = [None] * len(ids)
        self._make(0, min(ready, len(ids)))

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, at: int) -> Match: ...
    @overload
    def __getitem__(self, at: slice) -> Sequence[Match]: ...
    def __getitem__(self, at: int | slice) -> Match | Sequence[Match]:
        if isinstance(at, slice):
            start, stop, step = at.indices(len(self.ids))
            if step == 1 and start < stop:
                self._make(start, stop)
            return [self[i] for i in range(start, stop, step)]
        if at < 0:
            at += len(self.ids)
        if not 0 <= at < len(self.ids):
            raise IndexError("row out of range")
        made = self._made[at]
        if made is None:
            start = at - at % RUN
            self._make(start, min(start + RUN, len(self.ids)))
            made = self._made[at]
            assert made is not None
        return made

    def __iter__(self) -> Iterator[Match]:
        self._make(0, len(self.ids))
        for made in self._made:
            assert made is not None
            yield made

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, tuple, RowMatches)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # (compares by value, like a list)

    def __repr__(self) -> str:
        return f"RowMatches({len(self.ids)} rows, {self.made} made)"

    @property
    def made(self) -> int:
        """Rows made so far (for tests and the bench)."""
        return sum(m is not None for m in self._made)

    def _make(self, start: int, stop: int) -> None:
        """Make the rows in ``[start, stop)`` not made yet, with one read of their sessions."""
        made, plans, read = self._made, self._plans, self._read
        todo = [at for at in range(start, stop) if made[at] is None]
        if not todo or plans is None or read is None:
            return
        ids, tokens = self.ids, self._tokens
        found = read([ids[at] for at in todo])
        for at in todo:
            session_id = ids[at]
            title, score, match_class, words = plans[at]
            session = found.get(session_id) or Session(session_id, title)
            positions = (
                title_positions(session.display_title, tokens, words.__getitem__) if tokens else ()
            )
            made[at] = Match(session, score, positions, match_class)
        if all(m is not None for m in made):  # nothing more to read: let go of the reader
            self._plans = self._read = None


def match_ids(matches: Sequence[Match]) -> Sequence[str]:
    """The session ids of some rows, without making rows that are not made yet."""
    if isinstance(matches, RowMatches):
        return matches.ids
    return [m.session.id for m in matches]
