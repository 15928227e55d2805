"""Which sessions match a query: filters, then every token (AND) strictly or fuzzily.

A token matches a session *strictly* when it is a substring of the session's haystack (title,
tags, kind, start of notes). It matches *fuzzily* when it is a subsequence of one of the session's
words (title, tags, kind, title initials) or, for tokens of 4+ letters, within one or two edits
of such a word (typos). Fuzzy words are found by rapidfuzz over the vocabulary and mapped to
sessions through postings, never by scoring the whole library.

Fuzzy matches always rank below strict ones, so they are only looked up when the strict matches
do not fill the requested page: otherwise none of them could be shown.

Strict matching never scans the whole library: the snapshot's gram postings give the exact set for
a 1–2 character token and a small superset (the rarest sparse pair, or the AND of the pairs'
bitmaps) for longer ones. A dense exact set stays a bitmap (``core/postings.py``) that ranking
reads only the start of; one that must be scanned is decoded first, which the cost model counts.
Strict matching is also monotone (typing more characters can only shrink the set), so
:class:`MatchCache` may instead filter the previous keystroke's strict set; it picks whichever
touches fewer sessions.
"""

from __future__ import annotations

import bisect
import logging
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

from rapidfuzz import process
from rapidfuzz.distance import OSA, LCSseq

from sessiondock_launcher.core.library import LibrarySnapshot, contains_sorted
from sessiondock_launcher.core.postings import BitPositions, Posting
from sessiondock_launcher.core.query import Query
from sessiondock_launcher.core.text import fold

__all__ = [
    "RECENT_DAYS",
    "FilterKey",
    "MatchCache",
    "MatchSet",
    "Positions",
    "TokenWords",
    "filter_key",
    "filtered_positions",
    "max_typo_edits",
]

logger = logging.getLogger(__name__)

RECENT_DAYS = 30
TYPO_MIN_LENGTH = 4
_WORD_CACHE_SIZE = 256
_FRESH_OVERHEAD = 32
"""Fixed cost of answering from postings, in haystack tests (so tiny resumed sets are kept)."""
_COVER_MIN = 1_024
"""Strict sets (and expected scans) from this size on may be ranked from the word postings: at
4,096 a sparse first-class token like "k" at 10k sessions (2,839 strict) scanned them all (7.7 ms
against 2.0 ms, A/B in one process; results identical)."""
_BISECT_COST = 4
"""A ``contains_sorted`` membership test, in haystack tests."""
_DECODE_SHARE = 8
"""Decoding a bitmap to scan it costs about ``n / _DECODE_SHARE`` haystack tests (a C pass over
every position, ~5-8 ns each, against ~50 ns a test)."""

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
    lists: list[Positions] = []
    if kind is not None:
        lists.append(snap.by_kind.get(kind, []))
    if status is not None:
        lists.append(snap.by_status.get(status, []))
    lists.extend(
        sorted({*snap.by_tag.get(tag, ()), *snap.by_tag.get(fold(tag), ())}) for tag in tags
    )
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


def max_typo_edits(token: str) -> int:
    """Edits a typo of ``token`` may have; 0: the token takes no typos (short or not letters)."""
    if len(token) < TYPO_MIN_LENGTH or not token.isalpha():
        return 0
    return 1 if len(token) < 8 else 2


Positions: TypeAlias = "list[int] | array[int] | BitPositions"
"""Ascending session positions (arrays come straight from the snapshot: never mutate them; a
bitmap is a search's own view of a dense gram posting, see ``LibrarySnapshot.candidates``)."""


@dataclass(frozen=True, slots=True)
class MatchSet:
    """Ascending positions matching every token: all strictly, or at least one only fuzzily.

    ``fuzzy`` is only computed when ``strict`` has fewer entries than the page (``complete``).
    ``cover``, when not ``None``, is ``(level, positions)``: every strict position whose best
    ranking bucket is ``level`` or better (see ``MatchCache._cover``). It is only computed for
    large strict sets, where it spares ranking a scan of them all.
    """

    strict: Positions
    fuzzy: list[int]
    complete: bool
    cover: tuple[int, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.strict) + len(self.fuzzy)


@dataclass(slots=True)
class _CachedMatch:
    generation: int
    key: FilterKey
    tokens: tuple[str, ...]
    strict: Positions


