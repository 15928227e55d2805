"""SessionIndex.search against a brute-force statement of the ranking rules.

The index answers from postings, resumed keystrokes and early-exit scans; the oracle below scores
every session one by one with nothing but the documented rules, so any shortcut that loses or
misranks a session shows up. The cost-model thresholds are also forced low so the postings-based
paths (cover sets, fresh answers from grams) run on these small libraries.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA, LCSseq

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core import matching, ranking
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.library import NOTES_SEARCH_CHARS
from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.text import fold

NOW = datetime(2026, 6, 1, tzinfo=UTC)
WORDS = ["drum", "drums", "dream", "midnight", "mix", "mixdown", "björk", "bass", "abelton",
         "ableton", "loop", "vox", "dark", "rum", "kick", "md", "zz", "a", "am"]  # fmt: skip
SEP = " \x1f "

titles = st.lists(st.sampled_from(WORDS), min_size=0, max_size=4).map(" ".join)
sessions = st.builds(
    lambda i, title, tags, kind, notes, age: Session(
        id=str(i), title=title, tags=tuple(tags), kind=kind, notes=notes,
        last_opened=None if age is None else NOW - timedelta(days=age),
    ),
    st.integers(0, 10_000),
    titles,
    st.lists(st.sampled_from(WORDS), max_size=2),
    st.sampled_from(["Ableton", "Reaper", "Logic Pro", ""]),
    titles,
    st.none() | st.integers(0, 60),
)  # fmt: skip
libraries = st.lists(sessions, max_size=30, unique_by=lambda s: s.id)
texts = st.lists(
    st.sampled_from(WORDS) | st.sampled_from(["d", "m", "dr", "mi", "ix", "rum", "ton", "bj"]),
    min_size=1,
    max_size=3,
).map(" ".join)


def _opened(session: Session) -> float:
    return session.last_opened.timestamp() if session.last_opened else float("-inf")


def _words(title: str, tags: list[str], kind: str) -> set[str]:
    title_words = title.split()
    words = {*title_words, *" ".join(tags).split(), *kind.split()}
    if len(title_words) > 1:
        words.add("".join(w[0] for w in title_words))
    return words


def _fuzzy(token: str, words: set[str]) -> bool:
    for word in words:
        if len(token) >= 2 and LCSseq.similarity(token, word) >= len(token):
            return True
        edits = 1 if len(token) < 8 else 2
        if len(token) >= 4 and token.isalpha() and OSA.distance(token, word) <= edits:
            return True
    return False


def oracle(
    library: list[Session], text: str, frecency: dict[str, float], limit: int
) -> tuple[list[tuple[str, int]], int]:
    """(id, match class) of the top ``limit`` and the total matched, by the documented rules."""
    tokens = fold(text).split()
    joined = " ".join(tokens)
    order = sorted(library, key=lambda s: (-_opened(s), fold(s.display_title), s.id))
    strict: list[tuple[float, int, str, int]] = []
    fuzzy: list[tuple[float, int, str, int]] = []
    for position, s in enumerate(order):
        title = fold(s.display_title)
        tags = [fold(t) for t in s.tags]
        kind = fold(s.kind)
        fields = SEP.join([" " + title, *tags, kind])
        notes = fold(s.notes[:NOTES_SEARCH_CHARS])
        haystack = fields + SEP + notes if notes else fields
        boost = 0.45 * min(1.0, frecency.get(s.id, 0.0))
        if all(t in haystack for t in tokens):
            if title == joined:
                cls, weight = 5, 0.5
            elif title.startswith(joined):
                cls, weight = 4, 0.5
            elif all(" " + t in fields for t in tokens):
                cls, weight = 3, 0.5 if all(" " + t in " " + title for t in tokens) else 0.25
            elif all(t in title for t in tokens):
                cls, weight = 2, 0.5
            else:
                cls, weight = 2, 0.25 if all(t in fields for t in tokens) else 0.0
            strict.append((-(cls + weight + boost), position, s.id, cls))
        else:
            words = _words(title, tags, kind)
            if all(t in haystack or _fuzzy(t, words) for t in tokens):
                fuzzy.append((-(1 + 0.5 + boost), position, s.id, 1))
    ranked = strict + (fuzzy if len(strict) < limit else [])
    ranked.sort()
    total = len(strict) + (len(fuzzy) if len(strict) < limit else 0)
    return [(sid, cls) for _, _, sid, cls in ranked[:limit]], total


@pytest.fixture(params=["default", "postings-everywhere"])
def cost_model(request: pytest.FixtureRequest) -> Iterator[None]:
    """``postings-everywhere``: use the cover sets and gram answers even for tiny libraries.

    The same for every example, so it is safe to share across hypothesis inputs.
    """
    saved = (matching._COVER_MIN, matching._FRESH_OVERHEAD, ranking._FIRST_CHUNK)
    if request.param == "postings-everywhere":
        matching._COVER_MIN, matching._FRESH_OVERHEAD, ranking._FIRST_CHUNK = 0, -(10**9), 1
    yield
    matching._COVER_MIN, matching._FRESH_OVERHEAD, ranking._FIRST_CHUNK = saved


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(library=libraries, text=texts, data=st.data())
def test_search_equals_brute_force(
    cost_model: None, library: list[Session], text: str, data: st.DataObject
) -> None:
    # No scores below 1e-6: the oracle adds the boost into one float, where 4.5 + 1e-16 == 4.5,
    # while the index still orders such a session first (hypothesis found 2.2e-16).
    scores = st.one_of(st.just(0.0), st.floats(1e-6, 2))
    frecency = data.draw(st.dictionaries(st.sampled_from([s.id for s in library] or ["x"]), scores))
    limit = data.draw(st.integers(1, 8))
    typing = SessionIndex(library, frecency=lambda sid: frecency.get(sid, 0.0), clock=NOW.timestamp)
    for end in range(1, len(text) + 1):  # typed one key at a time: resumed searches too
        if text[end - 1] == " ":
            continue
        result = typing.search(parse_query(text[:end]), limit)
        expected, total = oracle(library, text[:end], frecency, limit)
        got = [(m.session.id, int(m.match_class)) for m in result.matches]
        assert got == expected, text[:end]
        assert result.total_matched == total, text[:end]
