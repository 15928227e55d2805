"""The real launcher's background syncs against the real simulator: an unchanged library is
re-listed without parsing a single session, and a session changed in SessionDock is the only one
parsed, and is then found by its new title (issue 13, item 5: a polite sync).

The pacer is set to allow a full sync every second (the harness's), so several background syncs
run in a few seconds; what is counted is every ``Session.from_api`` the launcher makes meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.reliability.harness import Harness, make_state
from tests.support.races import ignore_socket_race

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.simulator.runner import SimulatorThread

pytestmark = [pytest.mark.usefixtures("no_task_errors"), ignore_socket_race]

SESSIONS = 600


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    original = Session.from_api.__func__  # type: ignore[attr-defined]

    def counting(cls: type[Session], raw: Any, origin: str | None = None) -> Session | None:
        session: Session | None = original(cls, raw, origin)
        parsed.append(getattr(session, "id", ""))
        return session

    monkeypatch.setattr(Session, "from_api", classmethod(counting))
    return parsed


def _wait_for_syncs(h: Harness, count: int) -> None:
    """Wait until ``count`` more full syncs have completed (the pacer allows one a second)."""
    done: list[float] = []

    def completed() -> bool:
        at = h.launcher.link.sync.last_synced_at
        if at is not None and (not done or at > done[-1]):
            done.append(at)
        return len(done) > count  # the first entry is the sync before the wait

    h.qtbot.waitUntil(completed, timeout=20_000)


def _finds(h: Harness, text: str) -> list[str]:
    return [m.session.id for m in h.launcher.index.search(parse_query(text), 10).matches]


def test_unchanged_background_syncs_parse_nothing_and_a_change_parses_only_it(
    launch: Callable[..., Harness],
    sims: Callable[..., SimulatorThread],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sim = sims(make_state(SESSIONS, seed=5, limit_cap=100))
    h = launch(sim.base_url)  # the first full sync has completed
    assert len(h.launcher.index) == SESSIONS
    requests = sim.state.request_count
    parsed = _count_parses(monkeypatch)
    _wait_for_syncs(h, 2)
    assert sim.state.request_count - requests >= 12  # two more listings of six pages each
    assert parsed == []  # the old code parsed all 600 sessions on every sync
    # A session renamed and another given a field this launcher does not know, in SessionDock.
    sessions = {i: dict(s) for i, s in sim.state.sessions.items()}
    renamed, annotated = sorted(sessions)[:2]
    sessions[renamed]["title"] = "Quasar Lullaby"
    sessions[annotated]["loudness"] = {"lufs": -9.5}
    sim.state.replace_sessions(sessions.values())
    h.qtbot.waitUntil(lambda: _finds(h, "quasar lullaby") == [renamed], timeout=20_000)
    h.qtbot.waitUntil(lambda: _stored_extra(h, annotated) == {"lufs": -9.5}, timeout=20_000)
    assert set(parsed) == {renamed, annotated}
    parsed.clear()
    _wait_for_syncs(h, 1)
    assert parsed == []
    assert len(h.launcher.index) == SESSIONS
    assert h.crashes() == []


def _stored_extra(h: Harness, session_id: str) -> Any:
    session = h.launcher.library.store.get(session_id)
    return None if session is None else session.extra.get("loudness")
