"""A keystroke reads from the store only the rows a screen shows; the other rows are made, the
same as before, when first read (issue 13, item 4: keystroke -> results at 10k).

Each keystroke ranks 50 rows; reading all 50 sessions from SQLite and highlighting their titles
was about half of the first typing of a prefix (~1 ms of ~5 at 10k). The palette shows ~8.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sessiondock_launcher.api.models import Session, SessionPage
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.ranking import Match
from sessiondock_launcher.core.refresh import keep_under_cursor
from sessiondock_launcher.core.row_matches import RUN, RowMatches, match_ids
from sessiondock_launcher.core.search import ResultSet
from sessiondock_launcher.core.store import LibraryStore, open_store, reconcile
from sessiondock_launcher.simulator.library import generate_library

NOW = datetime(2026, 12, 1, tzinfo=UTC)
QUERIES = ["", "e", "mix", "neon drive", "midnigth", "#mix kind:ableton", "status:mixing r", "zq"]


class CountingStore:
    """The real store's ``rows`` and ``get``, counting the ids each ``rows`` call asks for."""

    def __init__(self, store: LibraryStore) -> None:
        self.store = store
        self.asked: list[list[str]] = []

    def rows(self, session_ids: Sequence[str]) -> Mapping[str, Session]:
        self.asked.append(list(session_ids))
        return self.store.rows(session_ids)

    def get(self, session_id: str) -> Session | None:
        return self.store.get(session_id)

    @property
    def read(self) -> int:
        return sum(map(len, self.asked))


@pytest.fixture(scope="module")
def library() -> list[Session]:
    raw = generate_library(2_000, 5, NOW)
    return [s for s in (Session.from_api(r, "http://127.0.0.1:1") for r in raw) if s]


@pytest.fixture
def stored(tmp_path: Path, library: list[Session]) -> Iterator[tuple[SessionIndex, CountingStore]]:
    store, _ = open_store(tmp_path / "library.sqlite3")
    reconcile(store, [SessionPage(tuple(library), len(library), len(library), 0)])
    counting = CountingStore(store)
    index = SessionIndex(library, clock=NOW.timestamp)
    index.attach_details(counting)
    yield index, counting
    store.close()


def _shown(matches: Sequence[Match]) -> list[tuple[object, ...]]:
    return [
        (m.session.id, m.session.display_title, m.score, m.title_positions, m.match_class)
        for m in matches
    ]


@pytest.mark.parametrize("text", QUERIES)
def test_a_search_reads_one_screenful_and_its_rows_equal_the_whole_read(
    stored: tuple[SessionIndex, CountingStore], library: list[Session], text: str
) -> None:
    index, store = stored
    in_memory = SessionIndex(library, clock=NOW.timestamp)  # every session in memory: the oracle
    result = index.search(parse_query(text), 50)
    assert store.read <= RUN  # before: every row of the page (50), at the keystroke
    want = in_memory.search(parse_query(text), 50)
    assert list(match_ids(result.matches)) == [m.session.id for m in want.matches]
    assert store.read <= RUN  # the ids come without reading a row
    assert _shown(result.matches) == _shown(want.matches)
    assert store.read == len(want.matches)  # each row read once, none twice


def test_a_row_far_down_reads_only_its_own_run(stored: tuple[SessionIndex, CountingStore]) -> None:
    index, store = stored
    rows = index.search(parse_query("e"), 50).matches
    assert isinstance(rows, RowMatches) and len(rows) == 50 and rows.made == RUN
    before = store.read
    row = rows[30]  # e.g. the list scrolled there, or End
    assert store.asked[-1] == list(rows.ids[24:36]) and store.read == before + RUN
    assert row is rows[30] and store.read == before + RUN  # made once
    assert rows[-1].session.id == rows.ids[49]
    for beyond in (50, -51):  # as a list: no wrap-around past either end
        with pytest.raises(IndexError):
            rows[beyond]


def test_a_session_gone_from_the_store_before_its_row_is_read_keeps_its_title(
    stored: tuple[SessionIndex, CountingStore],
) -> None:
    index, store = stored
    rows = index.search(parse_query("e"), 50).matches
    assert isinstance(rows, RowMatches)
    late = rows.ids[40]
    with store.store.transaction():
        store.store.delete([late])
    row = rows[40]
    assert row.session.id == late and row.session.display_title  # the folded title, not a gap


def test_a_refresh_keeping_the_highlighted_row_makes_no_rows(
    stored: tuple[SessionIndex, CountingStore],
) -> None:
    index, store = stored
    rows = index.search(parse_query("mix"), 50).matches
    shown = rows[3]
    before = store.read
    kept = keep_under_cursor(ResultSet("mix", rows, 50, "index"), 3, shown, lambda _id: True)
    assert kept.matches is rows and store.read == before
