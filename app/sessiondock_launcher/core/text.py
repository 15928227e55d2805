"""Text folding for search: one normal form for titles, tags and queries.

Folding lowercases (``casefold``), strips accents (NFKD without combining marks), turns every
non-alphanumeric character into a space and collapses runs of spaces. ``fold_with_positions``
gives the same string plus, for each folded character, the index of the original character it
came from, so matches found in folded text can be highlighted in the original title.
"""

from __future__ import annotations

import logging
import re
import unicodedata

__all__ = ["fold", "fold_with_positions", "is_subsequence"]

logger = logging.getLogger(__name__)

_ASCII_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ASCII_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+")
_CHAR_CACHE: dict[str, str] = {}


def _fold_char(char: str) -> str:
    """Fold one character; the result contains only alphanumerics and spaces."""
    cached = _CHAR_CACHE.get(char)
    if cached is not None:
        return cached
    decomposed = unicodedata.normalize("NFKD", char)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    result = "".join(c if c.isalnum() else " " for c in folded)
    if len(_CHAR_CACHE) < 65_536:
        _CHAR_CACHE[char] = result
    return result


def fold(text: str) -> str:
    """Return the search form of ``text`` (see the module docstring)."""
    if text.isascii():
        return " ".join(_ASCII_NON_ALNUM.sub(" ", text.lower()).split())
    return " ".join("".join(map(_fold_char, text)).split())


def fold_with_positions(text: str) -> tuple[str, tuple[int, ...]]:
    """Fold ``text`` and map each folded character back to its index in ``text``.

    The folded string is always equal to ``fold(text)``.
    """
    if text.isascii():  # every character folds to itself (lowercased) or to a space
        folded = fold(text)
        if len(folded) == len(text):  # single separators inside only: each char stays put
            return folded, tuple(range(len(text)))
        positions = []
        previous_end = -1
        for run in _ASCII_ALNUM_RUN.finditer(text):
            if previous_end >= 0:
                positions.append(previous_end)  # the collapsed separator
            positions.extend(range(run.start(), run.end()))
            previous_end = run.end()
        return folded, tuple(positions)
    return _fold_with_positions_by_char(text)


def _fold_with_positions_by_char(text: str) -> tuple[str, tuple[int, ...]]:
    chars: list[str] = []
    positions: list[int] = []
    pending_space: int | None = None
    for index, char in enumerate(text):
        for out in _fold_char(char):
            if out == " ":
                if chars and pending_space is None:
                    pending_space = index
                continue
            if pending_space is not None:
                chars.append(" ")
                positions.append(pending_space)
                pending_space = None
            chars.append(out)
            positions.append(index)
    return "".join(chars), tuple(positions)


def is_subsequence(needle: str, haystack: str) -> bool:
    """True when the characters of ``needle`` appear in ``haystack`` in order."""
    remaining = iter(haystack)
    return all(char in remaining for char in needle)
