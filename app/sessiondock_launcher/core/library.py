"""The precomputed, immutable search form of a session library.

Everything a keystroke needs is computed here once per sync, not per keystroke. Sessions are stored
in one global order (last opened first), so any list of positions in ascending order is already
tie-broken by recency.

Memory matters as much as speed (the library lives in a tray app), so the snapshot is columnar and
compact: one folded *haystack* string per session (title, tags, kind, start of notes) whose title
and fields parts are addressed by two offset arrays instead of being kept as separate strings, and
every position list is an ``array('i')`` (4 bytes an entry, no int objects).

Gram postings (every alphanumeric character and pair of characters → the ascending positions whose
haystack contains it) answer a 1- or 2-character token exactly without scanning the library, and
narrow the scan for longer tokens. Substring semantics are unchanged for every token length.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import logging
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import TypeVar

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.api.parsing import SHARED_MAX_LEN, shared
from sessiondock_launcher.core.text import fold

__all__ = [
    "NOTES_SEARCH_CHARS",
    "IndexedSession",
    "LibrarySnapshot",
    "SnapshotBuilder",
    "contains_sorted",
]

logger = logging.getLogger(__name__)

NOTES_SEARCH_CHARS = 400
"""Only the start of the notes is searched: it keeps a keystroke cheap with long notes."""

FIELD_SEPARATOR = " \x1f "
_NEVER = float("-inf")
_SORT_CHUNK = 2_000
"""Sessions per sorted run in ``finish_steps`` (~2 ms a step on the reference box)."""
_MERGE_CHUNK = 8_000
"""Merged sort keys per ``finish_steps`` step (~5 ms)."""
_FREE_CHUNK = 10_000
_BUILD_CHUNK = 500
"""Sessions indexed per ``finish_steps`` step (~5 ms at 10k, more at 100k: cache misses)."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_T = TypeVar("_T")
_FOLD_CACHE_MAX = 4_096


@lru_cache(maxsize=_FOLD_CACHE_MAX)
def _fold_short(value: str) -> str:
    return shared(fold(value))


def _fold_shared(value: str) -> str:
    """``fold`` for short, massively repeated values (tags, kinds, statuses): one shared copy.

    The copy lives in the api's one shared-string table; the memo only spares re-folding (1.8 us
    a call against 0.2 us, for every tag of every session of a sync).
    """
    return _fold_short(value) if len(value) <= SHARED_MAX_LEN else fold(value)


@dataclass(frozen=True, slots=True)
class IndexedSession:
    """One session with its precomputed search string (folded)."""

    session: Session
    haystack: str
    """``" " + title``, tags, kind (and the start of the notes, if any) joined by
    ``FIELD_SEPARATOR``; ``" " + token`` in it marks a word start."""
    title_end: int
    """``haystack[1:title_end]`` is the folded title."""
    fields_end: int
    """``haystack[:fields_end]`` is title, tags and kind (no notes)."""
    last_opened: float

    @classmethod
    def from_session(cls, session: Session) -> IndexedSession:
        title = fold(session.display_title)
        fields = FIELD_SEPARATOR.join(
            [" " + title, *map(_fold_shared, session.tags), _fold_shared(session.kind)]
        )
        notes = fold(session.notes[:NOTES_SEARCH_CHARS])
        opened = session.last_opened
        return cls(
            session=session,
            haystack=fields + FIELD_SEPARATOR + notes if notes else fields,
            title_end=len(title) + 1,
            fields_end=len(fields),
            last_opened=(opened - _EPOCH).total_seconds() if opened is not None else _NEVER,
        )

    @property
    def title(self) -> str:
        return self.haystack[1 : self.title_end]

    @property
    def fields(self) -> str:
        return self.haystack[: self.fields_end]


def contains_sorted(ascending: Sequence[int], value: int) -> bool:
    """Membership test on an ascending list of positions (O(log n), no set to build)."""
    at = bisect.bisect_left(ascending, value)
    return at < len(ascending) and ascending[at] == value


_EMPTY: array[int] = array("i")


