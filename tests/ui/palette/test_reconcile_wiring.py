"""The app's link keeps the stored library in step with a real simulator: a full reconcile applies
added, changed and removed sessions to the index and the file; opening the palette runs only the
cheap first-page check (one request), which brings a newly opened session in; full reconciles are
paced (a second one right away is not allowed)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from sessiondock_launcher.app import Launcher
from sessiondock_launcher.core.store import FullSyncPacer
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    state = SimulatorState(SimulatorConfig(token="rec-token"), generate_library(120, seed=2))
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


def _list_requests(sim: SimulatorThread) -> list[str]:
    return [
        r["path"]
        for r in sim.state.request_log()
        if r["method"] == "GET" and r["path"].split("?")[0].endswith("/sessions")
    ]


def test_full_reconcile_applies_adds_changes_and_removals(
    qtbot: Any, make_launcher: Callable[..., Launcher], sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    state = sim.state
    ids = sorted(state.sessions)
    removed, changed = ids[0], ids[1]
    with state.lock:
        added = dict(state.sessions[ids[2]], id="session_new_1", title="Brand New Groove")
        del state.sessions[removed]
        state.sessions[changed]["title"] = "Renamed Ballad"
        state.sessions[added["id"]] = added
        state.touch()
    assert not launcher.library.may_full_reconcile()  # paced: the first reconcile just ran
    assert removed in launcher.index

    launcher.library.pacer = FullSyncPacer(share=1.0, min_interval_s=0.0)
    launcher.link.request_sync()
    qtbot.waitUntil(lambda: removed not in launcher.index, timeout=10_000)
    renamed = launcher.index.get(changed)
    assert renamed is not None and renamed.title == "Renamed Ballad"
    assert "session_new_1" in launcher.index
    stored = launcher.store.get(changed)
    assert stored is not None and stored.title == "Renamed Ballad"
    assert launcher.store.get(removed) is None
    assert len(launcher.store) == len(state.sessions)


def test_palette_open_runs_the_cheap_check_only(
    qtbot: Any, make_launcher: Callable[..., Launcher], sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    state = sim.state
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with state.lock:
        template = next(iter(state.sessions.values()))
        fresh = dict(template, id="session_fresh", title="Fresh Off The Press", lastOpened=now)
        state.sessions[fresh["id"]] = fresh
        state.touch()
    state.clear_requests()
    launcher.palette.show_palette()
    qtbot.waitUntil(lambda: "session_fresh" in launcher.index, timeout=10_000)
    requests = _list_requests(sim)
    assert len(requests) == 1, requests  # one page, not a re-listing of the library


def test_a_sync_asked_for_during_a_reconcile_runs_right_after_it(
    qtbot: Any, make_launcher: Callable[..., Launcher], sim: SimulatorThread
) -> None:
    """A change on our side (an import, an edit) while a reconcile is listing the library: that
    reconcile has already read the first page, so the asked-for one must still follow at once,
    not after the pacer's five minutes."""
    launcher = make_launcher(sim)
    state = sim.state
    state.config.limit_cap = 40  # three pages ...
    state.config.latency_s = 0.5  # ... each slow, so the reconcile is in flight for a while
    launcher.link.request_sync()
    qtbot.waitUntil(lambda: launcher.library.pacer.in_flight, timeout=5_000)
    qtbot.waitUntil(lambda: launcher.link.status.sync_received >= 40, timeout=10_000)
    assert launcher.library.pacer.in_flight  # two more slow pages to go
    with state.lock:  # every session changes; the first page's were already listed
        for session in state.sessions.values():
            session["title"] = "Changed " + session["id"]
        state.touch()
    launcher.link.request_sync()
    qtbot.waitUntil(lambda: not launcher.library.pacer.in_flight, timeout=10_000)
    state.config.latency_s = 0.0
    qtbot.waitUntil(
        lambda: all(
            getattr(launcher.store.get(sid), "title", "") == "Changed " + sid
            for sid in state.sessions
        ),
        timeout=10_000,
    )
