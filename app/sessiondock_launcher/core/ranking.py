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
from array import array
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core.highlight import highlight_positions, title_positions
from sessiondock_launcher.core.library import LibrarySnapshot, contains_sorted
from sessiondock_launcher.core.matching import MatchSet, Positions
from sessiondock_launcher.core.postings import BitPositions
from sessiondock_launcher.core.query import Query

__all__ = [
    "FRECENCY_WEIGHT",
    "Match",
    "MatchClass",
    "RankedPosition",
    "SearchResult",
    "highlight_positions",
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
    matches: Sequence[Match]
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
    return _best(match_class, contenders, need)


def _top_of_head(
    match_class: MatchClass,
    head: list[int],
    is_member: Callable[[int], bool],
    need: int,
    frecency: Mapping[int, float],
) -> list[RankedPosition]:
    """Like ``_top_of_class`` for a class known by its first ``need`` members and a test."""
    if need <= 0:
        return []
    weight = _LEVEL_WEIGHTS[0]
    contenders = [(weight + FRECENCY_WEIGHT * frecency.get(i, 0.0), i) for i in head]
    if frecency and len(head) >= need:
        in_head = set(head)
        contenders.extend(
            (weight + FRECENCY_WEIGHT * score, i)
            for i, score in frecency.items()
            if i not in in_head and is_member(i)
        )
    return _best(match_class, contenders, need)


def _best(
    match_class: MatchClass, contenders: list[tuple[float, int]], need: int
) -> list[RankedPosition]:
    contenders.sort(key=lambda c: (-c[0], c[1]))
    return [RankedPosition(i, match_class, match_class + score) for score, i in contenders[:need]]


def _keep(
    members: list[int], haystacks: list[str], ends: array[int], start: int, needles: Sequence[str]
) -> list[int]:
    """Members whose ``haystack[start:end]`` contains every needle (bulk comprehension).

    One flat pass per needle over what the one before kept: no per-member generator, and each
    later needle tests fewer members.
    """
    if not needles:
        return list(members)
    first, *rest = needles
    kept = [i for i in members if haystacks[i].find(first, start, ends[i]) >= 0]
    for needle in rest:
        kept = [i for i in kept if haystacks[i].find(needle, start, ends[i]) >= 0]
    return kept


def _split(
    members: list[int], haystacks: list[str], ends: array[int], start: int, needles: Sequence[str]
) -> tuple[list[int], list[int]]:
    kept = _keep(members, haystacks, ends, start, needles)
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
    *,
    base: list[int] | None,
    frecency: Mapping[int, float],
    limit: int,
) -> list[RankedPosition]:
    """Rank the sessions matching every token into the top ``limit``, best class first.

    Titles starting with the query text (``EXACT`` and ``PREFIX``) are a subset of the strict
    matches; they are found from whichever is smaller, the strict set or the sessions whose title
    starts with the same two characters, in ascending order and stopping once a page is full.
    """
    text = " ".join(tokens)
    lead = " " + text
    title_len = len(text) + 1  # title_end of a title equal to text
    haystacks, title_end = snap.haystacks, snap.title_end
    strict = matched.strict
    source: Positions = strict
    by_title = snap.title_candidates(text)
    if len(by_title) * (1 if base is None else 3) < len(strict) or isinstance(strict, BitPositions):
        source = by_title  # (a bitmap is only ever a strict set without filters: no base here)
    check_base = base is not None and source is not strict

    def in_base(i: int) -> bool:
        return base is None or contains_sorted(base, i)

    exact = [i for i in source if title_end[i] == title_len and haystacks[i].startswith(lead)]
    if check_base:
        exact = [i for i in exact if in_base(i)]
    ranked = _top_of_class(MatchClass.EXACT, [exact], limit, frecency)
    need = limit - len(ranked)
    head: list[int] = []
    if need > 0:
        for i in source:
            if (
                title_end[i] != title_len
                and haystacks[i].startswith(lead)
                and (not check_base or in_base(i))
            ):
                head.append(i)
                if len(head) >= need:
                    break

    def is_prefix(i: int) -> bool:
        return title_end[i] != title_len and haystacks[i].startswith(lead) and in_base(i)

    ranked += _top_of_head(MatchClass.PREFIX, head, is_prefix, need, frecency)
    need = limit - len(ranked)
    if need <= 0:
        return ranked
    return ranked + _rank_contenders(snap, tokens, matched, frecency, need)


def _rank_contenders(
    snap: LibrarySnapshot,
    tokens: tuple[str, ...],
    matched: MatchSet,
    frecency: Mapping[int, float],
    need: int,
) -> list[RankedPosition]:
    """The best ``need`` matches whose title does not start with the query text."""
    lead = " " + " ".join(tokens)
    haystacks, strict = snap.haystacks, matched.strict
    contenders: dict[int, tuple[MatchClass, float]] = {}
    for (match_class, weight), members in _strict_buckets(snap, tokens, matched, need).items():
        contenders.update(dict.fromkeys(members, (match_class, weight)))
    for i in frecency:
        if i not in contenders and contains_sorted(strict, i) and not haystacks[i].startswith(lead):
            contenders[i] = _classify(snap, tokens, i)
    fuzzy = matched.fuzzy  # one bucket: only its first ``need`` and frecent members can rank
    fuzzy_bucket = (MatchClass.FUZZY, _LEVEL_WEIGHTS[0])
    contenders.update(dict.fromkeys(fuzzy[:need], fuzzy_bucket))
    if len(fuzzy) > need:
        contenders.update((i, fuzzy_bucket) for i in frecency if contains_sorted(fuzzy, i))
    scored = sorted(
        (-(cls + weight + FRECENCY_WEIGHT * frecency.get(i, 0.0)), i)
        for i, (cls, weight) in contenders.items()
    )
    return [RankedPosition(i, contenders[i][0], -neg) for neg, i in scored[:need]]


