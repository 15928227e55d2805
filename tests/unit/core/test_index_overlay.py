"""Changes searched beside the index's base equal a library rebuilt with them.

An edit, a new session or a removal goes into a small overlay (the base sessions it replaces are
hidden) instead of rebuilding the whole library: seconds of CPU at 100k sessions. The oracle here
is the index rebuilt from scratch with the same final library: every search, typed key by key, the
recent list and the counts must come out the same, in the same order with the same scores.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.unit.core.test_search_oracle import NOW, WORDS, libraries, sessions, texts

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core import index as index_module
from sessiondock_launcher.core import snapshot_build
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.query import parse_query


def _shown(index: SessionIndex, text: str, limit: int) -> list[tuple[str, int, float]]:
    result = index.search(parse_query(text), limit)
    return [(m.session.id, int(m.match_class), round(m.score, 9)) for m in result.matches]


def _apply_random_changes(
    index: SessionIndex, library: list[Session], data: st.DataObject
) -> dict[str, Session]:
    current = {s.id: s for s in library}
    for _ in range(data.draw(st.integers(1, 8))):
        known = sorted(current)
        if known and data.draw(st.booleans()):
            session_id = data.draw(st.sampled_from(known))
            if data.draw(st.booleans()):
                assert index.remove(session_id)
                del current[session_id]
                continue
            changed = data.draw(sessions)
            session = dataclasses.replace(changed, id=session_id)
        else:
            session = data.draw(sessions)
        index.upsert(session)
        current[session.id] = session
    return current


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(library=libraries, text=texts, data=st.data())
def test_changes_beside_the_base_search_like_a_rebuilt_library(
    library: list[Session], text: str, data: st.DataObject
) -> None:
    frecency = data.draw(
        st.dictionaries(st.sampled_from([str(i) for i in range(40)]), st.floats(1e-6, 2))
    )
    limit = data.draw(st.integers(1, 8))
    score = lambda sid: frecency.get(sid, 0.0)  # noqa: E731
    index = SessionIndex(library, frecency=score, clock=NOW.timestamp)
    index.search(parse_query(text), limit)  # a keystroke before the changes (caches warm)
    current = _apply_random_changes(index, library, data)
    rebuilt = SessionIndex(current.values(), frecency=score, clock=NOW.timestamp)
    assert len(index) == len(rebuilt) == len(current)
    assert sorted(current) == sorted(s for s in current if s in index)
    for end in range(1, len(text) + 1):
        if text[end - 1] == " ":
            continue
        assert _shown(index, text[:end], limit) == _shown(rebuilt, text[:end], limit), text[:end]
        got = index.search(parse_query(text[:end]), limit)
        want = rebuilt.search(parse_query(text[:end]), limit)
        if len(got.matches) < limit or got.fuzzy_counted == want.fuzzy_counted:
            # "Top N of M": M is exact whenever both count the same kinds of match (fuzzy-only
            # ones are looked up only when strict ones do not fill the page)
            assert got.total_matched == want.total_matched, text[:end]
    assert _shown(index, "", limit) == _shown(rebuilt, "", limit)
    assert [s.id for s in index.recent(limit)] == [s.id for s in rebuilt.recent(limit)]
    for field in ("kind", "status"):
        assert index.field_counts(field) == rebuilt.field_counts(field)
    for word in WORDS[:4]:  # filters too
        query = f"#{word} {text.split(maxsplit=1)[0]}"
        assert _shown(index, query, limit) == _shown(rebuilt, query, limit), query


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(library=libraries, text=texts, data=st.data())
def test_counts_beside_the_base_equal_a_rebuilt_library(
    library: list[Session], text: str, data: st.DataObject
) -> None:
    """Filters only (no text), and text: the count is the rebuilt library's, hidden sessions
    beyond the shown page included."""
    index = SessionIndex(library, clock=NOW.timestamp)
    current = _apply_random_changes(index, library, data)
    rebuilt = SessionIndex(current.values(), clock=NOW.timestamp)
    for query in (f"#{WORDS[0]}", "kind:ableton", text, f"kind:reaper {text}"):
        got, want = index.search(parse_query(query), 2), rebuilt.search(parse_query(query), 2)
        assert got.fuzzy_counted == want.fuzzy_counted or len(want.matches) == 2, query
        if got.fuzzy_counted == want.fuzzy_counted:
            assert got.total_matched == want.total_matched, query


def test_top_n_of_m_leaves_out_changed_sessions_beyond_the_page() -> None:
    """ "Top 10 of 100" after 30 sessions were renamed away from "take" (an overlay pending)
    said 100: hidden base sessions beyond the shown page still counted."""
    index = SessionIndex([Session(id=f"s{i:03}", title=f"Take {i}") for i in range(100)])
    for i in range(0, 90, 3):
        index.upsert(Session(id=f"s{i:03}", title=f"Renamed {i}"))
    assert index.overlay_size == 30
    found = index.search(parse_query("take"), 10)
    assert len(found.matches) == 10 and found.total_matched == 70
    assert index.search(parse_query("renamed"), 10).total_matched == 30
    for i in range(1, 90, 3):
        assert index.remove(f"s{i:03}")
    assert index.search(parse_query("take"), 10).total_matched == 40
    assert len(index) == 70


@pytest.fixture
def built_sizes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many sessions each snapshot build was given."""
    sizes: list[int] = []
    original = snapshot_build.SnapshotBuilder.finish_steps

    def counting(self: snapshot_build.SnapshotBuilder) -> Iterator[None]:
        sizes.append(len(self))
        yield from original(self)

    monkeypatch.setattr(snapshot_build.SnapshotBuilder, "finish_steps", counting)
    yield sizes


def test_a_new_session_in_a_large_library_rebuilds_only_the_changes(
    built_sizes: list[int],
) -> None:
    """Creating a session used to rebuild the whole library at the next keystroke (seconds at
    100k sessions, the palette frozen); now only the overlay of changes is built."""
    library = [Session(id=f"s{i}", title=f"Session {i} groove", tags=("mix",)) for i in range(3000)]
    index = SessionIndex(library)
    built_sizes.clear()
    index.upsert(Session(id="new", title="Quokka anthem", tags=("fresh",)))
    index.upsert(dataclasses.replace(library[5], title="Quokka remix"))
    assert index.remove("s7")
    found = index.search(parse_query("quokka"), 10).matches
    assert [m.session.id for m in found] == ["new", "s5"]  # same class: by title
    assert "s7" not in [m.session.id for m in index.search(parse_query("7 groove"), 50).matches]
    assert len(index) == 3000
    assert built_sizes and max(built_sizes) <= 2  # the two changed sessions, not 3,000


def test_an_overlay_past_its_limit_is_folded_into_the_base(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(index_module, "OVERLAY_MAX", 3)
    index = SessionIndex([Session(id=f"s{i}", title=f"Take {i}") for i in range(10)])
    for i in range(5):
        index.upsert(Session(id=f"n{i}", title=f"New take {i}"))
    assert index.search(parse_query("take"), 20).total_matched == 15
    assert index.overlay_size == 0  # folded in by that search
    assert [s.id for s in index.sessions(["n4", "s9"])] == ["n4", "s9"]
