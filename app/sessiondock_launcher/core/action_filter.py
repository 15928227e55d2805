"""Which of the Ctrl+K panel's actions a typed filter keeps, best first, with the characters of
each title to highlight (``core/action_list.py`` holds the actions themselves).

Filtering follows the palette's own matching rules (``core/matching.py``): every typed token must
match a word strictly (prefix or substring) or fuzzily (initials, subsequence, a typo in a word
of four letters or more); strict title matches rank first, and the catalogue order breaks ties.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import OSA

from sessiondock_launcher.core.highlight import title_positions
from sessiondock_launcher.core.matching import TYPO_MIN_LENGTH, TokenWords
from sessiondock_launcher.core.text import fold, is_subsequence

__all__ = ["rank_titles"]


def _typo(token: str, word: str) -> bool:
    """Within the palette's typo allowance: 1 edit (2 from 8 letters), tokens of 4+ letters."""
    if len(token) < TYPO_MIN_LENGTH or not token.isalpha():
        return False
    allowed = 1 if len(token) < 8 else 2
    return OSA.distance(token, word, score_cutoff=allowed) <= allowed


def _fuzzy(token: str, words: Sequence[str]) -> bool:
    """A subsequence of a word (2+ letters), or one typo away from a word."""
    if len(token) >= 2 and any(is_subsequence(token, w) for w in words):
        return True
    return any(_typo(token, w) for w in words)


def _initials(token: str, words: Sequence[str]) -> bool:
    """``ns`` for "New session": the token walks the words' first letters."""
    return (
        len(words) > 1 and len(token) >= 2 and is_subsequence(token, "".join(w[0] for w in words))
    )


def _token_score(token: str, title: str, title_words: list[str], other_words: list[str]) -> int:
    """How well one token matches (0: not at all). Title beats keywords; strict beats fuzzy."""
    checks = (
        bool(title_words) and title_words[0].startswith(token),
        any(w.startswith(token) for w in title_words),
        token in title,
        _initials(token, title_words),
        any(w.startswith(token) for w in other_words),
        _fuzzy(token, title_words),
        _fuzzy(token, other_words),
    )
    return next((len(checks) - i for i, hit in enumerate(checks) if hit), 0)


def _score(title_text: str, words: str, tokens: Sequence[str]) -> int:
    title = fold(title_text)
    title_words = title.split()
    other_words = fold(words).split()
    total = 0
    for token in tokens:
        score = _token_score(token, title, title_words, other_words)
        if not score:
            return 0
        total += score
    return total


def rank_titles(entries: Sequence[tuple[str, str]], text: str) -> list[tuple[int, tuple[int, ...]]]:
    """Which ``(title, other words)`` entries match every token of ``text``, best first: each
    entry's position in ``entries`` and the characters of its title to highlight (all entries,
    in order, with no highlight, when ``text`` has no token)."""
    tokens = fold(text).split()
    if not tokens:
        return [(order, ()) for order in range(len(entries))]
    scored = [(_score(title, words, tokens), order) for order, (title, words) in enumerate(entries)]
    kept = sorted((t for t in scored if t[0]), key=lambda t: (-t[0], t[1]))
    return [(order, _highlight(entries[order][0], tokens)) for _score_, order in kept]


def _highlight(title: str, tokens: Sequence[str]) -> tuple[int, ...]:
    words = fold(title).split()

    def words_for(token: str) -> TokenWords:
        return TokenWords(
            frozenset(w for w in words if is_subsequence(token, w)),
            frozenset(w for w in words if _typo(token, w)),
        )

    return title_positions(title, tokens, words_for)
