"""Gram postings in compact form: a dense character posting is a bitmap, the rest ``array('i')``.

A gram in more than 1/32 of the sessions takes less memory as a bitmap (one bit a session) than as
positions (four bytes each). Single characters are where that pays without a keystroke cost: at
100k sessions their dense postings hold 1.9M positions (7.6 MB as arrays, 0.4 MB as bitmaps),
and a one-character token's exact set is only ever read the way :class:`BitPositions` reads
cheaply: its length (a popcount), membership (one bit) and its first few hundred entries (decoded
a window at a time) for ranking. Character *pairs* stay arrays, though 4.3M of their positions are
dense too: the third keystroke of every token scans its two-character predecessor's set, and
decoding a whole bitmap in pure Python is a C pass over every position (``itertools.compress``:
1-4 ms at 100k, against nothing for an array), which made those keystrokes 4-12 ms slower in an
A/B at 100k. ``BITMAP_MAX_GRAM`` says which grams may be bitmaps; everything that reads postings
also handles bitmap pairs (a 3+ character token then ANDs its pairs' bitmaps), which the tests
check by raising it.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from itertools import compress
from typing import TypeAlias, overload

__all__ = [
    "BITMAP_MAX_GRAM",
    "DENSE_SHARE",
    "BitPositions",
    "Posting",
    "as_bitmap",
    "may_be_bitmap",
    "sparse_positions",
]

DENSE_SHARE = 32
"""A posting with more than ``n / DENSE_SHARE`` positions is smaller as a bitmap (4 bytes an
entry against ``n / 8`` bytes)."""
BITMAP_MAX_GRAM = 1
"""Longest gram kept as a bitmap when dense (see the module docstring for why not pairs)."""
_TO_MASK = bytes.maketrans(b"01", b"\x00\x01")
_FIRST_WINDOW = 1_024
_MAX_WINDOW = 65_536


def may_be_bitmap(gram: str) -> bool:
    """Whether the posting of ``gram`` is a bitmap when dense."""
    return len(gram) <= BITMAP_MAX_GRAM


def as_bitmap(gram: str, count: int, n: int) -> bool:
    """Whether the posting of ``gram`` (``count`` positions of ``n``) is kept as a bitmap."""
    return may_be_bitmap(gram) and count * DENSE_SHARE > n


def _mask(bits: int) -> bytes:
    """One byte a bit, lowest first: 1 where ``bits`` has a 1 (up to its highest set bit)."""
    return bin(bits)[:1:-1].encode("ascii").translate(_TO_MASK)


def sparse_positions(bits: int) -> array[int]:
    """The set bits of ``bits`` as ascending positions, at a cost per set bit (plus one C pass
    over the bits' text): for a bitmap with few bits, where ``compress`` over every position
    would cost more."""
    text = bin(bits)[:1:-1]
    found = array("i")
    at = text.find("1")
    while at >= 0:
        found.append(at)
        at = text.find("1", at + 1)
    return found


class BitPositions:
    """Ascending positions ``i`` with bit ``i`` of ``bits`` set, read like a sequence.

    Entries are decoded by ``compress`` over a ``range`` (a shared list of position ints measured
    no faster in the app's heap: touching scattered int objects costs what making fresh ones
    does) and cached on this object, so the snapshot keeps only bare bitmaps and hands out a
    :meth:`view` per search (its cache goes with it).
    """

    __slots__ = ("_count", "_head", "_head_bits", "bits")

    def __init__(self, bits: int, count: int | None = None) -> None:
        self.bits = bits
        self._count = bits.bit_count() if count is None else count
        self._head: list[int] = []
        self._head_bits = 0
        """Bits below this one are decoded into ``_head``."""

    def view(self) -> BitPositions:
        """The same positions with a cache of their own (for one search's lifetime)."""
        return BitPositions(self.bits, self._count)

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and value >= 0 and (self.bits >> value) & 1 == 1

    def __and__(self, other: BitPositions) -> BitPositions:
        return BitPositions(self.bits & other.bits)

    def __iter__(self) -> Iterator[int]:
        return iter(self.decoded())

    def __eq__(self, other: object) -> bool:
        """The same positions (a snapshot's columns compare by value)."""
        if isinstance(other, BitPositions):
            return self.bits == other.bits
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # (compared by value, and caches decodes)

    def __repr__(self) -> str:
        return f"BitPositions({self.decoded()!r})"

    def decoded(self) -> list[int]:
        """Every position, ascending (decoded once per object)."""
        if len(self._head) < self._count:
            low = self._head_bits
            rest = self.bits >> low
            self._head.extend(compress(range(low, low + rest.bit_length()), _mask(rest)))
            self._head_bits = low + rest.bit_length()
        return self._head

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        """An entry or a slice; a slice from the start decodes only the windows it needs."""
        if isinstance(index, int) or index.step is not None:
            return self.decoded()[index]
        start, stop, _ = index.indices(self._count)
        self._decode_until(stop)
        return self._head[start:stop]

    def _decode_until(self, count: int) -> None:
        head, end = self._head, self.bits.bit_length()
        window = _FIRST_WINDOW
        while len(head) < count and self._head_bits < end:
            low = self._head_bits
            part = (self.bits >> low) & ((1 << window) - 1)
            if part:
                head.extend(compress(range(low, low + window), _mask(part)))
            self._head_bits = low + window
            window = min(window * 2, _MAX_WINDOW)


Posting: TypeAlias = "array[int] | BitPositions"
"""A gram's ascending positions: an array (sparse) or a bitmap (dense)."""
