"""Compact gram postings (bitmaps) answer exactly what plain position lists answer.

The reference is brute force over the haystacks: a gram's positions are those with the gram in
one of their whitespace-separated words. Libraries are generated; ``BITMAP_MAX_GRAM`` is varied
(0: every posting an array, the form before bitmaps; 1: the app's; 2: pairs too, which makes
3+ character tokens AND their pairs' bitmaps) and searches must not tell them apart.
"""

from __future__ import annotations

import random
from array import array
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core import postings, snapshot_codec
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.library import LibrarySnapshot, contains_sorted
from sessiondock_launcher.core.postings import BitPositions, sparse_positions
from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.snapshot_build import SnapshotBuilder

NOW = datetime(2026, 6, 1, tzinfo=UTC)
WORDS = ["midnight", "mix", "drum", "dream", "echo", "neon", "drive", "the", "a", "zq", "café",
         "björk", "ste", "stems", "rum", "x", "ab", "ba", "mid"]  # fmt: skip
TEXTS = ["m", "mi", "mid", "midn", "d", "dr", "dri", "e m", "m d", "ne dr", "x", "zq", "ste",
         "stem", "é", "caf", "q", "rum d", "a b", "ab", "nodice", "#mix m",
         "kind:reaper d"]  # fmt: skip

titles = st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join)
sessions = st.builds(
    lambda i, title, tags, kind, notes, age: Session(
        id=f"s{i}", title=title, tags=tuple(tags), kind=kind, notes=notes,
        last_opened=None if age is None else NOW - timedelta(days=age),
    ),
    st.integers(0, 100_000),
    titles,
    st.lists(st.sampled_from(["mix", "drum", "neon"]), max_size=2),
    st.sampled_from(["Ableton", "Reaper", ""]),
    titles,
    st.none() | st.integers(0, 60),
)  # fmt: skip
libraries = st.lists(sessions, min_size=1, max_size=120, unique_by=lambda s: s.id)


def _built(library: list[Session]) -> LibrarySnapshot:
    builder = SnapshotBuilder(keep_records=True)
    builder.add(library)
    for _ in builder.finish_steps():
        pass
    return builder.result()


def _reference(snap: LibrarySnapshot, gram: str) -> list[int]:
    return [i for i, h in enumerate(snap.haystacks) if any(gram in w for w in h.split())]


def _check_postings(snap: LibrarySnapshot, max_gram: int) -> None:
    n = len(snap)
    grams = {w[a : a + k] for h in snap.haystacks for w in h.split() for k in (1, 2)
             for a in range(len(w) - k + 1)}  # fmt: skip
    assert set(snap.grams) == grams
    for gram, posting in snap.grams.items():
        expected = _reference(snap, gram)
        dense = len(gram) <= max_gram and len(expected) * postings.DENSE_SHARE > n
        assert isinstance(posting, BitPositions) is dense, gram
        view, exact = snap.candidates(gram)
        assert exact
        assert len(view) == len(expected)
        assert [i for i in range(-1, n + 2) if contains_sorted(view, i)] == expected
        assert list(view[:3]) == expected[:3]  # the first ones, decoded a window at a time
        assert list(view[2:40]) == expected[2:40]
        assert list(view) == expected
        assert bool(view) is bool(expected)


def _check_candidates(snap: LibrarySnapshot) -> None:
    for text in ("mid", "midn", "stem", "caf", "bjö", "zqx", "neon"):
        found, exact = snap.candidates(text)
        expected = [i for i, h in enumerate(snap.haystacks) if text in h]
        assert not exact
        assert set(expected) <= set(found)
        assert list(found) == sorted(set(found))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(libraries, st.sampled_from([0, 1, 2]))
def test_compact_postings_hold_exactly_the_positions_of_each_gram(
    library: list[Session], max_gram: int
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(postings, "BITMAP_MAX_GRAM", max_gram)
        snap = _built(library)
        _check_postings(snap, max_gram)
        _check_candidates(snap)
        decoded = snapshot_codec.decode_bytes(_encoded(snap), len(snap))
        assert decoded.grams == snap.grams  # bitmaps and arrays alike, key order too
        assert list(decoded.grams) == list(snap.grams)
        _check_postings(decoded, max_gram)


def _answers(library: list[Session], max_gram: int) -> list[object]:
    """Every keystroke of every text, typed in order (the incremental paths run too)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(postings, "BITMAP_MAX_GRAM", max_gram)
        index = SessionIndex(clock=NOW.timestamp)
        index.install(_built(library))
        found: list[object] = []
        for text in TEXTS:
            for end in range(1, len(text) + 1):
                result = index.search(parse_query(text[:end]), limit=7)
                found.append(
                    (
                        text[:end],
                        result.total_matched,
                        result.fuzzy_counted,
                        [(m.session.id, m.score, m.match_class) for m in result.matches],
                    )
                )
        return found


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(libraries)
def test_searches_answer_the_same_whichever_postings_are_bitmaps(library: list[Session]) -> None:
    plain = _answers(library, 0)
    assert _answers(library, 1) == plain
    assert _answers(library, 2) == plain


def test_a_large_library_answers_the_same_with_and_without_bitmaps() -> None:
    """Big enough for several decode windows and bitmap blocks (and the cost model's paths)."""
    rng = random.Random(5)
    library = [
        Session(
            id=f"s{i:05d}",
            title=" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))),
            tags=tuple(rng.sample(["mix", "drum", "neon"], rng.randint(0, 2))),
            kind=rng.choice(["Ableton", "Reaper"]),
            notes=rng.choice(["", "check the drum bus", "zq"]),
            last_opened=NOW - timedelta(minutes=rng.randint(0, 10**6)),
        )
        for i in range(5_000)
    ]
    plain = _answers(library, 0)
    assert _answers(library, 1) == plain
    assert _answers(library, 2) == plain
    snap = _built(library)
    assert any(isinstance(p, BitPositions) for p in snap.grams.values())
    _check_postings(snap, postings.BITMAP_MAX_GRAM)


def _encoded(snap: LibrarySnapshot) -> bytes:
    parts: list[bytes] = []
    snapshot_codec.encode_snapshot(snap, lambda data: parts.append(bytes(data)))
    return b"".join(parts)


@pytest.mark.parametrize("how", ["bit past the end", "count too high", "count too low"])
def test_the_codec_refuses_a_bitmap_that_disagrees_with_the_library(how: str) -> None:
    library = [Session(id=f"s{i}", title=f"mix {i}") for i in range(37)]  # (bits 37-39 in the file)
    snap = _built(library)
    gram = "m"
    posting = snap.grams[gram]
    assert isinstance(posting, BitPositions)
    if how == "bit past the end":
        snap.grams[gram] = BitPositions(posting.bits | 1 << len(snap))
    else:
        wrong = len(posting) + (1 if how == "count too high" else -1)
        snap.grams[gram] = BitPositions(posting.bits, wrong)
    with pytest.raises(snapshot_codec.SnapshotFormatError):
        snapshot_codec.decode_bytes(_encoded(snap), len(snap))


def test_sparse_positions_reads_every_set_bit() -> None:
    rng = random.Random(2)
    for size in (0, 1, 7, 8, 9, 300, 5_000):
        expected = sorted(rng.sample(range(size), rng.randint(0, size))) if size else []
        bits = sum(1 << i for i in expected)
        assert sparse_positions(bits) == array("i", expected)
        view = BitPositions(bits)
        assert view[: len(expected)] == expected
        assert view.decoded() == expected
