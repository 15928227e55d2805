"""keep_under_cursor: a refresh of the same text keeps the highlighted session at its row."""

from __future__ import annotations

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core.ranking import Match
from sessiondock_launcher.core.refresh import keep_under_cursor
from sessiondock_launcher.core.search import ResultSet


def _match(session_id: str) -> Match:
    return Match(Session(id=session_id, title=session_id), 1.0, ())


def _ids(results: ResultSet) -> list[str]:
    return [m.session.id for m in results.matches]


def test_a_highlighted_session_left_out_of_the_new_rows_stays_at_its_row() -> None:
    fresh = ResultSet("rain", tuple(map(_match, ["a", "b", "c", "d"])), 40, "index")
    kept = keep_under_cursor(fresh, 2, _match("x"), lambda _id: True)
    assert _ids(kept) == ["a", "b", "x", "c"]  # as many rows as before: "Top 4 of 40", not 5
    assert kept.total == 40 and kept.text == "rain" and kept.source == "index"


def test_nothing_changes_when_it_is_still_among_the_rows_or_gone_or_nothing_was_shown() -> None:
    fresh = ResultSet("rain", tuple(map(_match, ["a", "b", "c"])), 3, "index")
    assert keep_under_cursor(fresh, 0, _match("c"), lambda _id: True) is fresh  # moved: found
    assert keep_under_cursor(fresh, 1, _match("x"), lambda _id: False) is fresh  # removed
    assert keep_under_cursor(fresh, -1, None, lambda _id: True) is fresh


def test_past_the_end_it_goes_last_and_counts() -> None:
    fresh = ResultSet("rain", (_match("a"),), 1, "index")
    kept = keep_under_cursor(fresh, 7, _match("x"), lambda _id: True)
    assert _ids(kept) == ["a", "x"] and kept.total == 2
