"""A library sync survives a failed page, retries a failed sync soon, and resumes at a reconnect.

What a tester saw (issue 13 follow-up): against ``--error-rate 0.05`` one HTML 500 on page 4 threw
the whole sync away, the next attempt came 5 minutes later, the store held 1,200 sessions and the
palette none, and a SessionDock restarted mid-sync was not re-synced for 5 minutes. Here the real
launcher runs against the real simulator, whose chosen pages fail (``tests/support/page_faults``):
what is asserted is what the user and SessionDock see (the index, the status, the request log).
Page retry delays are zero and the pacer's waits are chosen, so nothing sleeps.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import pytest
from tests.reliability.harness import Harness, make_state
from tests.support.page_faults import PageFaults, serve_with_page_faults, session_requests
from tests.support.races import ignore_socket_race

from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.status import Link
from sessiondock_launcher.core.store import FullSyncPacer
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorState

pytestmark = [pytest.mark.usefixtures("no_task_errors"), ignore_socket_race]

Launch = Callable[..., Harness]
Sims = Callable[..., SimulatorThread]

SESSIONS = 600
PAGE = 100  # the simulator's limit cap: six pages
NO_WAIT = (0.0, 0.0, 0.0)


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., list[PageFaults]]]:
    """``faults({offset: times})``: simulators started after it fail those pages."""
    with contextlib.ExitStack() as stack:

        def arm(failures: dict[int, int], *, truncate: bool = False) -> list[PageFaults]:
            return stack.enter_context(
                serve_with_page_faults(monkeypatch, failures, truncate=truncate)
            )

        yield arm


def _launch(launch: Launch, sim: SimulatorThread, pacer: FullSyncPacer) -> Harness:
    h = launch(sim.base_url, synced=False)
    # Before the loop first runs (launch does not spin it when not waiting for a sync): the
    # first sync already uses these.
    h.launcher.link.page_retry_delays_s = NO_WAIT
    h.launcher.library.pacer = pacer
    return h


def _all_searchable(h: Harness, state: SimulatorState) -> bool:
    """Every session is in the index, and a search for a title finds its session."""
    index = h.launcher.index
    if not all(session_id in index for session_id in state.sessions):
        return False
    for session_id, fields in list(state.sessions.items())[::7]:
        found = index.search(parse_query(fields["title"]), 50).matches
        if session_id not in {m.session.id for m in found}:
            return False
    return True


@pytest.mark.parametrize("truncate", [False, True], ids=["html-500", "truncated-json"])
def test_a_page_that_fails_once_is_retried_and_the_first_sync_completes(
    launch: Launch, sims: Sims, faults: Callable[..., list[PageFaults]], truncate: bool
) -> None:
    faults({300: 1}, truncate=truncate)
    sim = sims(make_state(SESSIONS, seed=5, limit_cap=PAGE))
    h = _launch(launch, sim, FullSyncPacer(share=0.02, min_interval_s=300.0))
    h.wait_synced(timeout=20_000)
    assert len(h.launcher.index) == SESSIONS
    assert h.launcher.library.state().sessions == SESSIONS
    assert h.launcher.library.pacer.failures == 0
    offsets = [o for o, _ in session_requests(sim.state)]
    assert offsets == [0, 100, 200, 300, 300, 400, 500]  # the failed page, asked again
    if not truncate:
        assert (300, 500) in session_requests(sim.state)  # SessionDock answered it with a 500
    assert _all_searchable(h, sim.state)
    assert h.status.link is Link.CONNECTED and h.status.library_size == SESSIONS
    assert h.crashes() == []


def test_a_page_that_keeps_failing_fails_the_sync_after_bounded_retries_then_it_is_retried_soon(
    launch: Launch, sims: Sims, faults: Callable[..., list[PageFaults]]
) -> None:
    """SessionDock answers page 4 with a 500 every time: the sync gives up after the first ask
    and three retries, keeps and shows the 300 sessions that arrived, and the next attempt
    comes after the failure backoff (chosen short here), not the 5-minute pace."""
    made = faults({300: 1_000})
    sim = sims(make_state(SESSIONS, seed=5, limit_cap=PAGE))
    [fault] = made
    pacer = FullSyncPacer(share=0.02, min_interval_s=300.0, failure_backoff_s=(0.3, 60.0))
    h = _launch(launch, sim, pacer)
    h.qtbot.waitUntil(lambda: pacer.failures >= 1 and not h.status.syncing, timeout=20_000)
    assert [o for o, _ in session_requests(sim.state)] == [0, 100, 200, 300, 300, 300, 300]
    assert not h.launcher.link.sync.is_synced
    assert h.launcher.library.state().sessions == 300
    assert len(h.launcher.index) == 300  # what was stored is searchable (it was 0)
    assert h.status.library_size == 300
    assert h.launcher.link.library_ready  # searched here, as after a restart (not the server)
    # What the palette says: still connected, the 300 sessions, and that the sync failed and is
    # tried again (it said "Connected" and nothing else).
    assert h.launcher.palette.link_label.text() == "Connected"
    shown = h.launcher.palette.sync_label.text()
    assert shown.startswith("300 sessions · Library sync failed (HTTP 500) — retrying in ")
    fault.left.clear()  # SessionDock is well again: the retry 0.3 s later completes
    h.wait_synced(timeout=20_000)
    assert _all_searchable(h, sim.state)
    assert pacer.failures == 0
    h.qtbot.waitUntil(lambda: h.launcher.palette.sync_label.text() == "600 sessions")
    assert h.crashes() == []


def test_sessiondock_restarted_mid_sync_is_synced_at_the_reconnect(
    launch: Launch, sims: Sims
) -> None:
    """Killing SessionDock mid-sync and starting it again: the sync resumes as soon as the
    link is back, although the failure backoff (60 s here) has not passed."""
    state = make_state(SESSIONS, seed=5, limit_cap=PAGE, latency_s=0.05)
    sim = sims(state)
    port = sim.port
    pacer = FullSyncPacer(share=0.02, min_interval_s=300.0, failure_backoff_s=(60.0,))
    h = _launch(launch, sim, pacer)
    h.qtbot.waitUntil(lambda: h.status.sync_received >= PAGE, timeout=20_000)
    sim.stop()
    h.qtbot.waitUntil(lambda: pacer.failures == 1 and not pacer.in_flight, timeout=20_000)
    assert not h.launcher.link.sync.is_synced
    h.wait_link(Link.OFFLINE)
    state.config.latency_s = 0.0
    sims(state, port=port)
    h.wait_link(Link.CONNECTED)
    h.wait_synced(timeout=10_000)  # well before the 60 s backoff
    assert len(h.launcher.index) == SESSIONS
    assert h.crashes() == []
