"""The precomputed, immutable search form of a session library.

Everything a keystroke needs is computed once per sync (``core/snapshot_build.py``), not per
keystroke. Sessions are stored in one global order (last opened first), so any list of positions
in ascending order is already tie-broken by recency.

Memory matters as much as speed (the library lives in a tray app, 100k sessions), so the snapshot
is columnar and holds no object per session: ids, one folded *haystack* string per session
(title, tags, kind, start of notes) whose title and fields parts are addressed by two offset
arrays, every position list an ``array('i')`` (4 bytes an entry, no int objects), kind and status
as one shared *facet* per distinct pair, tags only in the ``tag:`` postings. What a row shows (the
title as typed, the notes, the project path, the artwork URL) is read from the store for the rows
on screen (``SessionIndex``).

Gram postings (every character and pair of characters of a word → the ascending positions whose
haystack contains it) answer a 1- or 2-character token exactly without scanning the library, and
narrow the scan for longer tokens (the rarest of its pairs). A character in many sessions is a
bitmap (``core/postings.py``). Substring semantics are unchanged for every token
length.
"""

from __future__ import annotations

import bisect
import logging
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.api.parsing import SHARED_MAX_LEN, shared
from sessiondock_launcher.core.postings import BitPositions, Posting
from sessiondock_launcher.core.text import fold

__all__ = [
    "FIELD_SEPARATOR",
    "NEVER_OPENED",
    "NOTES_SEARCH_CHARS",
    "Facet",
    "IndexedSession",
    "LibrarySnapshot",
    "contains_sorted",
    "display_title",
    "epoch_seconds",
    "fold_shared",
    "tag_keys",
]

logger = logging.getLogger(__name__)

NOTES_SEARCH_CHARS = 400
"""Only the start of the notes is searched: it keeps a keystroke cheap with long notes."""