@dataclass(slots=True)
class LibrarySnapshot:
    """Column-oriented search data in global order; treat as immutable once built."""

    sessions: list[Session]
    position: dict[str, int]
    haystacks: list[str]
    """Folded search strings (see ``IndexedSession.haystack``), allocated in scan order."""
    title_end: array[int]
    fields_end: array[int]
    opened_desc: array[float]
    """Negated last-opened timestamps (ascending), for bisecting the ``recent`` cut-off."""
    title_prefixes: dict[str, array[int]]
    """First 1 and 2 characters of the folded title → ascending positions."""
    grams: dict[str, array[int]]
    """Every alphanumeric character and character pair of a haystack → ascending positions."""
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

    @classmethod
    def empty(cls) -> LibrarySnapshot:
        builder = SnapshotBuilder()
        for _ in builder.finish_steps():
            pass
        return builder.result()

    def __len__(self) -> int:
        return len(self.sessions)

    def title(self, position: int) -> str:
        """The folded title at ``position``."""
        return self.haystacks[position][1 : self.title_end[position]]

    def entry(self, position: int) -> IndexedSession:
        return IndexedSession(
            session=self.sessions[position],
            haystack=self.haystacks[position],
            title_end=self.title_end[position],
            fields_end=self.fields_end[position],
            last_opened=-self.opened_desc[position],
        )

    def opened_since(self, cutoff: float) -> int:
        """Number of leading positions opened at or after ``cutoff`` (epoch seconds)."""
        return bisect.bisect_right(self.opened_desc, -cutoff)

    def candidates(self, token: str) -> tuple[array[int], bool]:
        """Ascending positions that may contain ``token``, and whether exactly those do.

        Exact for tokens of 1–2 characters; for longer ones, the rarest of its pairs.
        """
        grams = self.grams
        if len(token) <= 2:
            return grams.get(token, _EMPTY), True
        best: array[int] | None = None
        for at in range(len(token) - 1):
            found = grams.get(token[at : at + 2], _EMPTY)
            if best is None or len(found) < len(best):
                best = found
                if not found:
                    break
        return (best if best is not None else _EMPTY), False

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


class SnapshotBuilder:
    """Builds a :class:`LibrarySnapshot` in small steps so an event loop can breathe between them.

    ``add`` folds one batch (callers keep batches small); ``finish_steps`` yields between chunks of
    the final assembly (sorting is done in sorted runs merged across steps, so no step handles the
    whole library at once); ``result`` returns the snapshot. A later session with the same id wins.
    """

    def __init__(self) -> None:
        self._by_id: dict[str, IndexedSession] = {}
        self._count = -1
        self._result: LibrarySnapshot | None = None

    def add(self, sessions: Iterable[Session]) -> None:
        by_id = self._by_id
        for session in sessions:
            by_id[session.id] = IndexedSession.from_session(session)

    def add_indexed(self, entries: Iterable[IndexedSession]) -> None:
        for entry in entries:
            self._by_id[entry.session.id] = entry

    def __len__(self) -> int:
        return len(self._by_id) if self._count < 0 else self._count

    def finish_steps(self) -> Iterator[None]:
        """Assemble the snapshot, yielding after each bounded chunk of work."""
        pending = list(self._by_id.values())
        self._count = len(pending)
        self._by_id = {}  # the snapshot keeps what it needs; free the rest as we go
        runs: list[list[tuple[float, str, str, int]]] = []
        for start in range(0, len(pending), _SORT_CHUNK):
            run = [
                (-e.last_opened, e.haystack[1 : e.title_end], e.session.id, start + k)
                for k, e in enumerate(pending[start : start + _SORT_CHUNK])
            ]
            run.sort()
            runs.append(run)
            yield
        order: list[int] = []
        merged = heapq.merge(*map(_drain, runs))
        while True:
            before = len(order)
            order.extend(key[3] for key in itertools.islice(merged, _MERGE_CHUNK))
            if len(order) == before:
                break
            yield
        del runs, merged
        snap = LibrarySnapshot(
            sessions=[],
            position={},
            haystacks=[],
            title_end=array("i"),
            fields_end=array("i"),
            opened_desc=array("d"),
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
        )
        grams = _GramCollector()
        for start in range(0, len(order), _BUILD_CHUNK):
            _add_positions(snap, pending, order, start=start, count=_BUILD_CHUNK, grams=grams)
            yield
        # Free the folded entries (and their haystacks) in chunks, after every copy is made: freeing
        # while copying would scatter the copies into the holes, and all at once takes a while.
        while pending:
            del pending[-_FREE_CHUNK:]
            yield
        del pending
        snap.grams = grams.postings()
        snap.title_vocabulary = sorted(snap.title_postings)
        snap.other_vocabulary = sorted(snap.other_postings)
        yield
        snap.vocabulary = sorted(
            {*snap.title_vocabulary, *snap.other_vocabulary, *snap.initials_postings}
        )
        self._result = snap
        yield

    def result(self) -> LibrarySnapshot:
        if self._result is None:
            raise RuntimeError("finish_steps() has not been run to the end")
        return self._result


