"""The preview pane loads again what failed while SessionDock was down (issue 11 item 3)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.reliability.harness import Harness, LoopGapMonitor
from tests.support.races import ignore_socket_race

from sessiondock_launcher.core.status import Link
from sessiondock_launcher.settings import Settings
from sessiondock_launcher.simulator.runner import SimulatorThread

pytestmark = [pytest.mark.usefixtures("no_task_errors"), ignore_socket_race]


def test_artwork_and_peaks_failed_while_down_load_after_the_reconnect(
    launch: Callable[..., Harness],
    sims: Callable[..., SimulatorThread],
    sim: SimulatorThread,
    gaps: LoopGapMonitor,
) -> None:
    with gaps.paused():
        h = launch(sim.base_url, backoff=(0.2, 0.5), settings=Settings(show_preview_pane=True))
    launcher = h.launcher
    full = (launcher.controller.full_session(s) for s in launcher.index.recent(200))
    session = next(s for s in full if s.preview_url and s.preview_audio_url)  # from the store
    port = sim.port
    with gaps.paused():
        sim.stop()
    h.show()
    h.type(session.title)
    launcher.palette.select_row(launcher.palette.model.row_of(session.id))
    pane = launcher.preview
    h.qtbot.waitUntil(lambda: pane.session is not None and pane.session.id == session.id)
    h.qtbot.waitUntil(lambda: "unavailable" in pane.waveform.placeholder, timeout=10_000)
    assert pane.artwork.image.isNull()
    with gaps.paused():
        sims(sim.state, port=port)
    h.wait_link(Link.CONNECTED, timeout=10_000)
    h.qtbot.waitUntil(lambda: not pane.artwork.image.isNull(), timeout=5_000)
    h.qtbot.waitUntil(lambda: bool(pane.waveform.peaks), timeout=5_000)