class MatchCache:
    """Computes match sets and remembers the last strict set for incremental typing."""

    def __init__(self) -> None:
        self._last: _CachedMatch | None = None
        self._words: dict[tuple[int, str], TokenWords] = {}
        self._containing: dict[tuple[int, str], tuple[list[str], list[str]]] = {}
        self.incremental_hits = 0

    def matches(
        self,
        snap: LibrarySnapshot,
        generation: int,
        key: FilterKey,
        *,
        base: list[int] | None,
        tokens: tuple[str, ...],
        page: int,
    ) -> MatchSet:
        """Sessions matching every token (``tokens`` non-empty); fuzzy ones if strict < ``page``."""
        resumed, todo = self._resume(generation, key, tokens)
        strict = self._strict(snap, base, tokens, resumed, todo)
        self._last = _CachedMatch(generation, key, tokens, strict)
        if len(strict) >= page:
            cover = self._cover(snap, generation, base, tokens, strict_size=len(strict), page=page)
            return MatchSet(strict, [], complete=False, cover=cover)
        return MatchSet(strict, self._fuzzy(snap, generation, base, tokens, strict), True)

    def _cover(
        self,
        snap: LibrarySnapshot,
        generation: int,
        base: list[int] | None,
        tokens: tuple[str, ...],
        *,
        strict_size: int,
        page: int,
    ) -> tuple[int, list[int]] | None:
        """The strict matches of the best ranking buckets, when they are sparse.

        Ranking scans the strict set in order until its best bucket (every token starts a title
        word) holds a page. When that bucket is sparse the scan would walk most of a large strict
        set, so the buckets are read from the word postings instead: ``(level, positions)`` are
        all positions (ascending, within ``base``) where every token is in the title, tags or kind
        (level 3), else starts a word there (level 1), else starts a word of the title (level 0):
        the highest level whose postings are small enough. ``None``: just scan.
        """
        if strict_size < _COVER_MIN:
            return None
        distinct = tuple(dict.fromkeys(tokens))
        title_p, other_p = snap.title_postings, snap.other_postings
        starting = [
            (_prefixed(snap.title_vocabulary, t), _prefixed(snap.other_vocabulary, t))
            for t in distinct
        ]
        in_title = [[title_p[w] for w in tw] for tw, _ in starting]
        best_size = min(sum(map(len, group)) for group in in_title)
        scan = page * strict_size // max(best_size, 1)  # expected scan for a page of the best
        if scan <= _COVER_MIN:
            return None
        budget = min(strict_size // 2, scan)
        levels: list[tuple[int, list[list[array[int]]]]] = []
        if min(map(len, distinct)) >= 2:
            containing = [self._words_containing(snap, generation, t) for t in distinct]
            levels.append((3, [[title_p[w] for w in tw] + [other_p[w] for w in ow]
                               for tw, ow in containing]))  # fmt: skip
        levels.append((1, [[title_p[w] for w in tw] + [other_p[w] for w in ow]
                           for tw, ow in starting]))  # fmt: skip
        levels.append((0, in_title))
        for level, lists in levels:
            found = _intersect_unions(lists, budget)
            if found is not None:
                if base is None:
                    return level, sorted(found)
                return level, sorted(i for i in found if contains_sorted(base, i))
        return None

    def _words_containing(
        self, snap: LibrarySnapshot, generation: int, token: str
    ) -> tuple[list[str], list[str]]:
        """Title and other vocabulary words containing ``token`` (cached, narrowed as typed)."""
        found = self._containing.get((generation, token))
        if found is None:
            parent = self._containing.get((generation, token[:-1]))
            titles, others = parent or (snap.title_vocabulary, snap.other_vocabulary)
            found = ([w for w in titles if token in w], [w for w in others if token in w])
            if len(self._containing) >= _WORD_CACHE_SIZE:
                self._containing.clear()
            self._containing[(generation, token)] = found
        return found

    def _strict(
        self,
        snap: LibrarySnapshot,
        base: list[int] | None,
        tokens: tuple[str, ...],
        resumed: Positions | None,
        todo: tuple[str, ...],
    ) -> Positions:
        """Ascending positions (within ``base``) whose haystack contains every token.

        Costs are counted in haystack tests: filtering the resumed set costs one per session and
        token; answering afresh starts from the smallest gram posting of any token (exact for
        short tokens, so it needs no test at all when it is the only token).
        """
        haystacks = snap.haystacks
        best: Posting | None = None
        exact_token: str | None = None
        for token in tokens:
            candidates, exact = snap.candidates(token)
            if best is None or len(candidates) < len(best):
                best, exact_token = candidates, (token if exact else None)
        assert best is not None  # tokens is never empty
        needles = tokens
        if isinstance(resumed, BitPositions) and isinstance(best, BitPositions):
            # Both bitmaps: their AND holds every match and satisfies the unchanged tokens (it
            # filters the last strict set by the new token's pairs: an incremental answer).
            best, needles, resumed = best & resumed, todo, None
            self.incremental_hits += 1
        checks = [t for t in dict.fromkeys(needles) if t != exact_token]
        decode = len(snap) // _DECODE_SHARE
        from_best = len(best) * (len(checks) + (0 if base is None else _BISECT_COST))
        if isinstance(best, BitPositions) and (checks or base is not None):
            from_best += decode
        if base is None:
            fresh_cost = from_best + len(best) // 8
        else:
            fresh_cost = min(from_best, len(base) * len(tokens))
        if resumed is not None:
            resume_cost = len(resumed) * len(todo)
            if isinstance(resumed, BitPositions):
                resume_cost += decode
            if resume_cost <= fresh_cost + _FRESH_OVERHEAD:
                self.incremental_hits += 1
                return _keep_containing(resumed, haystacks, todo)
        if base is None:
            return best if not checks else _keep_containing(best, haystacks, checks)
        if len(base) * len(tokens) <= from_best:
            return _keep_containing(base, haystacks, tokens)
        kept = _keep_containing(best, haystacks, checks) if checks else best
        return [i for i in kept if contains_sorted(base, i)]

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
        if max_edits := max_typo_edits(token):
            found = process.extract(
                token, snap.vocabulary, scorer=OSA.distance, score_cutoff=max_edits, limit=None
            )
            typo = frozenset(word for word, _, _ in found) - subsequence
        words = TokenWords(subsequence, typo)
        if len(self._words) >= _WORD_CACHE_SIZE:
            self._words.clear()
        self._words[cache_key] = words
        return words

    def known_words(self, generation: int, token: str) -> TokenWords | None:
        """``token_words`` of ``token`` if already computed (nothing is computed here)."""
        return self._words.get((generation, token))

    def _resume(
        self, generation: int, key: FilterKey, tokens: tuple[str, ...]
    ) -> tuple[Positions | None, tuple[str, ...]]:
        last = self._last
        if last is None or last.generation != generation or last.key != key:
            return None, ()
        old = last.tokens
        if len(tokens) < len(old) or tokens[: len(old) - 1] != old[:-1]:
            return None, ()
        if not tokens[len(old) - 1].startswith(old[-1]):
            return None, ()
        changed = len(old) - 1 if tokens[len(old) - 1] != old[-1] else len(old)
        return last.strict, tokens[changed:]

    def _fuzzy(
        self,
        snap: LibrarySnapshot,
        generation: int,
        base: list[int] | None,
        tokens: Sequence[str],
        strict: Positions,
    ) -> list[int]:
        """Sessions matching every token, at least one of them only fuzzily."""
        per_token = [self.token_words(snap, generation, t) for t in tokens]
        fuzzy_sets: list[set[int]] = []
        for known in per_token:
            found: set[int] = set()
            for word in known.subsequence | known.typo:
                found.update(*snap.word_positions(word))
            fuzzy_sets.append(found)
        candidates: set[int] = set().union(*fuzzy_sets)
        candidates.difference_update(strict)  # strict is short here (under a page)
        if len(tokens) == 1:  # every candidate matches the only token by construction
            if base is None:
                return sorted(candidates)
            return sorted(i for i in candidates if contains_sorted(base, i))
        haystacks = snap.haystacks
        kept = list(candidates)
        for token, found in zip(tokens, fuzzy_sets, strict=True):  # one flat pass per token
            kept = [i for i in kept if i in found or token in haystacks[i]]
        if base is not None:
            kept = [i for i in kept if contains_sorted(base, i)]
        return sorted(kept)


def _keep_containing(members: Positions, haystacks: list[str], needles: Sequence[str]) -> list[int]:
    """Members whose haystack contains every needle (bulk comprehension, no per-item calls):
    one flat pass per needle over what the one before kept."""
    if not needles:
        return list(members)
    first, *rest = needles
    kept = [i for i in members if first in haystacks[i]]
    for needle in rest:
        kept = [i for i in kept if needle in haystacks[i]]
    return kept


def _prefixed(vocabulary: list[str], prefix: str) -> list[str]:
    """Words of a sorted vocabulary starting with ``prefix``."""
    start = bisect.bisect_left(vocabulary, prefix)
    return vocabulary[start : bisect.bisect_left(vocabulary, prefix + "\U0010ffff", lo=start)]


def _intersect_unions(lists: list[list[array[int]]], budget: int) -> set[int] | None:
    """Positions in some list of every group; ``None`` when a group's lists exceed ``budget``."""
    sizes = [sum(map(len, group)) for group in lists]
    if max(sizes) > budget:
        return None
    found: set[int] | None = None
    for _, group in sorted(zip(sizes, lists, strict=True), key=lambda pair: pair[0]):
        positions: set[int] = set().union(*group)
        found = positions if found is None else found & positions
        if not found:
            break
    return found or set()
