"""Building a :class:`LibrarySnapshot` in bounded steps (an event loop breathes between them).

Entries (:class:`IndexedSession`) come from sessions in memory (``add``) or straight from the
store's columns (``add_indexed``); the final assembly sorts them into global order in sorted runs
merged across steps, then fills every column and posting list a chunk at a time. Gram postings
are collected as bitmaps a block of positions at a time (``_GramCollector``: cheaper than an
append per gram and session) and each is kept as a bitmap or turned into an array once the
library's size is known (``core/postings.py``).
"""

from __future__ import annotations

import heapq
import itertools
from array import array
from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core.library import (
    Facet,
    IndexedSession,
    LibrarySnapshot,
    epoch_seconds,
    fold_shared,
)
from sessiondock_launcher.core.postings import (
    BitPositions,
    Posting,
    as_bitmap,
    may_be_bitmap,
    sparse_positions,
)

__all__ = ["SnapshotBuilder"]

_SORT_CHUNK = 2_000
"""Sessions per sorted run in ``finish_steps`` (~2 ms a step on the reference box)."""
_MERGE_CHUNK = 8_000
"""Merged sort keys per ``finish_steps`` step (~5 ms)."""
_FREE_CHUNK = 10_000
_BUILD_CHUNK = 500
"""Sessions indexed per ``finish_steps`` step (~5 ms at 10k, more at 100k: cache misses)."""
_GRAM_BLOCK = 256
"""Positions per block of the gram bitmaps under construction (a multiple of 8)."""

_T = TypeVar("_T")


