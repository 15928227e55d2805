"""Ranking of matched sessions into match classes, and title highlight positions.

Match classes are user-visible promises, best first:

1. ``EXACT``: the folded title equals the folded query text;
2. ``PREFIX``: the folded title starts with it;
3. ``WORD``: every token starts a word of the title, a tag or the kind;
4. ``SUBSTRING``: every token occurs somewhere (title, tags, kind, start of notes);
5. ``FUZZY``: some token matched only as a subsequence of a word or with a typo.

The class is the primary sort key, so nothing (frecency included) lifts a session across classes.
Inside a class the score is a level weight (title hits beat tag or notes hits) plus a capped
frecency boost; ties go to the most recently opened session. Each class is ranked from bulk list
filters over positions already in recency order: only the first ``limit`` of each level and the
frecent sessions are ever scored one by one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core.library import LibrarySnapshot, contains_sorted
from sessiondock_launcher.core.matching import MatchSet, TokenWords
from sessiondock_launcher.core.query import Query
from sessiondock_launcher.core.text import fold, fold_with_positions, is_subsequence

__all__ = [
    "FRECENCY_WEIGHT",
    "Match",
    "MatchClass",
    "RankedPosition",
    "SearchResult",
    "rank_by_frecency",
    "rank_matches",
    "title_positions",
]

logger = logging.getLogger(__name__)

FRECENCY_WEIGHT = 0.45
"""Largest in-class boost frecency can give (the class itself is never crossed)."""
_LEVEL_WEIGHTS = (0.5, 0.25, 0.0)


class MatchClass(IntEnum):
    """How the query text matched; higher is better. ``NONE``: no text (filters or recent)."""

    NONE = 0
    FUZZY = 1
    SUBSTRING = 2
    WORD = 3
    PREFIX = 4
    EXACT = 5


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked session.

    Attributes:
        session: The session.
        score: ``match_class + in-class score`` (in-class score in 0..1); higher is better.
        title_positions: Indices of matched characters in ``session.display_title``.
        match_class: The match class.
    """

    session: Session
    score: float
    title_positions: tuple[int, ...] = ()
    match_class: MatchClass = MatchClass.NONE


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The top matches for ``query`` and how many sessions matched in total.

    Attributes:
        query: The query searched.
        matches: The best ``limit`` matches, best first.
        total_matched: Sessions matching the query. Fuzzy-only matches are counted only when
            ``fuzzy_counted``: when strict matches fill the page they are not looked up, since
            none of them could have been shown.
        fuzzy_counted: Whether ``total_matched`` includes fuzzy-only matches.
    """

    query: Query
    matches: list[Match]
    total_matched: int
    fuzzy_counted: bool = True


@dataclass(frozen=True, slots=True)
class RankedPosition:
    position: int
    match_class: MatchClass
    score: float


def _top_of_class(
    match_class: MatchClass,
    levels: Sequence[list[int]],
    need: int,
    frecency: Mapping[int, float],
) -> list[RankedPosition]:
    """Best ``need`` positions of one class; each level list is ascending (= recency order)."""
    if need <= 0:
        return []
    contenders: list[tuple[float, int]] = []
    for weight, members in zip(_LEVEL_WEIGHTS, levels, strict=False):
        head = members[:need]
        contenders.extend((weight + FRECENCY_WEIGHT * frecency.get(i, 0.0), i) for i in head)
        if not frecency or len(members) <= need:
            continue
        if len(frecency) * 8 < len(members) - need:
            boosted = [i for i in frecency if contains_sorted(members, i) and i > head[-1]]
        else:
            boosted = [i for i in members[need:] if i in frecency]
        contenders.extend((weight + FRECENCY_WEIGHT * frecency[i], i) for i in boosted)
    contenders.sort(key=lambda c: (-c[0], c[1]))
    return [RankedPosition(i, match_class, match_class + score) for score, i in contenders[:need]]


def _keep(members: list[int], texts: list[str], needles: Sequence[str]) -> list[int]:
    """Members whose text contains every needle (bulk comprehension, no per-item calls)."""
    if len(needles) == 1:
        needle = needles[0]
        return [i for i in members if needle in texts[i]]
    return [i for i in members if all(n in texts[i] for n in needles)]


def _split(
    members: list[int], texts: list[str], needles: Sequence[str]
) -> tuple[list[int], list[int]]:
    kept = _keep(members, texts, needles)
    if len(kept) == len(members):
        return kept, []
    if not kept:
        return [], members
    kept_set = set(kept)
    return kept, [i for i in members if i not in kept_set]


def rank_by_frecency(
    positions: list[int], frecency: Mapping[int, float], limit: int
) -> list[RankedPosition]:
    """Order positions (ascending) by frecency, then recency."""
    return _top_of_class(MatchClass.NONE, [positions], limit, frecency)


def rank_matches(
    snap: LibrarySnapshot,
    tokens: tuple[str, ...],
    matched: MatchSet,
    base: list[int] | None,
    frecency: Mapping[int, float],
    limit: int,
) -> list[RankedPosition]:
    """Rank the sessions matching every token into the top ``limit``, best class first."""
    text = " ".join(tokens)
    titles = snap.titles
    prefixed = sorted(
        i for i in snap.prefix_range(text) if base is None or contains_sorted(base, i)
    )
    exact = [i for i in prefixed if titles[i] == text]
    prefix = [i for i in prefixed if titles[i] != text] if exact else prefixed
    ranked = _top_of_class(MatchClass.EXACT, [exact], limit, frecency)
    ranked += _top_of_class(MatchClass.PREFIX, [prefix], limit - len(ranked), frecency)
    need = limit - len(ranked)
    if need <= 0:
        return ranked
    rest = matched.strict
    if prefixed:
        prefixed_set = set(prefixed)
        rest = [i for i in rest if i not in prefixed_set]
    contenders: dict[int, tuple[MatchClass, float]] = {}
    for (match_class, weight), members in _strict_buckets(snap, tokens, rest, need).items():
        contenders.update(dict.fromkeys(members, (match_class, weight)))
    for i in frecency:
        if i not in contenders and contains_sorted(rest, i):
            contenders[i] = _classify(snap, tokens, i)
    for i in matched.fuzzy:
        contenders[i] = (MatchClass.FUZZY, _LEVEL_WEIGHTS[0])
    scored = sorted(
        (-(cls + weight + FRECENCY_WEIGHT * frecency.get(i, 0.0)), i)
        for i, (cls, weight) in contenders.items()
    )
    return ranked + [RankedPosition(i, contenders[i][0], -neg) for neg, i in scored[:need]]


_Bucket = tuple[MatchClass, float]
_BUCKETS: tuple[_Bucket, ...] = (
    (MatchClass.WORD, _LEVEL_WEIGHTS[0]),  # every token starts a word of the title
    (MatchClass.WORD, _LEVEL_WEIGHTS[1]),  # ... of the title, a tag or the kind
    (MatchClass.SUBSTRING, _LEVEL_WEIGHTS[0]),  # every token inside the title
    (MatchClass.SUBSTRING, _LEVEL_WEIGHTS[1]),  # ... title, tags or kind
    (MatchClass.SUBSTRING, _LEVEL_WEIGHTS[2]),  # ... some only in the notes
)
_SCAN_CHUNK = 4096


def _strict_buckets(
    snap: LibrarySnapshot, tokens: Sequence[str], rest: list[int], need: int
) -> dict[_Bucket, list[int]]:
    """The first ``need`` positions of each (class, level) bucket, scanning ``rest`` in chunks.

    Scanning stops as soon as the best bucket is full: nothing later can outrank it without a
    frecency boost, and frecent sessions are classified one by one by the caller.
    """
    spaced = [" " + t for t in tokens]
    buckets: dict[_Bucket, list[int]] = {bucket: [] for bucket in _BUCKETS}
    best = buckets[_BUCKETS[0]]
    for start in range(0, len(rest), _SCAN_CHUNK):
        chunk = rest[start : start + _SCAN_CHUNK]
        word, substring = _split(chunk, snap.fields, spaced)
        word_title, word_other = _split(word, snap.title_words, spaced)
        in_title, elsewhere = _split(substring, snap.titles, tokens)
        in_fields, in_notes = _split(elsewhere, snap.fields, tokens)
        found = (word_title, word_other, in_title, in_fields, in_notes)
        for bucket, members in zip(_BUCKETS, found, strict=True):
            room = need - len(buckets[bucket])
            if room > 0:
                buckets[bucket].extend(members[:room])
        if len(best) >= need:
            break
    return buckets


def _classify(snap: LibrarySnapshot, tokens: Sequence[str], i: int) -> _Bucket:
    """Bucket of one strict, non-prefix match (same rules as ``_strict_buckets``)."""
    fields = snap.fields[i]
    if all(" " + t in fields for t in tokens):
        in_title = all(" " + t in snap.title_words[i] for t in tokens)
        return _BUCKETS[0] if in_title else _BUCKETS[1]
    if all(t in snap.titles[i] for t in tokens):
        return _BUCKETS[2]
    return _BUCKETS[3] if all(t in fields for t in tokens) else _BUCKETS[4]


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
    for token in fold(query_text).split():
        at = folded.find(token)
        if at >= 0:
            hits.update(range(at, at + len(token)))
    return tuple(sorted({mapping[i] for i in hits if folded[i] != " "}))
