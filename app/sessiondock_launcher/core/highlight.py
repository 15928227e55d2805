"""Which characters of a title to highlight for a query (rows of the palette).

Split from :mod:`~.ranking`, which re-exports both functions.

Typing on mostly shows the same rows again, so the folded form of a title (and where each folded
character came from) is kept in a small LRU (:data:`TITLE_FORMS_CACHED` titles) instead of being
folded again on every keystroke.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Container, Sequence
from functools import lru_cache
from typing import Protocol

from rapidfuzz.distance import OSA

from sessiondock_launcher.core.matching import max_typo_edits
from sessiondock_launcher.core.query import MAX_QUERY_CHARS, MAX_QUERY_TOKENS
from sessiondock_launcher.core.text import fold, fold_with_positions, is_subsequence

__all__ = [
    "TypoLookup",
    "TypoWords",
    "highlight_positions",
    "highlight_runs",
    "match_reason",
    "title_positions",
]

MAX_RUN_GAP = 2
"""Fragments of one word this close together are shown as one run ("Mons" + "o" -> "Monso")."""
SNIPPET_CHARS = 48
TITLE_FORMS_CACHED = 1_024
"""Titles whose folded form is kept (a page of rows is 50; ~0.3 KB each)."""


class TypoLookup(Protocol):
    """What highlighting needs of a token's fuzzy words: whether a word is one of its typos."""

    @property
    def typo(self) -> Container[str]: ...


class TypoWords:
    """``TokenWords.typo`` of one token, answered word by word instead of for the vocabulary.

    A row's highlight asks about the few words of its title; finding every typo of the token in
    the vocabulary first (``MatchCache.token_words``: a rapidfuzz pass over all of it, 1-7 ms at
    10k sessions) cost a first keystroke dearly for the rows of strict matches outside the title.
    ``word in TypoWords(token, vocabulary)`` equals ``word in token_words(token).typo``: a
    vocabulary word within the token's edits that it is not a subsequence of.
    """

    __slots__ = ("_max_edits", "_token", "_vocabulary")

    def __init__(self, token: str, vocabulary: Sequence[str]) -> None:
        self._token = token
        self._vocabulary = vocabulary  # sorted
        self._max_edits = max_typo_edits(token)

    @property
    def typo(self) -> TypoWords:
        return self

    def __contains__(self, word: object) -> bool:
        edits, token = self._max_edits, self._token
        if not edits or not isinstance(word, str):
            return False
        if OSA.distance(token, word, score_cutoff=edits) > edits or is_subsequence(token, word):
            return False
        vocabulary = self._vocabulary
        at = bisect.bisect_left(vocabulary, word)
        return at < len(vocabulary) and vocabulary[at] == word


@lru_cache(maxsize=TITLE_FORMS_CACHED)
def _title_form(display_title: str) -> tuple[str, str, tuple[int, ...]]:
    """``(folded, " " + folded, mapping)`` of a title (see ``fold_with_positions``)."""
    folded, mapping = fold_with_positions(display_title)
    return folded, " " + folded, mapping


def title_positions(
    display_title: str,
    tokens: Sequence[str],
    token_words: Callable[[str], TypoLookup],
) -> tuple[int, ...]:
    """Indices of the characters of ``display_title`` that the tokens matched.

    ``token_words(token).typo`` holds the words the token matches with a typo (``TokenWords``,
    or a ``TypoWords`` that tests only the title's words).
    """
    folded, spaced, mapping = _title_form(display_title)
    hits: set[int] = set()
    words: list[tuple[int, str]] | None = None
    for token in tokens:
        at = spaced.find(" " + token)
        if at < 0:
            at = folded.find(token)
        if at >= 0:
            hits.update(range(at, at + len(token)))
            continue
        if words is None:
            words = _words(folded)
        hits.update(_fuzzy_positions(token, words, token_words(token)))
    return tuple(sorted({mapping[i] for i in hits if folded[i] != " "}))


def _words(folded: str) -> list[tuple[int, str]]:
    """``(offset, word)`` of each word of a folded title."""
    words: list[tuple[int, str]] = []
    offset = 0
    for word in folded.split(" "):
        words.append((offset, word))
        offset += len(word) + 1
    return words


def _fuzzy_positions(token: str, words: list[tuple[int, str]], known: TypoLookup) -> list[int]:
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


def highlight_runs(text: str, positions: Sequence[int]) -> tuple[tuple[int, int], ...]:
    """Matched characters of ``text`` as ``(start, end)`` runs (end exclusive), fragments merged.

    A fuzzy match picks single letters ("M o n . o" in "Monsoon"); painting each one reads as
    noise. Runs inside one word that are at most :data:`MAX_RUN_GAP` characters apart become one
    run; runs never merge across a space, so separate words stay separate.
    """
    runs: list[list[int]] = []
    for pos in sorted({p for p in positions if 0 <= p < len(text)}):
        if runs:
            last = runs[-1]
            gap = text[last[1] : pos]
            if pos == last[1] or (len(gap) <= MAX_RUN_GAP and not any(c.isspace() for c in gap)):
                last[1] = pos + 1
                continue
        runs.append([pos, pos + 1])
    return tuple((start, end) for start, end in runs)


def match_reason(title: str, tags: Sequence[str], notes: str, tokens: Sequence[str]) -> str:
    """Why a row matched when the title does not say: ``"#ambient"`` or a notes snippet.

    ``tokens`` are the query's folded free-text tokens. Returns "" when every token is in the
    title (the highlight already says why) or nothing else explains the match.
    """
    folded_title = fold(title)
    missing = [t for t in tokens if t and t not in folded_title]
    if not missing:
        return ""
    for tag in tags:
        if any(t in fold(tag) for t in missing):
            return "#" + tag
    folded_notes, mapping = fold_with_positions(notes[:4000])
    for token in missing:
        at = folded_notes.find(token)
        if at >= 0:
            return "notes: " + _snippet(notes, mapping[at])
    return ""


def _snippet(text: str, at: int) -> str:
    start = max(0, at - SNIPPET_CHARS // 3)
    space = text.find(" ", start, at)
    if start > 0 and space >= 0:
        start = space + 1  # begin on a word, not inside one
    end = min(len(text), start + SNIPPET_CHARS)
    body = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")
