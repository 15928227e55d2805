"""A :class:`LibrarySnapshot` as bytes and back: every column, fast, and safe on a hostile file.

The layout follows the columns: number arrays are their raw bytes (``tobytes`` / ``frombytes``,
native little-endian), string lists are their code-point lengths plus UTF-8 in chunks of
``_CHUNK`` strings (NUL-separated, or cut by their lengths when one holds a NUL: ids and raw tag
keys may hold any character), a posting table (``dict[str, array]``) is its keys, their list
lengths and every list's positions in one run (the gram table also says per key whether it is
a bitmap, stored as its ``ceil(n / 8)`` bytes), and the three vocabularies are references into
the postings' keys (so they share those strings, as a built snapshot does). Key order is kept
(it is the built dict's order).

Decoding checks every length against what is left before it allocates, that each column has one
entry per session, that ids are unique, facets in range, and that each posting list starts at
``>= 0`` and ends below ``n`` (a bitmap: no bit at ``n`` or above, and as many bits as its count
says). What a per-position scan would cost (~0.5 s at 100k sessions), the
file's keyed checksum covers instead (``core/store/persisted.py``): only a writer holding the
database's key can produce a file that decodes. No C-level step handles more than a chunk, so a
decode on a worker thread leaves the event loop the GIL every few milliseconds.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Callable, Iterable, Sequence, Sized

from sessiondock_launcher.core.library import LibrarySnapshot
from sessiondock_launcher.core.postings import BitPositions, Posting

__all__ = ["SnapshotFormatError", "decode_bytes", "decode_snapshot", "encode_snapshot"]

Write = Callable[["bytes | bytearray | memoryview | array[int] | array[float]"], None]
"""Writes every byte of a buffer (a file's ``write``)."""

_CHUNK = 4_096
"""Strings per UTF-8 chunk (and entries per chunk of a loop over a column)."""
_U64 = struct.Struct("<Q")
_ENCODING = "utf-8"
_ERRORS = "surrogatepass"  # a lone surrogate from the API's JSON round-trips
_INT_SIZE = 4
_NUL = "\x00"
_SPLIT = b"\x01"
"""A chunk of strings joined by NUL (none of them holds one): one ``split`` decodes it."""
_SLICE = b"\x00"
"""A chunk of strings simply concatenated, cut by their lengths (some hold a NUL)."""
_FLOAT_SIZE = 8
_POSITIONS = 0
_BITMAP = 1
"""Kinds of a gram posting in the file."""


def _no_pause() -> None:
    pass


class SnapshotFormatError(ValueError):
    """The bytes are not a snapshot this code wrote (truncated, damaged, inconsistent)."""


def _tables(snap: LibrarySnapshot) -> list[dict[str, array[int]]]:
    """The posting tables after ``grams`` (which has a table format of its own)."""
    return [
        snap.title_postings,
        snap.other_postings,
        snap.initials_postings,
        snap.by_kind,
        snap.by_status,
        snap.by_tag,
    ]


# -- encoding --------------------------------------------------------------------------------
def encode_snapshot(
    snap: LibrarySnapshot, write: Write, *, pause: Callable[[], None] = _no_pause
) -> None:
    """Write every column of ``snap`` through ``write`` (``records`` are not part of it);
    ``pause`` runs between chunks of strings or keys."""
    _write_strings(write, snap.ids, pause)
    _write_strings(write, snap.haystacks, pause)
    for column in (snap.title_end, snap.fields_end, snap.opened_desc, snap.facet_of):
        _write_blob(write, column)
    _write_strings(write, [part for facet in snap.facets for part in facet], pause)
    _write_table(write, snap.title_prefixes, pause)
    _write_grams(write, snap.grams, len(snap), pause)
    for table in _tables(snap):
        _write_table(write, table, pause)
    refs: dict[str, int] = {}
    for number, key in enumerate(
        _keys(snap.title_postings, snap.other_postings, snap.initials_postings)
    ):
        refs.setdefault(key, number)
        if not number % _CHUNK:
            pause()
    for words in (snap.vocabulary, snap.title_vocabulary, snap.other_vocabulary):
        found = array("i")
        for start in range(0, len(words), _CHUNK):
            found.extend([refs[word] for word in words[start : start + _CHUNK]])
            pause()
        _write_blob(write, found)


def _keys(*tables: dict[str, array[int]]) -> Iterable[str]:
    for table in tables:
        yield from table


def _write_blob(write: Write, data: bytes | array[int] | array[float]) -> None:
    size = len(data) * data.itemsize if isinstance(data, array) else len(data)
    write(_U64.pack(size))
    write(data)


def _lengths(items: Sequence[Sized]) -> array[int]:
    """``len`` of each item, a chunk per C call (a worker thread never holds the GIL long)."""
    found = array("I")
    for start in range(0, len(items), _CHUNK):
        found.extend(map(len, items[start : start + _CHUNK]))
    return found


def _total(counts: array[int]) -> int:
    return sum(sum(counts[start : start + _CHUNK]) for start in range(0, len(counts), _CHUNK))


def _write_strings(write: Write, strings: Sequence[str], pause: Callable[[], None]) -> None:
    _write_blob(write, _lengths(strings))
    for start in range(0, len(strings), _CHUNK):
        part = strings[start : start + _CHUNK]
        joined = _NUL.join(part)
        if joined.count(_NUL) == len(part) - 1:  # no NUL in any of them: split in C on reading
            write(_SPLIT)
        else:
            write(_SLICE)
            joined = "".join(part)
        _write_blob(write, joined.encode(_ENCODING, _ERRORS))
        pause()


def _write_table(write: Write, table: dict[str, array[int]], pause: Callable[[], None]) -> None:
    _write_strings(write, list(table), pause)
    counts = _lengths(list(table.values()))
    _write_blob(write, counts)
    write(_U64.pack(_total(counts) * _INT_SIZE))
    for number, positions in enumerate(table.values()):
        write(positions)
        if not number % _CHUNK:
            pause()


def _write_grams(
    write: Write, grams: dict[str, Posting], n: int, pause: Callable[[], None]
) -> None:
    """Keys, counts, kinds (positions or bitmap), then each posting in key order: its positions,
    or its bitmap's ``ceil(n / 8)`` bytes."""
    _write_strings(write, list(grams), pause)
    postings = list(grams.values())
    _write_blob(write, _lengths(postings))
    kinds = bytes(_BITMAP if isinstance(p, BitPositions) else _POSITIONS for p in postings)
    _write_blob(write, kinds)
    width = _bitmap_bytes(n)
    sizes = (width if kind else len(p) * _INT_SIZE for kind, p in zip(kinds, postings, strict=True))
    write(_U64.pack(sum(sizes)))
    for number, posting in enumerate(postings):
        if isinstance(posting, BitPositions):
            write(posting.bits.to_bytes(width, "little"))
        else:
            write(posting)
        if not number % _CHUNK:
            pause()


def _bitmap_bytes(n: int) -> int:
    return (n + 7) // 8


# -- decoding --------------------------------------------------------------------------------
Read = Callable[[int], "bytes | memoryview"]
"""Returns the next ``size`` bytes (fewer only at the end)."""


class _Reader:
    """A cursor over the payload; every read is checked against what is left before it is made.

    ``pause`` runs between chunks (``time.sleep(0)`` on a worker thread hands the GIL over).
    """

    def __init__(self, read: Read, size: int, pause: Callable[[], None]) -> None:
        self.read = read
        self.left = size
        self.pause = pause

    def take(self, size: int) -> memoryview:
        if size < 0 or size > self.left:
            raise SnapshotFormatError(f"a part of {size} bytes runs past the end")
        found = memoryview(self.read(size))
        if found.nbytes != size:
            raise SnapshotFormatError("the payload ends early")
        self.left -= size
        return found

    def take_raw(self, size: int) -> bytes | memoryview:
        """Like :meth:`take`, as the source returned it (``bytes`` from a file)."""
        if size < 0 or size > self.left:
            raise SnapshotFormatError(f"a part of {size} bytes runs past the end")
        found = self.read(size)
        if len(found) != size:
            raise SnapshotFormatError("the payload ends early")
        self.left -= size
        return found

    def size(self) -> int:
        (size,) = _U64.unpack(self.take_raw(_U64.size))
        return int(size)

    def blob(self) -> memoryview:
        return self.take(self.size())

    def numbers(self, typecode: str, count: int | None = None) -> array[int]:
        data = self.blob()
        found = array(typecode)
        if len(data) % found.itemsize:
            raise SnapshotFormatError("a number column is not a whole number of entries")
        if count is not None and len(data) != count * found.itemsize:
            raise SnapshotFormatError(f"a column has {len(data) // found.itemsize}, not {count}")
        found.frombytes(data)
        return found

    def floats(self, count: int) -> array[float]:
        data = self.blob()
        if len(data) != count * _FLOAT_SIZE:
            raise SnapshotFormatError("the last-opened column has the wrong length")
        found = array("d")
        found.frombytes(data)
        return found

    def strings(self, count: int | None = None) -> list[str]:
        lengths = self.numbers("I", count)
        found: list[str] = []
        for start in range(0, len(lengths), _CHUNK):
            mode = bytes(self.take(1))
            try:
                text = str(self.blob(), _ENCODING, _ERRORS)
            except UnicodeDecodeError as exc:
                raise SnapshotFormatError(f"text is not UTF-8: {exc}") from exc
            part = lengths[start : start + _CHUNK]
            if mode == _SPLIT:
                pieces = text.split(_NUL)
                if len(pieces) != len(part):
                    raise SnapshotFormatError("a chunk holds the wrong number of strings")
                found.extend(pieces)
            elif mode == _SLICE:
                at = 0
                for length in part:
                    found.append(text[at : at + length])
                    at += length
                if at != len(text):
                    raise SnapshotFormatError("string lengths do not add up to their text")
            else:
                raise SnapshotFormatError(f"unknown string chunk mode {mode!r}")
            self.pause()
        return found

    def table(self, n: int) -> dict[str, array[int]]:
        keys = self.strings()
        counts = self.numbers("I", len(keys))
        size = self.size()
        if size != _total(counts) * _INT_SIZE:
            raise SnapshotFormatError("posting lengths do not add up to their positions")
        table: dict[str, array[int]] = {}
        for number, (key, count) in enumerate(zip(keys, counts, strict=True)):
            if not number % _CHUNK:
                self.pause()
            table[key] = self.positions(key, count, n)
        if len(table) != len(keys):
            raise SnapshotFormatError("a posting table repeats a key")
        return table

    def positions(self, key: str, count: int, n: int) -> array[int]:
        """One posting list of ``count`` positions below ``n``.

        Straight from the file, key by key: no buffer of every position, and no object the GC
        counts per key (a collection on the worker holds the GIL over the heap).
        """
        positions = array("i")
        positions.frombytes(self.take_raw(count * _INT_SIZE))
        if not positions or positions[0] < 0 or positions[-1] >= n:
            raise SnapshotFormatError(f"a posting list of {key!r} is empty or out of range")
        return positions

    def grams(self, n: int) -> dict[str, Posting]:
        """The gram table (see ``_write_grams``)."""
        keys = self.strings()
        counts = self.numbers("I", len(keys))
        kinds = bytes(self.blob())
        if len(kinds) != len(keys) or kinds.strip(bytes((_POSITIONS, _BITMAP))):
            raise SnapshotFormatError("gram kinds do not match their keys")
        width = _bitmap_bytes(n)
        expected = sum(
            width if kind else count * _INT_SIZE for kind, count in zip(kinds, counts, strict=True)
        )
        if self.size() != expected:
            raise SnapshotFormatError("gram postings do not add up to their sizes")
        table: dict[str, Posting] = {}
        for number, (key, count, kind) in enumerate(zip(keys, counts, kinds, strict=True)):
            if not number % _CHUNK:
                self.pause()
            if kind == _BITMAP:
                bits = int.from_bytes(self.take_raw(width), "little")
                if not count or bits.bit_count() != count or bits.bit_length() > n:
                    raise SnapshotFormatError(f"the bitmap of {key!r} is empty or out of range")
                table[key] = BitPositions(bits, count)
                continue
            table[key] = self.positions(key, count, n)
        if len(table) != len(keys):
            raise SnapshotFormatError("a posting table repeats a key")
        return table


def decode_snapshot(
    read_bytes: Read, size: int, n: int, *, pause: Callable[[], None] = _no_pause
) -> LibrarySnapshot:
    """The snapshot of ``n`` sessions in the next ``size`` bytes of ``read_bytes`` (as written by
    :func:`encode_snapshot`); no read asks for more than what is left of ``size``.

    Raises:
        SnapshotFormatError: Anything inconsistent; nothing of the file is used then.
    """
    read = _Reader(read_bytes, size, pause)
    snap = LibrarySnapshot.empty()
    snap.ids = read.strings(n)
    snap.haystacks = read.strings(n)
    snap.title_end = read.numbers("i", n)
    snap.fields_end = read.numbers("i", n)
    snap.opened_desc = read.floats(n)
    snap.facet_of = read.numbers("i", n)
    parts = read.strings()
    if len(parts) % 2:
        raise SnapshotFormatError("a facet without its status")
    snap.facets = [(parts[at], parts[at + 1]) for at in range(0, len(parts), 2)]
    _check_range(snap.facet_of, len(snap.facets), "facet")
    snap.title_prefixes = read.table(n)
    snap.grams = read.grams(n)
    (
        snap.title_postings,
        snap.other_postings,
        snap.initials_postings,
        snap.by_kind,
        snap.by_status,
        snap.by_tag,
    ) = (read.table(n) for _ in range(6))
    keys = [*snap.title_postings, *snap.other_postings, *snap.initials_postings]
    snap.vocabulary, snap.title_vocabulary, snap.other_vocabulary = (
        _words(keys, read.numbers("i")) for _ in range(3)
    )
    if read.left:
        raise SnapshotFormatError(f"{read.left} bytes after the last column")
    snap.position = _positions(snap.ids, pause)
    return snap


def decode_bytes(payload: bytes | memoryview, n: int) -> LibrarySnapshot:
    """:func:`decode_snapshot` of a payload in memory."""
    view = memoryview(payload)
    at = 0

    def read(size: int) -> memoryview:
        nonlocal at
        at += size
        return view[at - size : at]

    return decode_snapshot(read, view.nbytes, n)


def _check_range(values: array[int], limit: int, what: str) -> None:
    for start in range(0, len(values), _CHUNK):
        chunk = values[start : start + _CHUNK]
        if min(chunk) < 0 or max(chunk) >= limit:
            raise SnapshotFormatError(f"a {what} number is out of range")


def _words(keys: list[str], refs: array[int]) -> list[str]:
    _check_range(refs, len(keys), "vocabulary")
    return [keys[ref] for ref in refs]


def _positions(ids: list[str], pause: Callable[[], None]) -> dict[str, int]:
    position: dict[str, int] = {}
    for start in range(0, len(ids), _CHUNK):
        end = min(start + _CHUNK, len(ids))
        position.update(zip(ids[start:end], range(start, end), strict=True))
        pause()
    if len(position) != len(ids):
        raise SnapshotFormatError("an id occurs twice")
    return position
