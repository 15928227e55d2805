"""Fault matrix, focus answers: deleted session (404), focus unavailable (501), failed (400).

Same four properties as test_faults_link.py: no crash, no GUI stall of 100 ms, an actionable
message, and the next Enter works once SessionDock can focus again.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.reliability.harness import (
    Harness,
    LoopGapMonitor,
    assert_healthy,
    focus_current,
    press_enter,
    show_with_results,
)
from tests.support.races import ignore_socket_race

from sessiondock_launcher.simulator.runner import SimulatorThread

Launch = Callable[..., Harness]

pytestmark = [pytest.mark.usefixtures("no_task_errors"), ignore_socket_race]


# -- focus answers -----------------------------------------------------------------------------
def test_session_deleted_between_listing_and_focus(
    launch: Launch, sim: SimulatorThread, gaps: LoopGapMonitor
) -> None:
    """The highlighted session was deleted in SessionDock (404): the user is told, the row and
    the index entry go away, and the next Enter focuses the next session."""
    with gaps.paused():
        h = launch(sim.base_url)
    show_with_results(h)
    gone = h.launcher.palette.current_session()
    assert gone is not None
    with sim.state.lock:
        del sim.state.sessions[gone.id]
        sim.state.touch()
    press_enter(h)
    message = h.wait_message()
    assert "no longer exists" in message.text and "removed it" in message.text
    assert h.launcher.index.get(gone.id) is None
    assert h.launcher.palette.model.row_of(gone.id) == -1
    focus_current(h)
    assert_healthy(h, gaps)


def test_focus_unavailable_501_offers_open_instead(
    launch: Launch, sim: SimulatorThread, gaps: LoopGapMonitor
) -> None:
    """501 focus_unavailable: the message offers "Open in DAW", which works; when focus is
    available again, Enter focuses."""
    with gaps.paused():
        h = launch(sim.base_url)
    show_with_results(h)
    sim.state.update_config({"focus_behaviour": "unavailable"})
    press_enter(h)
    message = h.wait_message()
    assert "can't focus sessions" in message.text
    assert message.action is not None and message.action.label == "Open in DAW"
    with h.qtbot.waitSignal(h.launcher.controller.session_opened, timeout=5_000):
        h.launcher.palette.banner.action_button.click()
    sim.state.update_config({"focus_behaviour": "ok"})
    h.launcher.palette.show_palette()
    focus_current(h)
    assert_healthy(h, gaps)


def test_focus_failed_400_names_the_session_and_reason(
    launch: Launch, sim: SimulatorThread, gaps: LoopGapMonitor
) -> None:
    """400 focus_failed: the message names the session and SessionDock's reason; the palette
    stays open; the next Enter works once SessionDock can focus again."""
    with gaps.paused():
        h = launch(sim.base_url)
    show_with_results(h)
    session = h.launcher.palette.current_session()
    assert session is not None
    sim.state.update_config({"focus_behaviour": "failed"})
    press_enter(h)
    message = h.wait_message()
    assert session.display_title in message.text and "main window unavailable" in message.text
    assert h.launcher.palette.isVisible()
    sim.state.update_config({"focus_behaviour": "ok"})
    focus_current(h)
    assert_healthy(h, gaps)


def test_focus_failed_message_says_what_to_do_next(
    launch: Launch, sim: SimulatorThread, gaps: LoopGapMonitor
) -> None:
    """An actionable 400 focus_failed message suggests a next step: bring SessionDock's window
    up, or Open instead (as ``FocusFailed.user_message`` does), or offers an Open action."""
    with gaps.paused():
        h = launch(sim.base_url)
    show_with_results(h)
    sim.state.update_config({"focus_behaviour": "failed"})
    press_enter(h)
    message = h.wait_message()
    assert message.action is not None or "Open" in message.text, message.text
