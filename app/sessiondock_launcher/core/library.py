"""The precomputed, immutable search form of a session library.

Everything a keystroke needs is computed here once per sync, not per keystroke: folded titles and
fields, word lists, a title → positions map for exact matches, titles sorted for prefix ranges,
and the word vocabulary with postings for fuzzy matching. Sessions are stored in one global order
(last opened first), so any list of positions in ascending order is already tie-broken by recency.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sessiondock_launcher.api.models import Session
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
_BUILD_CHUNK = 2_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class IndexedSession:
    """One session with its precomputed search strings (all folded)."""

    session: Session
    title: str
    fields: str
    """``" " + title``, tags, kind joined by ``FIELD_SEPARATOR``; ``" " + token`` = word start."""
    haystack: str
    """``fields`` plus the start of the notes."""
    words: tuple[str, ...]
    """Distinct words of title, tags and kind, plus the title's initials."""
    tags: frozenset[str]
    kind: str
    status: str
    last_opened: float

    @classmethod
    def from_session(cls, session: Session) -> IndexedSession:
        title = fold(session.display_title)
        tags = [fold(tag) for tag in session.tags]
        kind = fold(session.kind)
        fields = FIELD_SEPARATOR.join([" " + title, *tags, kind])
        notes = fold(session.notes[:NOTES_SEARCH_CHARS])
        title_words = title.split()
        words = dict.fromkeys([*title_words, *" ".join(tags).split(), *kind.split()])
        if len(title_words) > 1:
            words.setdefault("".join(w[0] for w in title_words), None)
        opened = session.last_opened
        return cls(
            session=session,
            title=title,
            fields=fields,
            haystack=fields + FIELD_SEPARATOR + notes if notes else fields,
            words=tuple(words),
            tags=frozenset(t.lower() for t in session.tags) | frozenset(tags),
            kind=kind,
            status=fold(session.status),
            last_opened=(opened - _EPOCH).total_seconds() if opened is not None else _NEVER,
        )


def contains_sorted(ascending: list[int], value: int) -> bool:
    """Membership test on an ascending list of positions (O(log n), no set to build)."""
    at = bisect.bisect_left(ascending, value)
    return at < len(ascending) and ascending[at] == value


def _order_key(entry: IndexedSession) -> tuple[float, str, str]:
    return (-entry.last_opened, entry.title, entry.session.id)


@dataclass(slots=True)
class LibrarySnapshot:
    """Column-oriented search data in global order; treat as immutable once built."""

    entries: list[IndexedSession]
    position: dict[str, int]
    titles: list[str]
    title_words: list[str]
    """``" " + title``: ``" " + token in title_words[i]`` tests a word start in the title."""
    fields: list[str]
    haystacks: list[str]
    words: list[tuple[str, ...]]
    opened_desc: list[float]
    """Negated last-opened timestamps (ascending), for bisecting the ``recent`` cut-off."""
    exact: dict[str, list[int]]
    sorted_titles: list[str]
    sorted_positions: list[int]
    vocabulary: list[str]
    postings: dict[str, list[int]]
    by_kind: dict[str, list[int]]
    by_status: dict[str, list[int]]
    by_tag: dict[str, list[int]]
    """Keyed by the lowercased and by the folded tag."""

    @classmethod
    def empty(cls) -> LibrarySnapshot:
        builder = SnapshotBuilder()
        for _ in builder.finish_steps():
            pass
        return builder.result()

    def __len__(self) -> int:
        return len(self.entries)

    def opened_since(self, cutoff: float) -> int:
        """Number of leading positions opened at or after ``cutoff`` (epoch seconds)."""
        return bisect.bisect_right(self.opened_desc, -cutoff)

    def prefix_range(self, prefix: str) -> list[int]:
        """Positions whose folded title starts with ``prefix``, in title order."""
        start = bisect.bisect_left(self.sorted_titles, prefix)
        end = bisect.bisect_left(self.sorted_titles, prefix + "\U0010ffff", lo=start)
        return self.sorted_positions[start:end]


class SnapshotBuilder:
    """Builds a :class:`LibrarySnapshot` in small steps so an event loop can breathe between them.

    ``add`` folds one batch (callers keep batches small); ``finish_steps`` yields between chunks of
    the final assembly; ``result`` returns the snapshot. A later session with the same id wins.
    """

    def __init__(self) -> None:
        self._by_id: dict[str, IndexedSession] = {}
        self._result: LibrarySnapshot | None = None

    def add(self, sessions: Iterable[Session]) -> None:
        for session in sessions:
            self._by_id[session.id] = IndexedSession.from_session(session)

    def add_indexed(self, entries: Iterable[IndexedSession]) -> None:
        for entry in entries:
            self._by_id[entry.session.id] = entry

    def __len__(self) -> int:
        return len(self._by_id)

    def finish_steps(self) -> Iterator[None]:
        """Assemble the snapshot, yielding after each chunk of at most 2,000 sessions."""
        entries = sorted(self._by_id.values(), key=_order_key)
        yield
        snap = LibrarySnapshot(
            entries=entries,
            position={},
            titles=[],
            title_words=[],
            fields=[],
            haystacks=[],
            words=[],
            opened_desc=[],
            exact={},
            sorted_titles=[],
            sorted_positions=[],
            vocabulary=[],
            postings={},
            by_kind={},
            by_status={},
            by_tag={},
        )
        for start in range(0, len(entries), _BUILD_CHUNK):
            for index in range(start, min(start + _BUILD_CHUNK, len(entries))):
                entry = entries[index]
                snap.position[entry.session.id] = index
                # Fresh copies, allocated in scan order: a keystroke walks these lists
                # sequentially, and scattered strings cost ~5x in cache misses at 100k.
                snap.titles.append(entry.title.join(("", "")))
                snap.title_words.append(" " + entry.title)
                snap.fields.append(entry.fields.join(("", "")))
                snap.haystacks.append(entry.haystack.join(("", "")))
                snap.words.append(entry.words)
                snap.opened_desc.append(-entry.last_opened)
                snap.exact.setdefault(entry.title, []).append(index)
                for word in entry.words:
                    snap.postings.setdefault(word, []).append(index)
                snap.by_kind.setdefault(entry.kind, []).append(index)
                snap.by_status.setdefault(entry.status, []).append(index)
                for tag in entry.tags:
                    snap.by_tag.setdefault(tag, []).append(index)
            yield
        ordered = sorted(range(len(entries)), key=snap.titles.__getitem__)
        snap.sorted_positions = ordered
        snap.sorted_titles = [snap.titles[i] for i in ordered]
        snap.vocabulary = sorted(snap.postings)
        self._result = snap
        yield

    def result(self) -> LibrarySnapshot:
        if self._result is None:
            raise RuntimeError("finish_steps() has not been run to the end")
        return self._result
