"""Ranking promises of SessionIndex.search, each checked on a small hand-built library."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core.frecency import FrecencyStore
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.ranking import MatchClass

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def session(sid: str, title: str, *, days_ago: float | None = None, **fields: object) -> Session:
    opened = NOW - timedelta(days=days_ago) if days_ago is not None else None
    return Session(id=sid, title=title, last_opened=opened, **fields)  # type: ignore[arg-type]


def make_index(*sessions: Session, frecency: dict[str, float] | None = None) -> SessionIndex:
    scores = frecency or {}
    return SessionIndex(sessions, frecency=lambda sid: scores.get(sid, 0.0), clock=NOW.timestamp)


def ids(index: SessionIndex, text: str, limit: int = 50) -> list[str]:
    return [m.session.id for m in index.search(parse_query(text), limit).matches]


def test_exact_title_ranks_first_even_when_old() -> None:
    index = make_index(
        session("prefix", "Mix Down", days_ago=0),
        session("word", "Final Mix", days_ago=0),
        session("exact", "mix", days_ago=900),
    )
    assert ids(index, "MIX") == ["exact", "prefix", "word"]


def test_exact_match_is_case_and_accent_insensitive() -> None:
    index = make_index(
        session("a", "Björk Mix", days_ago=1), session("b", "bjork mixes", days_ago=0)
    )
    result = index.search(parse_query("BJORK mix"))
    assert result.matches[0].session.id == "a"
    assert result.matches[0].match_class is MatchClass.EXACT


def test_class_order_exact_prefix_word_substring_fuzzy() -> None:
    index = make_index(
        session("fuzzy", "Dark Rum", days_ago=0),  # d-r-u-m subsequence? no: typo of "drum"
        session("substring", "Kickdrum", days_ago=0),
        session("word", "Big Drum", days_ago=0),
        session("prefix", "Drumline", days_ago=0),
        session("exact", "Drum", days_ago=5),
        session("sub2", "Hydrum", days_ago=0),
        session("fuzzy2", "Dreamum", days_ago=0),
    )
    result = index.search(parse_query("drum"))
    classes = {m.session.id: m.match_class for m in result.matches}
    assert [m.session.id for m in result.matches][:3] == ["exact", "prefix", "word"]
    assert classes["substring"] is MatchClass.SUBSTRING
    assert classes["fuzzy2"] is MatchClass.FUZZY
    scores = [m.score for m in result.matches]
    assert scores == sorted(scores, reverse=True)


def test_title_beats_tags_and_notes_within_class() -> None:
    index = make_index(
        session("notes", "Evening", notes="great drum sound", days_ago=0),
        session("tag", "Morning", tags=("drums",), days_ago=0),
        session("title", "Big Drums", days_ago=9),
    )
    assert ids(index, "drum") == ["title", "tag", "notes"]


def test_multi_token_and_across_fields() -> None:
    index = make_index(
        session("hit", "Drum Jam", kind="Ableton", days_ago=1),
        session("wrong-kind", "Drum Jam 2", kind="Reaper", days_ago=0),
        session("no-drum", "Vocals", kind="Ableton", days_ago=0),
    )
    assert ids(index, "drum ableton") == ["hit"]
    assert ids(index, "ableton drum") == ["hit"]


def test_accent_folding_both_ways() -> None:
    index = make_index(session("b", "Björk Cover", days_ago=0), session("c", "Café Tapes"))
    assert ids(index, "bjork") == ["b"]
    assert ids(index, "CAFE") == ["c"]
    assert ids(index, "cafè") == ["c"]


def test_fuzzy_subsequence_typo_and_initials() -> None:
    index = make_index(
        session("m", "Midnight Groove", days_ago=0),
        session("b", "Big Drum Loop", days_ago=0),
        session("a", "Vox", kind="Ableton", days_ago=0),
    )
    assert ids(index, "mdnght") == ["m"]
    assert ids(index, "midnihgt") == ["m"]  # transposition
    assert ids(index, "bdl") == ["b"]
    assert ids(index, "abelton") == ["a"]
    assert ids(index, "zzz") == []


def test_frecency_boosts_within_a_class() -> None:
    sessions = (session("recent", "Drum A", days_ago=0), session("loved", "Drum B", days_ago=50))
    assert ids(make_index(*sessions), "drum") == ["recent", "loved"]
    assert ids(make_index(*sessions, frecency={"loved": 0.8}), "drum") == ["loved", "recent"]


@pytest.mark.parametrize("score", [0.1, 1.0, 50.0])
def test_frecency_never_lifts_a_worse_class(score: float) -> None:
    index = make_index(
        session("prefix", "Drum", days_ago=400),
        session("fuzzy", "Dreamum", days_ago=0),
        session("word", "Big Drum Two", days_ago=300),
        frecency={"fuzzy": score, "word": score},
    )
    assert ids(index, "dru") == ["prefix", "word", "fuzzy"]


def test_frecency_store_is_used(tmp_path: object) -> None:
    store = FrecencyStore(None, clock=NOW.timestamp)
    index = SessionIndex(
        [session("a", "Drum A", days_ago=0), session("b", "Drum B", days_ago=9)],
        frecency=store,
        clock=NOW.timestamp,
    )
    assert ids(index, "drum") == ["a", "b"]
    store.record("b")
    assert ids(index, "drum") == ["b", "a"]


def test_ties_go_to_most_recently_opened() -> None:
    index = make_index(
        session("never", "Drum Never"),
        session("old", "Drum Old", days_ago=30),
        session("new", "Drum New", days_ago=1),
    )
    assert ids(index, "drum") == ["new", "old", "never"]


def test_filters_are_exact() -> None:
    index = make_index(
        session("1", "Drum", kind="Ableton", tags=("Mix", "Client Work"), status="draft",
                days_ago=1),
        session("2", "Drum", kind="ableton", tags=("mix",), status="Final", days_ago=2),
        session("3", "Drum", kind="Ableton Live", tags=("mix", "client work"), days_ago=40),
        session("4", "Drum", kind="Reaper", tags=("MIX", "client work"), days_ago=3),
    )  # fmt: skip
    assert ids(index, "#mix") == ["1", "2", "4", "3"]
    assert ids(index, '#mix #"client work"') == ["1", "4", "3"]
    assert ids(index, "tag:client-work") == ["1", "4", "3"]
    assert ids(index, "kind:ABLETON") == ["1", "2"]
    assert ids(index, "status:final drum") == ["2"]
    assert ids(index, "recent #mix") == ["1", "2", "4"]
    assert ids(index, "recent kind:reaper dru") == ["4"]


def test_filters_only_rank_by_frecency_then_recency() -> None:
    index = make_index(
        session("a", "A", kind="Ableton", days_ago=1),
        session("b", "B", kind="Ableton", days_ago=2),
        session("c", "C", kind="Ableton", days_ago=3),
        session("x", "X", kind="Reaper", days_ago=0),
        frecency={"c": 0.5},
    )
    result = index.search(parse_query("kind:ableton"))
    assert [m.session.id for m in result.matches] == ["c", "a", "b"]
    assert result.total_matched == 3


def test_empty_query_returns_recent_sessions() -> None:
    index = make_index(
        session("old", "Old", days_ago=10),
        session("never", "Never"),
        session("new", "New", days_ago=1),
    )
    result = index.search(parse_query(""), limit=2)
    assert [m.session.id for m in result.matches] == ["new", "old"]
    assert result.total_matched == 3
    assert [s.id for s in index.recent(5)] == ["new", "old"]


def test_limit_and_total_matched() -> None:
    index = make_index(*(session(str(i), f"Drum {i}", days_ago=i) for i in range(120)))
    result = index.search(parse_query("drum"), limit=10)
    assert len(result.matches) == 10
    assert result.total_matched == 120
    assert [m.session.id for m in result.matches] == [str(i) for i in range(10)]


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("Midnight Drums", "drum", "Drum"),
        ("Midnight Drums", "mid dru", "MidDru"),
        ("Björk Remix", "bjork", "Björk"),
        ("Big Drum Loop", "bdl", "BDL"),
        ("Midnight Groove", "mdnt", "Mdnt"),
        ("Abelton Set", "ableton", "Abelton"),
        ("Kickdrum", "drum", "drum"),
        ("Straße", "strasse", "Straße"),
    ],
)
def test_highlight_positions(title: str, text: str, expected: str) -> None:
    index = make_index(session("a", title, days_ago=0))
    (match,) = index.search(parse_query(text)).matches
    assert "".join(title[i] for i in match.title_positions) == expected


def test_untitled_sessions_highlight_display_title() -> None:
    index = make_index(session("a", "  ", days_ago=0))
    (match,) = index.search(parse_query("untit")).matches
    assert match.title_positions == (0, 1, 2, 3, 4)


def test_upsert_remove_and_generation() -> None:
    index = make_index(session("a", "Drum", days_ago=1))
    generation = index.generation
    index.upsert(session("b", "Drum Two", days_ago=0))
    assert index.generation > generation
    assert ids(index, "drum") == ["a", "b"]
    index.upsert(session("a", "Bass", days_ago=1))
    assert ids(index, "drum") == ["b"]
    assert index.remove("b") and not index.remove("b")
    assert ids(index, "drum") == []
    assert len(index) == 1 and index.get("a") is not None and index.get("b") is None


def test_highlight_positions_for_server_rows_fold_accents() -> None:
    from sessiondock_launcher.core.ranking import highlight_positions

    assert highlight_positions("bjo", "Björk remix") == (0, 1, 2)
    assert highlight_positions("remix zzz", "Björk remix") == (6, 7, 8, 9, 10)
    assert highlight_positions("", "Björk") == ()