FIELD_SEPARATOR = " \x1f "
NEVER_OPENED = float("-inf")
"""``last_opened`` of a session never opened."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_FOLD_CACHE_MAX = 4_096
_UNTITLED = Session("-").display_title


def display_title(title: str) -> str:
    """``Session.display_title`` of a session with this title."""
    return title.strip() or _UNTITLED


def epoch_seconds(value: datetime | None) -> float:
    """``last_opened`` as epoch seconds (:data:`NEVER_OPENED` for ``None``)."""
    return (value - _EPOCH).total_seconds() if value is not None else NEVER_OPENED


@lru_cache(maxsize=_FOLD_CACHE_MAX)
def _fold_short(value: str) -> str:
    return shared(fold(value))


def fold_shared(value: str) -> str:
    """``fold`` for short, massively repeated values (tags, kinds, statuses): one shared copy.

    The copy lives in the api's one shared-string table; the memo only spares re-folding (1.8 us
    a call against 0.2 us, for every tag of every session of a sync).
    """
    return _fold_short(value) if len(value) <= SHARED_MAX_LEN else fold(value)


Facet = tuple[str, str]
"""``(kind, status)`` of a session: few distinct values, so one shared tuple each."""


@lru_cache(maxsize=_FOLD_CACHE_MAX)
def tag_keys(tags: tuple[str, ...]) -> tuple[str, ...]:
    """The ``tag:`` filter keys of a tag list: each tag lowercased and folded (one shared copy
    for a repeated list)."""
    return tuple(sorted({*(tag.lower() for tag in tags), *map(fold_shared, tags)}))


@dataclass(frozen=True, slots=True)
class IndexedSession:
    """One session in the form the index is built from: its id, folded search string and facet.

    No :class:`Session`: the rows and the pane read the rest from the details source (the store).
    """

    id: str
    haystack: str
    """``" " + title``, tags, kind (and the start of the notes, if any) joined by
    ``FIELD_SEPARATOR``; ``" " + token`` in it marks a word start."""
    title_end: int
    """``haystack[1:title_end]`` is the folded title."""
    fields_end: int
    """``haystack[:fields_end]`` is title, tags and kind (no notes)."""
    last_opened: float
    facet: Facet
    tag_keys: tuple[str, ...]
    """See :func:`tag_keys` (only the filter needs tags; the haystack has them folded)."""

    @classmethod
    def from_session(cls, session: Session) -> IndexedSession:
        return cls.from_fields(
            session.id,
            session.display_title,
            (session.kind, session.status),
            session.tags,
            session.notes,
            epoch_seconds(session.last_opened),
        )

    @classmethod
    def from_fields(  # noqa: PLR0917 (the session's fields, in one call per row)
        cls,
        session_id: str,
        display_title: str,
        facet: Facet,
        tags: tuple[str, ...],
        notes: str,
        last_opened: float,
    ) -> IndexedSession:
        """From the raw fields (``last_opened``: epoch seconds, ``-inf`` when never opened)."""
        title = fold(display_title)
        kind = facet[0]
        fields = FIELD_SEPARATOR.join([" " + title, *map(fold_shared, tags), fold_shared(kind)])
        folded_notes = fold(notes[:NOTES_SEARCH_CHARS])
        return cls(
            id=session_id,
            haystack=fields + FIELD_SEPARATOR + folded_notes if folded_notes else fields,
            title_end=len(title) + 1,
            fields_end=len(fields),
            last_opened=last_opened,
            facet=facet,
            tag_keys=tag_keys(tags),
        )

    @property
    def title(self) -> str:
        return self.haystack[1 : self.title_end]

    @property
    def fields(self) -> str:
        return self.haystack[: self.fields_end]


def contains_sorted(ascending: Sequence[int] | BitPositions, value: int) -> bool:
    """Membership test on an ascending list of positions (O(log n), no set to build)."""
    if isinstance(ascending, BitPositions):
        return value in ascending
    at = bisect.bisect_left(ascending, value)
    return at < len(ascending) and ascending[at] == value


_EMPTY: array[int] = array("i")


@dataclass(slots=True)
class LibrarySnapshot:
    """Column-oriented search data in global order; treat as immutable once built.

    No per-session objects: ids, folded search strings and number arrays, and facets shared by
    every session with the same kind, status and tags. ``records`` (full sessions by id) is only
    kept by an index built from sessions in memory (tests, tools); the app's index reads the rows'
    details from the store instead.
    """

    ids: list[str]
    position: dict[str, int]
    haystacks: list[str]
    """Folded search strings (see ``IndexedSession.haystack``), allocated in scan order."""
    title_end: array[int]
    fields_end: array[int]
    opened_desc: array[float]
    """Negated last-opened timestamps (ascending), for bisecting the ``recent`` cut-off."""
    facet_of: array[int]
    """Position → index into ``facets``."""
    facets: list[Facet]
    title_prefixes: dict[str, array[int]]
    """First 1 and 2 characters of the folded title → ascending positions."""
    grams: dict[str, Posting]
    """Every character and character pair of a haystack's words → ascending positions (a bitmap
    when dense: ``core/postings.py``)."""
    vocabulary: list[str]
    """Sorted words of titles, tags, kinds and title initials (fuzzy matching)."""
    title_vocabulary: list[str]
    """Sorted words of titles."""
    other_vocabulary: list[str]
    """Sorted words of tags and kinds."""
    title_postings: dict[str, array[int]]
    """Title word → ascending positions."""
    other_postings: dict[str, array[int]]
    """Tag or kind word → ascending positions."""
    initials_postings: dict[str, array[int]]
    """Initials of a title of several words → ascending positions."""
    by_kind: dict[str, array[int]]
    by_status: dict[str, array[int]]
    by_tag: dict[str, array[int]]
    """Keyed by the lowercased and by the folded tag."""
    records: dict[str, Session] | None = None
    """Full sessions by id, when the builder was asked to keep them."""

    @classmethod
    def empty(cls, records: dict[str, Session] | None = None) -> LibrarySnapshot:
        """No sessions (the columns a builder fills)."""
        return cls(
            ids=[],
            position={},
            haystacks=[],
            title_end=array("i"),
            fields_end=array("i"),
            opened_desc=array("d"),
            facet_of=array("i"),
            facets=[],
            title_prefixes={},
            grams={},
            vocabulary=[],
            title_vocabulary=[],
            other_vocabulary=[],
            title_postings={},
            other_postings={},
            initials_postings={},
            by_kind={},
            by_status={},
            by_tag={},
            records=records,
        )

    def __len__(self) -> int:
        return len(self.ids)

    def title(self, position: int) -> str:
        """The folded title at ``position``."""
        return self.haystacks[position][1 : self.title_end[position]]

    def facet(self, position: int) -> Facet:
        """``(kind, status)`` at ``position``."""
        return self.facets[self.facet_of[position]]

    def entry(self, position: int, tags: tuple[str, ...] = ()) -> IndexedSession:
        """The entry at ``position``; ``tags``: its tag keys (see ``tag_positions``)."""
        return IndexedSession(
            id=self.ids[position],
            haystack=self.haystacks[position],
            title_end=self.title_end[position],
            fields_end=self.fields_end[position],
            last_opened=-self.opened_desc[position],
            facet=self.facet(position),
            tag_keys=tags,
        )

    def tag_positions(self) -> dict[int, tuple[str, ...]]:
        """Position → its tag keys (``by_tag`` inverted; O(tagged sessions))."""
        found: dict[int, list[str]] = {}
        for key, positions in self.by_tag.items():
            for at in positions:
                found.setdefault(at, []).append(key)
        return {at: tuple(sorted(keys)) for at, keys in found.items()}

    def opened_since(self, cutoff: float) -> int:
        """Number of leading positions opened at or after ``cutoff`` (epoch seconds)."""
        return bisect.bisect_right(self.opened_desc, -cutoff)

    def candidates(self, token: str) -> tuple[Posting, bool]:
        """Ascending positions that may contain ``token``, and whether exactly those do.

        Exact for tokens of 1–2 characters; for longer ones, the rarest of its pairs kept as
        arrays, or, when every pair is a bitmap (``postings.BITMAP_MAX_GRAM``), their AND. A
        bitmap comes as a fresh :meth:`BitPositions.view` (its decoding cache is the caller's).
        """
        grams = self.grams
        if len(token) <= 2:
            found = grams.get(token, _EMPTY)
            return (found.view() if isinstance(found, BitPositions) else found), True
        sparse: array[int] | None = None  # (with bitmap pairs, every array is the sparser)
        dense: BitPositions | None = None
        for at in range(len(token) - 1):
            posting = grams.get(token[at : at + 2], _EMPTY)
            if isinstance(posting, BitPositions):
                dense = posting.view() if dense is None else dense & posting
            elif sparse is None or len(posting) < len(sparse):
                sparse = posting
                if not posting:
                    break
        if sparse is not None or dense is None:
            return (sparse if sparse is not None else _EMPTY), False
        return dense, False

    def word_positions(self, word: str) -> list[array[int]]:
        """Postings of ``word`` in titles, tags or kinds, and title initials."""
        return [
            found
            for table in (self.title_postings, self.other_postings, self.initials_postings)
            if (found := table.get(word)) is not None
        ]

    def title_candidates(self, text: str) -> array[int]:
        """Ascending positions whose folded title starts with ``text[:2]`` (a superset)."""
        return self.title_prefixes.get(text[:2], _EMPTY)
