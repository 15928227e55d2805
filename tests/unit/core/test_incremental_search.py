"""Incremental typing must give exactly the results of a fresh search."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.query import parse_query

NOW = datetime(2026, 6, 1, tzinfo=UTC)
WORDS = ["drum", "drums", "dream", "midnight", "mix", "mixdown", "björk", "bass", "abelton",
         "ableton", "loop", "vox", "dark", "rum", "kick", "md", "zz"]  # fmt: skip

titles = st.lists(st.sampled_from(WORDS), min_size=0, max_size=4).map(" ".join)
sessions = st.builds(
    lambda i, title, tags, kind, notes, age: Session(
        id=str(i), title=title, tags=tuple(tags), kind=kind, notes=notes,
        last_opened=None if age is None else NOW - timedelta(days=age),
    ),
    st.integers(),
    titles,
    st.lists(st.sampled_from(WORDS), max_size=2),
    st.sampled_from(["Ableton", "Reaper", ""]),
    titles,
    st.none() | st.integers(0, 60),
)  # fmt: skip
libraries = st.lists(sessions, max_size=25, unique_by=lambda s: s.id)
typed = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
filters = st.sampled_from(["", "#drum ", "kind:ableton ", "recent "])


def fingerprint(index: SessionIndex, text: str) -> tuple[object, ...]:
    result = index.search(parse_query(text), limit=8)
    return (
        result.total_matched,
        [(m.session.id, m.score, m.title_positions) for m in result.matches],
    )


@settings(max_examples=150, deadline=None)
@given(libraries, filters, typed)
def test_incremental_equals_fresh(library: list[Session], prefix: str, text: str) -> None:
    typing = SessionIndex(library, clock=NOW.timestamp)
    full = prefix + text
    for end in range(len(prefix) + 1, len(full) + 1):
        keystroke = full[:end]
        fresh = SessionIndex(library, clock=NOW.timestamp)
        assert fingerprint(typing, keystroke) == fingerprint(fresh, keystroke), keystroke


def test_incremental_path_is_taken() -> None:
    index = SessionIndex([Session(id="1", title="Midnight")], clock=NOW.timestamp)
    for end in range(1, 9):
        index.search(parse_query("midnight"[:end]))
    assert index.incremental_hits == 7
    index.upsert(Session(id="2", title="Midnight 2"))
    assert index.search(parse_query("midnight")).total_matched == 2


def test_backspace_and_edits_reset_the_cache() -> None:
    library = [Session(id="1", title="Drums"), Session(id="2", title="Drumx Lab")]
    typing = SessionIndex(library, clock=NOW.timestamp)
    for text in ["drumx", "drum", "drums", "dru x", "drum"]:
        fresh = SessionIndex(library, clock=NOW.timestamp)
        assert fingerprint(typing, text) == fingerprint(fresh, text), text
