"""Which sessions match a query: filters, then every token (AND) strictly or fuzzily.

A token matches a session *strictly* when it is a substring of the session's haystack (title,
tags, kind, start of notes). It matches *fuzzily* when it is a subsequence of one of the session's
words (title, tags, kind, title initials) or, for tokens of 4+ letters, within one or two edits
of such a word (typos). Fuzzy words are found by rapidfuzz over the vocabulary and mapped to
sessions through postings, never by scoring the whole library.

Fuzzy matches always rank below strict ones, so they are only looked up when the strict matches
do not fill the requested page: otherwise none of them could be shown.

Strict matching is monotone (typing more characters can only shrink the set), so
:class:`MatchCache` filters the previous keystroke's strict set instead of the whole library.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA, LCSseq

from sessiondock_launcher.core.library import LibrarySnapshot, contains_sorted
from sessiondock_launcher.core.query import Query
from sessiondock_launcher.core.text import fold

__all__ = [
    "RECENT_DAYS",
    "FilterKey",
    "MatchCache",
    "MatchSet",
    "TokenWords",
    "filter_key",
    "filtered_positions",
]

logger = logging.getLogger(__name__)

RECENT_DAYS = 30
TYPO_MIN_LENGTH = 4
_WORD_CACHE_SIZE = 256

FilterKey = tuple[tuple[str, ...], str | None, str | None, bool, int]


def filter_key(query: Query, now: float) -> FilterKey:
    """Everything about ``query``'s filters that decides the base set (recent: to the minute)."""
    kind = fold(query.kind) if query.kind is not None else None
    status = fold(query.status) if query.status is not None else None
    minute = int(now // 60) if query.recent else 0
    return (tuple(sorted(query.tags)), kind, status, query.recent, minute)


def filtered_positions(snap: LibrarySnapshot, key: FilterKey) -> list[int] | None:
    """Positions passing the filters in global order; ``None`` means "all" (no filters)."""
    tags, kind, status, recent, minute = key
    if not tags and kind is None and status is None and not recent:
        return None
    upto = snap.opened_since(minute * 60 - RECENT_DAYS * 86400) if recent else len(snap)
    lists: list[list[int]] = []
    if kind is not None:
        lists.append(snap.by_kind.get(kind, []))
    if status is not None:
        lists.append(snap.by_status.get(status, []))
    for tag in tags:
        lists.append(sorted({*snap.by_tag.get(tag, ()), *snap.by_tag.get(fold(tag), ())}))
    if not lists:
        return list(range(upto))
    lists.sort(key=len)
    result = [i for i in lists[0] if i < upto]
    for other in lists[1:]:
        result = [i for i in result if contains_sorted(other, i)]
    return result


@dataclass(frozen=True, slots=True)
class TokenWords:
    """Vocabulary words a token matches as a subsequence, and (excluding those) with a typo."""

    subsequence: frozenset[str]
    typo: frozenset[str]


@dataclass(frozen=True, slots=True)
class MatchSet:
    """Ascending positions matching every token: all strictly, or at least one only fuzzily.

    ``fuzzy`` is only computed when ``strict`` has fewer entries than the page (``complete``).
    """

    strict: list[int]
    fuzzy: list[int]
    complete: bool

    def __len__(self) -> int:
        return len(self.strict) + len(self.fuzzy)


@dataclass(slots=True)
class _CachedMatch:
    generation: int
    key: FilterKey
    tokens: tuple[str, ...]
    strict: list[int]


class MatchCache:
    """Computes match sets and remembers the last strict set for incremental typing."""

    def __init__(self) -> None:
        self._last: _CachedMatch | None = None
        self._words: dict[tuple[int, str], TokenWords] = {}
        self.incremental_hits = 0

    def matches(
        self,
        snap: LibrarySnapshot,
        generation: int,
        key: FilterKey,
        base: list[int] | None,
        tokens: tuple[str, ...],
        page: int,
    ) -> MatchSet:
        """Sessions matching every token (``tokens`` non-empty); fuzzy ones if strict < ``page``."""
        strict, todo = self._resume(generation, key, tokens)
        if strict is None:
            strict = base if base is not None else list(range(len(snap)))
            todo = tokens
        haystacks = snap.haystacks
        for token in todo:
            strict = [i for i in strict if token in haystacks[i]]
        self._last = _CachedMatch(generation, key, tokens, strict)
        if len(strict) >= page:
            return MatchSet(strict, [], complete=False)
        return MatchSet(strict, self._fuzzy(snap, generation, base, tokens, strict), True)

    def token_words(self, snap: LibrarySnapshot, generation: int, token: str) -> TokenWords:
        """Vocabulary words the token matches fuzzily (cached per generation)."""
        cache_key = (generation, token)
        cached = self._words.get(cache_key)
        if cached is not None:
            return cached
        subsequence: frozenset[str] = frozenset()
        typo: frozenset[str] = frozenset()
        if len(token) >= 2:
            found = process.extract(
                token, snap.vocabulary, scorer=LCSseq.similarity, score_cutoff=len(token),
                limit=None,
            )  # fmt: skip
            subsequence = frozenset(word for word, _, _ in found)
        if len(token) >= TYPO_MIN_LENGTH and token.isalpha():
            max_edits = 1 if len(token) < 8 else 2
            found = process.extract(
                token, snap.vocabulary, scorer=OSA.distance, score_cutoff=max_edits, limit=None
            )
            typo = frozenset(word for word, _, _ in found) - subsequence
        words = TokenWords(subsequence, typo)
        if len(self._words) >= _WORD_CACHE_SIZE:
            self._words.clear()
        self._words[cache_key] = words
        return words

    def _resume(
        self, generation: int, key: FilterKey, tokens: tuple[str, ...]
    ) -> tuple[list[int] | None, tuple[str, ...]]:
        last = self._last
        if last is None or last.generation != generation or last.key != key:
            return None, ()
        old = last.tokens
        if len(tokens) < len(old) or tokens[: len(old) - 1] != old[:-1]:
            return None, ()
        if not tokens[len(old) - 1].startswith(old[-1]):
            return None, ()
        self.incremental_hits += 1
        changed = len(old) - 1 if tokens[len(old) - 1] != old[-1] else len(old)
        return last.strict, tokens[changed:]

    def _fuzzy(
        self,
        snap: LibrarySnapshot,
        generation: int,
        base: list[int] | None,
        tokens: Sequence[str],
        strict: list[int],
    ) -> list[int]:
        """Sessions matching every token, at least one of them only fuzzily."""
        per_token = [self.token_words(snap, generation, t) for t in tokens]
        candidates: set[int] = set()
        for known in per_token:
            for word in known.subsequence | known.typo:
                candidates.update(snap.postings.get(word, ()))
        candidates.difference_update(strict)  # strict is short here (under a page)
        if len(tokens) == 1:  # every candidate matches the only token by construction
            if base is None:
                return sorted(candidates)
            return sorted(i for i in candidates if contains_sorted(base, i))
        haystacks, words = snap.haystacks, snap.words
        return sorted(
            i
            for i in candidates
            if (base is None or contains_sorted(base, i))
            and all(
                token in haystacks[i]
                or not known.subsequence.isdisjoint(words[i])
                or not known.typo.isdisjoint(words[i])
                for token, known in zip(tokens, per_token, strict=True)
            )
        )