def _drain(run: list[_T]) -> Iterator[_T]:
    """Yield a list's items in order, dropping each (so a merge frees its input as it goes)."""
    run.reverse()
    while run:
        yield run.pop()


class _GramCollector:
    """Gram postings under construction: gram ids, per-word gram ids, one array per gram."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.lists: list[array[int]] = []
        self.by_word: dict[str, tuple[int, ...]] = {}

    def word(self, word: str) -> tuple[int, ...]:
        """Ids of the distinct characters and character pairs of one (alphanumeric) word."""
        found: list[int] = []
        for gram in {*word, *(word[at : at + 2] for at in range(len(word) - 1))}:
            gram_id = self.ids.get(gram)
            if gram_id is None:
                gram_id = self.ids[gram] = len(self.lists)
                self.lists.append(array("i"))
            found.append(gram_id)
        ids = self.by_word[word] = tuple(found)
        return ids

    def postings(self) -> dict[str, array[int]]:
        return {gram: self.lists[gram_id] for gram, gram_id in self.ids.items()}


def _add_positions(
    snap: LibrarySnapshot,
    pending: list[IndexedSession],
    order: list[int],
    *,
    start: int,
    count: int,
    grams: _GramCollector,
) -> None:
    """Append positions ``start .. start + count`` (global order) to every column and index."""
    sessions, position, haystacks = snap.sessions, snap.position, snap.haystacks
    title_ends, fields_ends, opened_desc = snap.title_end, snap.fields_end, snap.opened_desc
    gram_lists, by_word, word_grams = grams.lists, grams.by_word.get, grams.word
    for index in range(start, min(start + count, len(order))):
        entry = pending[order[index]]
        session = entry.session
        haystack = entry.haystack
        title_end = entry.title_end
        sessions.append(session)
        position[session.id] = index
        # A fresh copy, allocated in scan order: a keystroke walks these strings sequentially,
        # and scattered strings cost ~2.5x in cache misses at 100k. The original is freed.
        haystacks.append(haystack.join(("", "")))
        title_ends.append(title_end)
        fields_ends.append(entry.fields_end)
        opened_desc.append(-entry.last_opened)
        for prefix in {haystack[1:2], haystack[1:3]}:
            _append(snap.title_prefixes, prefix, index)
        title_words = haystack[1:title_end].split()
        for word in set(title_words):
            _append(snap.title_postings, word, index)
        for word in set(haystack[title_end : entry.fields_end].split()):
            _append(snap.other_postings, word, index)
        if len(title_words) > 1:
            _append(snap.initials_postings, "".join(w[0] for w in title_words), index)
        ids: set[int] = set()
        for word in set(haystack.split()):
            ids.update(by_word(word) or word_grams(word))
        for gram_id in ids:
            gram_lists[gram_id].append(index)
        _append(snap.by_kind, _fold_shared(session.kind), index)
        _append(snap.by_status, _fold_shared(session.status), index)
        tags = {tag.lower() for tag in session.tags}
        tags.update(_fold_shared(tag) for tag in session.tags)
        for tag in tags:
            _append(snap.by_tag, tag, index)


def _append(table: dict[str, array[int]], key: str, index: int) -> None:
    positions = table.get(key)
    if positions is None:
        positions = table[key] = array("i")
    positions.append(index)
