"""Messages end when their cause ends (issue 11 item 2), with a real simulator on loopback.

The red "SessionDock isn't running" banner used to stay after the link was back (status row and
tray said Connected); info banners never went away and pushed the list down.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.reliability.harness import Harness, LoopGapMonitor, press_enter, show_with_results
from tests.support.races import ignore_socket_race

from sessiondock_launcher.core.message_life import INFO_SECONDS
from sessiondock_launcher.core.status import Link
from sessiondock_launcher.simulator.runner import SimulatorThread

pytestmark = [pytest.mark.usefixtures("no_task_errors"), ignore_socket_race]

Launch = Callable[..., Harness]
Sims = Callable[..., SimulatorThread]


def test_not_running_banner_goes_when_the_link_is_back(
    launch: Launch, sims: Sims, sim: SimulatorThread, gaps: LoopGapMonitor
) -> None:
    with gaps.paused():
        h = launch(sim.base_url, backoff=(0.2, 0.5))
    show_with_results(h)
    port = sim.port
    with gaps.paused():
        sim.stop()
    press_enter(h)
    message = h.wait_message()
    assert "isn't running" in message.text
    banner = h.launcher.palette.banner
    assert banner.isVisible() and "isn't running" in banner.label.text()
    h.wait_link(Link.OFFLINE, timeout=5_000)
    assert banner.isVisible()  # still true: SessionDock is still down
    with gaps.paused():
        sims(sim.state, port=port)
    h.wait_link(Link.CONNECTED, timeout=10_000)
    # The same turn of the event loop that shows "Connected" ends the banner.
    assert h.launcher.palette.link_label.text().startswith("Connected")
    assert banner.isHidden()


def test_info_banner_fades(launch: Launch, sim: SimulatorThread, gaps: LoopGapMonitor) -> None:
    with gaps.paused():
        h = launch(sim.base_url)
    show_with_results(h)
    banner = h.launcher.palette.banner
    h.launcher.bridge.info("Copied the project path of “Take 1”")
    assert banner.isVisible()
    h.qtbot.waitUntil(banner.isHidden, timeout=int(INFO_SECONDS * 1000) + 2_000)
    assert h.launcher.palette.search.text() == "a"  # nothing else changed
