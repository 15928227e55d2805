"""Artwork that failed is tried again with back-off and after a reconnect (issue 11 item 3).

Artwork that failed while SessionDock was down used to stay a placeholder for good; rows asking
on every repaint must never turn into a request (or log) storm either.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import pytest
from tests.reliability.harness import Harness, LoopGapMonitor
from tests.support.races import ignore_socket_race

from sessiondock_launcher.core.status import Link
from sessiondock_launcher.simulator.runner import SimulatorThread

pytestmark = [pytest.mark.usefixtures("no_task_errors"), ignore_socket_race]

Launch = Callable[..., Harness]
Sims = Callable[..., SimulatorThread]
THUMBS = "sessiondock_launcher.ui.palette.thumbnails"


def repaint_for(h: Harness, session: object, seconds: float) -> None:
    """Ask for the thumbnail as a row's paint would, every 20 ms for ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        h.launcher.thumbnails.pixmap_for(session)  # type: ignore[arg-type]
        h.qtbot.wait(20)


def artwork_gets(sim: SimulatorThread, url: str) -> int:
    return sum(str(r["path"]) in url for r in sim.state.request_log() if r["method"] == "GET")


def test_artwork_failed_while_down_arrives_after_the_reconnect(
    launch: Launch,
    sims: Sims,
    sim: SimulatorThread,
    gaps: LoopGapMonitor,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with gaps.paused():
        h = launch(sim.base_url, backoff=(0.2, 0.5))
    thumbs = h.launcher.thumbnails
    thumbs.retry.delays = (0.2, 0.4)  # the real schedule is seconds long
    session = next(s for s in h.launcher.index.recent(50) if s.preview_url)
    port = sim.port
    with gaps.paused():
        sim.stop()
    caplog.set_level(logging.DEBUG, logger=THUMBS)
    repaint_for(h, session, 1.5)  # ~75 repaints while SessionDock is down
    tries = [r for r in caplog.records if r.name == THUMBS]
    assert len(tries) == 3, [r.getMessage() for r in tries]  # first try + 2 back-offs
    given_up = [r for r in tries if r.levelno >= logging.INFO]
    assert len(given_up) == 1 and "given up" in given_up[0].getMessage()
    with gaps.paused():
        back = sims(sim.state, port=port)
    h.wait_link(Link.CONNECTED, timeout=10_000)
    h.qtbot.waitUntil(lambda: thumbs.pixmap_for(session) is not None, timeout=5_000)
    assert artwork_gets(back, session.preview_url or "") == 1