_Bucket = tuple[MatchClass, float]
_BUCKETS: tuple[_Bucket, ...] = (
    (MatchClass.WORD, _LEVEL_WEIGHTS[0]),  # every token starts a word of the title
    (MatchClass.WORD, _LEVEL_WEIGHTS[1]),  # ... of the title, a tag or the kind
    (MatchClass.SUBSTRING, _LEVEL_WEIGHTS[0]),  # every token inside the title
    (MatchClass.SUBSTRING, _LEVEL_WEIGHTS[1]),  # ... title, tags or kind
    (MatchClass.SUBSTRING, _LEVEL_WEIGHTS[2]),  # ... some only in the notes
)
_FIRST_CHUNK = 256
_SCAN_CHUNK = 4096


def _strict_buckets(
    snap: LibrarySnapshot, tokens: Sequence[str], matched: MatchSet, need: int
) -> dict[_Bucket, list[int]]:
    """The first ``need`` non-prefix positions of each (class, level) bucket.

    Sources are scanned in ascending order, in growing chunks, only until the buckets up to the
    best one they can still add to hold a page: nothing later can outrank those without a
    frecency boost, and frecent sessions are classified one by one by the caller. The match
    set's ``cover`` (every match of buckets ``0..level``, when known) is scanned first, then the
    rest of the strict set.
    """
    level, cover = matched.cover if matched.cover is not None else (-1, [])
    buckets: dict[_Bucket, list[int]] = {bucket: [] for bucket in _BUCKETS}
    if cover:
        _scan_into(buckets, snap, tokens, cover, skip=None, upto=0, need=need)
    if level + 1 < len(_BUCKETS) and sum(map(len, buckets.values())) < need:
        covered = set(cover) if cover else None
        _scan_into(buckets, snap, tokens, matched.strict, skip=covered, upto=level + 1, need=need)
    return buckets


def _scan_into(
    buckets: dict[_Bucket, list[int]],
    snap: LibrarySnapshot,
    tokens: Sequence[str],
    source: Positions,
    *,
    skip: set[int] | None,
    upto: int,
    need: int,
) -> None:
    """Add ``source``'s non-prefix members until buckets ``0..upto`` hold ``need`` together."""
    lead = " " + " ".join(tokens)
    haystacks = snap.haystacks
    watched = [buckets[bucket] for bucket in _BUCKETS[: upto + 1]]
    start, size = 0, _FIRST_CHUNK
    while start < len(source) and sum(map(len, watched)) < need:
        chunk = [
            i
            for i in source[start : start + size]
            if (skip is None or i not in skip) and not haystacks[i].startswith(lead)
        ]
        for bucket, found in _split_buckets(snap, tokens, chunk, need).items():
            room = need - len(buckets[bucket])
            if room > 0:
                buckets[bucket].extend(found[:room])
        start += size
        size = min(size * 2, _SCAN_CHUNK)


def _split_buckets(
    snap: LibrarySnapshot, tokens: Sequence[str], members: list[int], need: int
) -> dict[_Bucket, list[int]]:
    """Split ascending non-prefix strict ``members`` by bucket (first ``need`` of each)."""
    haystacks, title_end, fields_end = snap.haystacks, snap.title_end, snap.fields_end
    spaced = [" " + t for t in tokens]
    in_fields, in_notes = _split(members, haystacks, fields_end, 0, tokens)
    word, substring = _split(in_fields, haystacks, fields_end, 0, spaced)
    word_title, word_other = _split(word, haystacks, title_end, 0, spaced)
    in_title, elsewhere = _split(substring, haystacks, title_end, 1, tokens)
    found = (word_title, word_other, in_title, elsewhere, in_notes)
    return {bucket: part[:need] for bucket, part in zip(_BUCKETS, found, strict=True)}


def _classify(snap: LibrarySnapshot, tokens: Sequence[str], i: int) -> _Bucket:
    """Bucket of one strict, non-prefix match (same rules as ``_strict_buckets``)."""
    haystack, title_end, fields_end = snap.haystacks[i], snap.title_end[i], snap.fields_end[i]
    if all(haystack.find(" " + t, 0, fields_end) >= 0 for t in tokens):
        in_title = all(haystack.find(" " + t, 0, title_end) >= 0 for t in tokens)
        return _BUCKETS[0] if in_title else _BUCKETS[1]
    if all(haystack.find(t, 1, title_end) >= 0 for t in tokens):
        return _BUCKETS[2]
    in_fields = all(haystack.find(t, 0, fields_end) >= 0 for t in tokens)
    return _BUCKETS[3] if in_fields else _BUCKETS[4]
