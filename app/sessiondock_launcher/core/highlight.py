"""Which characters of a title to highlight for a query (rows of the palette).

Split from :mod:`~.ranking`, which re-exports both functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sessiondock_launcher.core.matching import TokenWords
from sessiondock_launcher.core.query import MAX_QUERY_CHARS, MAX_QUERY_TOKENS
from sessiondock_launcher.core.text import fold, fold_with_positions, is_subsequence

__all__ = ["highlight_positions", "title_positions"]


def title_positions(
    display_title: str,
    tokens: Sequence[str],
    token_words: Callable[[str], TokenWords],
) -> tuple[int, ...]:
    """Indices of the characters of ``display_title`` that the tokens matched."""
    folded, mapping = fold_with_positions(display_title)
    spaced = " " + folded
    words: list[tuple[int, str]] = []
    offset = 0
    for word in folded.split(" "):
        words.append((offset, word))
        offset += len(word) + 1
    hits: set[int] = set()
    for token in tokens:
        at = spaced.find(" " + token)
        if at < 0:
            at = folded.find(token)
        if at >= 0:
            hits.update(range(at, at + len(token)))
            continue
        hits.update(_fuzzy_positions(token, words, token_words(token)))
    return tuple(sorted({mapping[i] for i in hits if folded[i] != " "}))


def _fuzzy_positions(token: str, words: list[tuple[int, str]], known: TokenWords) -> list[int]:
    for offset, word in words:
        if word in known.typo:
            return list(range(offset, offset + len(word)))
        if is_subsequence(token, word):
            found: list[int] = []
            start = 0
            for char in token:
                start = word.index(char, start) + 1
                found.append(offset + start - 1)
            return found
    initials = "".join(word[:1] for _, word in words)
    if len(words) > 1 and is_subsequence(token, initials):
        found, start = [], 0
        for char in token:
            start = initials.index(char, start) + 1
            found.append(words[start - 1][0])
        return found
    return []


def highlight_positions(query_text: str, display_title: str) -> tuple[int, ...]:
    """Highlights for rows ranked elsewhere (the server): where each folded token occurs."""
    folded, mapping = fold_with_positions(display_title)
    hits: set[int] = set()
    for token in fold(query_text[:MAX_QUERY_CHARS]).split()[:MAX_QUERY_TOKENS]:
        at = folded.find(token)
        if at >= 0:
            hits.update(range(at, at + len(token)))
    return tuple(sorted({mapping[i] for i in hits if folded[i] != " "}))