class SnapshotBuilder:
    """Builds a :class:`LibrarySnapshot` in small steps so an event loop can breathe between them.

    ``add`` folds one batch (callers keep batches small); ``finish_steps`` yields between chunks of
    the final assembly (sorting is done in sorted runs merged across steps, so no step handles the
    whole library at once); ``result`` returns the snapshot. A later session with the same id wins.

    Args:
        keep_records: Keep the full sessions given to ``add`` (an index without a store).
    """

    def __init__(self, *, keep_records: bool = False) -> None:
        self._by_id: dict[str, IndexedSession] = {}
        self._records: dict[str, Session] | None = {} if keep_records else None
        self._facets: dict[Facet, Facet] = {}
        self._count = -1
        self._result: LibrarySnapshot | None = None
        self._ordered: tuple[LibrarySnapshot, _GramCollector, _FacetTable] | None = None

    def facet(self, kind: str, status: str) -> Facet:
        """The one shared copy of this facet (they repeat a lot)."""
        value = (kind, status)
        return self._facets.setdefault(value, value)

    def add(self, sessions: Iterable[Session]) -> None:
        by_id, records, facet = self._by_id, self._records, self.facet
        for session in sessions:
            by_id[session.id] = IndexedSession.from_fields(
                session.id,
                session.display_title,
                facet(session.kind, session.status),
                session.tags,
                session.notes,
                epoch_seconds(session.last_opened),
            )
            if records is not None:
                records[session.id] = session

    def add_ordered(self, entries: Iterable[IndexedSession]) -> None:
        """Append entries already in global order (last opened first, then folded title, then
        id; ids not seen before): they go straight into the columns, with nothing to sort and no
        copy made (``loading`` reads the store in this order). Not mixed with ``add``."""
        if self._ordered is None:
            snap = LibrarySnapshot.empty(self._records)
            self._ordered = (snap, _GramCollector(), _FacetTable(snap))
        snap, grams, facets = self._ordered
        _add_positions(snap, entries, grams=grams, facets=facets, copy=False)

    def add_indexed(self, entries: Iterable[IndexedSession]) -> None:
        for entry in entries:
            self._by_id[entry.id] = entry
            if self._records is not None:
                self._records.pop(entry.id, None)

    def add_records(self, records: Mapping[str, Session]) -> None:
        """Keep these full sessions (with ``add_indexed``, when rebuilding a kept index)."""
        if self._records is not None:
            self._records.update(records)

    def __len__(self) -> int:
        if self._ordered is not None:
            return len(self._ordered[0])
        return len(self._by_id) if self._count < 0 else self._count

    def finish_steps(self) -> Iterator[None]:
        """Assemble the snapshot, yielding after each bounded chunk of work."""
        if self._ordered is not None:
            snap, grams, _ = self._ordered
            yield from self._finish(snap, grams)
            return
        pending = list(self._by_id.values())
        self._count = len(pending)
        self._by_id = {}  # the snapshot keeps what it needs; free the rest as we go
        runs: list[list[tuple[float, str, str, int]]] = []
        for start in range(0, len(pending), _SORT_CHUNK):
            run = [
                (-e.last_opened, e.haystack[1 : e.title_end], e.id, start + k)
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
        snap = LibrarySnapshot.empty(self._records)
        grams = _GramCollector()
        facets = _FacetTable(snap)
        for start in range(0, len(order), _BUILD_CHUNK):
            chunk = (pending[i] for i in order[start : start + _BUILD_CHUNK])
            _add_positions(snap, chunk, grams=grams, facets=facets, copy=True)
            yield
        # Free the folded entries (and their haystacks) in chunks, after every copy is made: freeing
        # while copying would scatter the copies into the holes, and all at once takes a while.
        while pending:
            del pending[-_FREE_CHUNK:]
            yield
        del pending
        yield from self._finish(snap, grams)

    def _finish(self, snap: LibrarySnapshot, grams: _GramCollector) -> Iterator[None]:
        yield from grams.finish_steps(snap)
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
    """Gram postings under construction.

    Pairs (grams that are never bitmaps, ``core/postings.py``) get an array each, a position
    appended per session. Characters, which may end up bitmaps, are collected as bitmaps a block
    of positions at a time: within a block each word gets the bits of the positions whose
    haystack has it; when the block is full, each word's bits are ORed into its characters' block
    bits, and every character's block is appended to its bitmap's bytes (a repeated word costs
    one OR per character and block, not one per session).
    """

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.lists: list[array[int] | None] = []
        """Gram id → its positions (an appended gram)."""
        self.bitmaps: list[bytearray | None] = []
        """Gram id → its bitmap's bytes for the positions below ``block_start`` (a bit gram)."""
        self.by_word: dict[str, tuple[int, ...]] = {}
        """Word → ids of its appended grams."""
        self.bits_by_word: dict[str, tuple[int, ...]] = {}
        """Word → ids of its bit grams."""
        self.block_start = 0
        self.words: dict[str, int] = {}
        """Word → bits (from ``block_start``) of the positions holding it in the current block."""

    def word(self, word: str) -> tuple[int, ...]:
        """Ids of the distinct appended grams of one word (its bit grams are noted too)."""
        appended: list[int] = []
        bit_grams: list[int] = []
        for gram in {*word, *(word[at : at + 2] for at in range(len(word) - 1))}:
            by_bits = may_be_bitmap(gram)
            gram_id = self.ids.get(gram)
            if gram_id is None:
                gram_id = self.ids[gram] = len(self.lists)
                self.lists.append(None if by_bits else array("i"))
                self.bitmaps.append(bytearray(self.block_start // 8) if by_bits else None)
            (bit_grams if by_bits else appended).append(gram_id)
        self.bits_by_word[word] = tuple(bit_grams)
        ids = self.by_word[word] = tuple(appended)
        return ids

    def add_bits(self, index: int, words: set[str]) -> None:
        """The haystack at ``index`` (the next position) holds ``words`` (each seen by ``word``)."""
        if index - self.block_start >= _GRAM_BLOCK:
            self.flush(index - index % _GRAM_BLOCK)
        bit = 1 << (index - self.block_start)
        found = self.words
        for word in words:
            found[word] = found.get(word, 0) | bit

    def flush(self, next_start: int) -> None:
        """Append the current block (and empty ones up to ``next_start``) to every bitmap."""
        block: dict[int, int] = {}
        bits_by_word = self.bits_by_word
        for word, bits in self.words.items():
            for gram_id in bits_by_word[word]:
                block[gram_id] = block.get(gram_id, 0) | bits
        size = (next_start - self.block_start) // 8
        for gram_id, bitmap in enumerate(self.bitmaps):
            if bitmap is not None:
                bitmap.extend(block.get(gram_id, 0).to_bytes(size, "little"))
        self.block_start = next_start
        self.words = {}

    def finish_steps(self, snap: LibrarySnapshot) -> Iterator[None]:
        """Store the postings in ``snap.grams``: bitmaps where ``as_bitmap``, arrays elsewhere."""
        n = len(snap)
        self.flush(n + -n % 8)
        grams: dict[str, Posting] = {}
        for gram, gram_id in self.ids.items():
            bitmap = self.bitmaps[gram_id]
            if bitmap is None:
                positions = self.lists[gram_id]
                assert positions is not None
                grams[gram] = positions
                continue
            self.bitmaps[gram_id] = None
            bits = int.from_bytes(bitmap, "little")
            count = bits.bit_count()
            if as_bitmap(gram, count, n):
                grams[gram] = BitPositions(bits, count)
            else:
                grams[gram] = sparse_positions(bits)
            yield
        snap.grams = grams


class _FacetTable:
    """Facet ids of a snapshot under construction, with each facet's filter keys."""

    def __init__(self, snap: LibrarySnapshot) -> None:
        self.snap = snap
        self.ids: dict[Facet, int] = {}
        self.keys: list[tuple[str, str]] = []

    def id_of(self, facet: Facet) -> int:
        found = self.ids.get(facet)
        if found is None:
            found = self.ids[facet] = len(self.snap.facets)
            self.snap.facets.append(facet)
            kind, status = facet
            self.keys.append((fold_shared(kind), fold_shared(status)))
        return found


def _add_positions(
    snap: LibrarySnapshot,
    entries: Iterable[IndexedSession],
    *,
    grams: _GramCollector,
    facets: _FacetTable,
    copy: bool,
) -> None:
    """Append ``entries`` (next in global order) to every column and posting list.

    ``copy``: store a fresh copy of each haystack, allocated in scan order (a keystroke walks
    these strings sequentially, and scattered strings cost ~2.5x in cache misses at 100k).
    """
    ids, position, haystacks = snap.ids, snap.position, snap.haystacks
    title_ends, fields_ends, opened_desc = snap.title_end, snap.fields_end, snap.opened_desc
    gram_lists, by_word, word_grams = grams.lists, grams.by_word.get, grams.word
    add_bits = grams.add_bits
    for index, entry in enumerate(entries, len(ids)):
        haystack = entry.haystack
        title_end = entry.title_end
        ids.append(entry.id)
        position[entry.id] = index
        haystacks.append(haystack.join(("", "")) if copy else haystack)
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
        words = set(haystack.split())
        gram_ids: set[int] = set()
        for word in words:
            found = by_word(word)
            gram_ids.update(word_grams(word) if found is None else found)
        for gram_id in gram_ids:
            positions = gram_lists[gram_id]
            assert positions is not None
            positions.append(index)
        add_bits(index, words)
        facet_id = facets.id_of(entry.facet)
        snap.facet_of.append(facet_id)
        kind_key, status_key = facets.keys[facet_id]
        _append(snap.by_kind, kind_key, index)
        _append(snap.by_status, status_key, index)
        for tag in entry.tag_keys:
            _append(snap.by_tag, tag, index)


def _append(table: dict[str, array[int]], key: str, index: int) -> None:
    positions = table.get(key)
    if positions is None:
        positions = table[key] = array("i")
    positions.append(index)
