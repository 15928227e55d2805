"""The letters on a placeholder tile (a session without artwork): one rule for row and pane."""

from __future__ import annotations

__all__ = ["tile_initials"]


def tile_initials(kind: str) -> str:
    """``"Logic Pro"`` -> ``"LP"``, ``"Ableton"`` -> ``"AB"``, ``""`` -> ``"?"``.

    Two letters at most: the first letters of the first two words, or the first two letters of
    a single word, upper-cased so row and pane agree.
    """
    words = [w for w in kind.split() if w[:1].isalnum()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:2].upper()
    return (words[0][0] + words[1][0]).upper()
