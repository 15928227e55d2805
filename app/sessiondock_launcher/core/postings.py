"""Gram postings in compact form: a dense posting is a bitmap, a sparse one an ``array('i')``.

A gram (a character or a pair of characters) in more than 1/32 of the sessions takes less memory
as a bitmap (one bit a session) than as positions (four bytes each): at 100k sessions the 238
dense grams of the simulator's library hold 6.2M positions (25 MB) in 3 MB of bitmaps.

:class:`BitPositions` reads a bitmap the way the keystroke path reads positions: its length is a
popcount, membership one bit, the first entries are decoded a window at a time (ranking reads a
large strict set's first few hundred only), and the whole list is decoded at once in C
(``itertools.compress`` over the snapshot's shared list of every position) only when a caller
iterates it. Bitmaps of several pairs AND in microseconds, which gives a 3+ character token a
tighter candidate set than its rarest pair.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from itertools import compress
from typing import TypeAlias, overload

__all__ = ["DENSE_SHARE", "BitPositions", "Posting", "is_dense", "positions_of"]

DENSE_SHARE = 32
"""A posting with more than ``n / DENSE_SHARE`` positions is a bitmap (4 bytes an entry against
``n / 8`` bytes)."""
_TO_MASK = bytes.maketrans(b"01", b"\x00\x01")
_FIRST_WINDOW = 1_024
_MAX_WINDOW = 65_536


def is_dense(count: int, n: int) -> bool:
    """Whether ``count`` positions of ``n`` take less memory as a bitmap."""
    return count * DENSE_SHARE > n


def _mask(bits: int) -> bytes:
    """One byte a bit, lowest first: 1 where ``bits`` has a 1 (up to its highest set bit)."""
    return bin(bits)[:1:-1].encode("ascii").translate(_TO_MASK)


def positions_of(bits: int, universe: list[int]) -> list[int]:
    """The set bits of ``bits`` as ascending positions (``universe[i] == i``: the shared ints)."""
    return list(compress(universe, _mask(bits))) if bits else []


class BitPositions:
    """Ascending positions ``i`` with bit ``i`` of ``bits`` set, read like a sequence.

    ``universe`` is ``list(range(n))`` shared by every bitmap of a snapshot (the position ints
    are made once, not per decode). Decoded entries are cached on this object, so the snapshot
    keeps only bare bitmaps and hands out a :meth:`view` per search (its cache goes with it).
    """

    __slots__ = ("_count", "_head", "_head_bits", "bits", "universe")

    def __init__(self, bits: int, universe: list[int], count: int | None = None) -> None:
        self.bits = bits
        self.universe = universe
        self._count = bits.bit_count() if count is None else count
        self._head: list[int] = []
        self._head_bits = 0
        """Bits below this one are decoded into ``_head``."""

    def view(self) -> BitPositions:
        """The same positions with a cache of their own (for one search's lifetime)."""
        return BitPositions(self.bits, self.universe, self._count)

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and value >= 0 and (self.bits >> value) & 1 == 1

    def __and__(self, other: BitPositions) -> BitPositions:
        return BitPositions(self.bits & other.bits, self.universe)

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
            rest = self.bits >> self._head_bits
            self._head.extend(
                compress(self.universe[self._head_bits :], _mask(rest)) if rest else ()
            )
            self._head_bits = len(self.universe)
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
        head, universe = self._head, self.universe
        window = _FIRST_WINDOW
        while len(head) < count and self._head_bits < len(universe):
            low = self._head_bits
            part = (self.bits >> low) & ((1 << window) - 1)
            if part:
                head.extend(compress(universe[low : low + window], _mask(part)))
            self._head_bits = low + window
            window = min(window * 2, _MAX_WINDOW)


Posting: TypeAlias = "array[int] | BitPositions"
"""A gram's ascending positions: an array (sparse) or a bitmap (dense)."""
