"""Issue 11 item 1: Enter (and Ctrl+Enter, Alt+1…9, double-click) act only on results that answer
exactly the text typed. Pressed earlier, the action waits visibly for those results and then acts
on their top row; more typing or Esc cancels it.

A slowed simulator over a real socket, before the first sync finishes (so search goes to the
server's ``q``); assertions are on what SessionDock received (its request log) and on screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from tests.support.sim_log import focused_ids

from sessiondock_launcher.app import Launcher
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState

TOKEN = "enter-waits-token"
LATENCY_S = 0.4
TARGET_TITLE = "Zebrafinch Overture"


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    library = generate_library(3_000, seed=21)  # six pages: the first sync takes seconds here
    library[1_234]["title"] = TARGET_TITLE
    state = SimulatorState(SimulatorConfig(token=TOKEN, latency_s=LATENCY_S), library)
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


def target_id(sim: SimulatorThread) -> str:
    return next(sid for sid, s in sim.state.sessions.items() if s["title"] == TARGET_TITLE)


def start_unsynced(qtbot: Any, make_launcher: Any, sim: SimulatorThread) -> Launcher:
    launcher: Launcher = make_launcher(sim, synced=False)
    palette = launcher.palette
    palette.show_palette()
    qtbot.waitExposed(palette)
    # The recent sessions (the server's answer for "") are on screen, the sync still runs.
    qtbot.waitUntil(lambda: palette.model.rowCount() > 0, timeout=10_000)
    assert not launcher.link.sync.is_synced
    assert palette.current_session() is not None
    assert palette.current_session().title != TARGET_TITLE  # type: ignore[union-attr]
    return launcher


def test_enter_during_the_first_sync_focuses_the_typed_session_not_the_stale_row(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = start_unsynced(qtbot, make_launcher, sim)
    palette = launcher.palette
    QTest.keyClicks(palette.search, "zebrafinch")
    QTest.keyClick(palette.search, Qt.Key.Key_Return)  # before the server answered "zebrafinch"
    right_after = palette.count_label.text()
    qtbot.waitUntil(lambda: bool(focused_ids(sim)), timeout=10_000)
    assert focused_ids(sim) == [target_id(sim)]  # the typed session, never the stale top row
    assert "Waiting" in right_after  # visible meanwhile: the press was not lost
    qtbot.waitUntil(lambda: not palette.isVisible(), timeout=5_000)


def test_more_typing_cancels_a_waiting_enter(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = start_unsynced(qtbot, make_launcher, sim)
    palette = launcher.palette
    QTest.keyClicks(palette.search, "zebra")
    QTest.keyClick(palette.search, Qt.Key.Key_Return)
    QTest.keyClicks(palette.search, "finch")  # changed their mind: no action any more
    qtbot.waitUntil(lambda: palette.model.text == "zebrafinch", timeout=10_000)
    qtbot.wait(int(LATENCY_S * 1000))
    assert focused_ids(sim) == []
    assert "Waiting" not in palette.count_label.text()
    assert palette.isVisible()


def test_esc_cancels_a_waiting_enter_and_keeps_the_text(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = start_unsynced(qtbot, make_launcher, sim)
    palette = launcher.palette
    QTest.keyClicks(palette.search, "zebrafinch")
    QTest.keyClick(palette.search, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(palette.search, Qt.Key.Key_Escape)
    assert palette.search.text() == "zebrafinch"
    qtbot.waitUntil(lambda: palette.model.text == "zebrafinch", timeout=10_000)
    qtbot.wait(int(LATENCY_S * 1000))
    opened = [r for r in sim.state.request_log() if r["path"].endswith("/open")]
    assert focused_ids(sim) == [] and opened == []


def test_while_the_typed_text_is_being_searched_the_palette_says_so_not_no_match(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    """An empty list for an older text is not an answer for the new one: until SessionDock
    answers what was typed, the empty state says it is searching."""
    launcher = start_unsynced(qtbot, make_launcher, sim)
    palette = launcher.palette
    QTest.keyClicks(palette.search, "qqqq")
    qtbot.waitUntil(lambda: palette.model.text == "qqqq", timeout=10_000)
    assert palette.empty_label.isVisible()
    assert "No sessions match “qqqq”" in palette.empty_label.text()
    QTest.keyClicks(palette.search, "x")  # the server answers it 0.4 s later
    assert palette.model.text == "qqqq"
    assert "No sessions match" not in palette.empty_label.text()
    assert "Searching for “qqqqx”" in palette.empty_label.text()
    qtbot.waitUntil(lambda: palette.model.text == "qqqqx", timeout=10_000)
    assert "No sessions match “qqqqx”" in palette.empty_label.text()


def test_a_failed_server_search_is_said_not_searched_forever(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = start_unsynced(qtbot, make_launcher, sim)
    palette = launcher.palette
    QTest.keyClicks(palette.search, "qqqq")
    qtbot.waitUntil(lambda: palette.model.text == "qqqq", timeout=10_000)
    sim.state.config.error_rate = 1.0  # SessionDock answers the next search with a 500
    QTest.keyClicks(palette.search, "x")
    assert "Searching for “qqqqx”" in palette.empty_label.text()
    qtbot.waitUntil(
        lambda: "couldn't search for “qqqqx”" in palette.empty_label.text(), timeout=10_000
    )
    assert launcher.link.status.link.name == "CONNECTED"  # a 500 is no reason to say offline
    sim.state.config.error_rate = 0.0  # SessionDock is fine again; the same text searched anew
    QTest.keyClicks(palette.search, "y")
    QTest.keyClick(palette.search, Qt.Key.Key_Backspace)
    qtbot.waitUntil(
        lambda: "No sessions match “qqqqx”" in palette.empty_label.text(), timeout=10_000
    )


def test_a_failed_search_does_not_leave_an_older_searchs_rows_to_act_on(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    """A tester typed "glass" while SessionDock failed searches: the "Neon" rows of the search
    before stayed, counted as "Top 50 of 1,210", and Enter on them silently did nothing."""
    launcher = start_unsynced(qtbot, make_launcher, sim)
    palette = launcher.palette
    QTest.keyClicks(palette.search, "zebrafinch")
    qtbot.waitUntil(lambda: palette.model.text == "zebrafinch", timeout=10_000)
    assert palette.model.rowCount() > 0  # rows for "zebrafinch"
    sim.state.config.error_rate = 1.0
    QTest.keyClick(palette.search, Qt.Key.Key_Backspace)  # "zebrafinc": asked of SessionDock
    assert palette.count_label.text() == "Searching for “zebrafinc”…"  # not the old count
    qtbot.waitUntil(lambda: "couldn't search" in palette.empty_label.text(), timeout=10_000)
    assert palette.model.rowCount() == 0 and not palette.list.isVisible()
    assert palette.count_label.text() == ""
    QTest.keyClick(palette.search, Qt.Key.Key_Return)
    assert focused_ids(sim) == []  # nothing focused: no row passes for the failed search's answer


def test_going_back_to_a_text_whose_search_failed_searches_it_again(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    """A tester's search for "echo" failed; he typed "echo2", then Backspace, then Enter: the
    palette said "No sessions match “echo”" (the failure stood as an answer) and Enter was
    lost, though SessionDock then answered 1,194 results."""
    launcher = start_unsynced(qtbot, make_launcher, sim)
    palette = launcher.palette
    QTest.keyClicks(palette.search, "zebrafinc")
    qtbot.waitUntil(lambda: palette.model.text == "zebrafinc", timeout=10_000)
    sim.state.config.error_rate = 1.0
    QTest.keyClicks(palette.search, "h")
    qtbot.waitUntil(lambda: "couldn't search" in palette.empty_label.text(), timeout=10_000)
    assert not palette.empty_label.new_button.isVisible()  # a failure is no reason to create
    sim.state.config.error_rate = 0.0
    QTest.keyClicks(palette.search, "2")
    QTest.keyClick(palette.search, Qt.Key.Key_Backspace)  # "zebrafinch" again: asked anew
    assert "No sessions match" not in palette.empty_label.text()
    assert palette.count_label.text() == "Searching for “zebrafinch”…"
    QTest.keyClick(palette.search, Qt.Key.Key_Return)  # waits for the answer, then acts on it
    qtbot.waitUntil(lambda: focused_ids(sim) != [], timeout=10_000)
    assert focused_ids(sim) == [target_id(sim)]


def test_enter_with_nothing_matching_opens_the_new_session_form(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    """Keyboard-first: the empty state's New-session offer was mouse-only. Enter opens its form;
    nothing is created until the form is confirmed."""
    launcher = make_launcher(sim)  # synced: the library answers
    palette = launcher.palette
    palette.show_palette()
    qtbot.waitExposed(palette)
    QTest.keyClicks(palette.search, "Rock & Roll Tapes")
    qtbot.waitUntil(palette.empty_label.new_button.isVisible, timeout=5000)
    assert palette.empty_label.new_button.text() == "+  New session “Rock && Roll Tapes”"
    QTest.keyClick(palette.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: type(launcher.preview.editor).__name__ == "NewSessionForm")
    assert not [r for r in sim.state.request_log() if r["method"] == "POST"]
