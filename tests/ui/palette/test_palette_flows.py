"""The palette against the simulator over a real socket: search, focus, errors, tray, recovery.

Each test builds the real object graph (``app.Launcher``) pointed at a simulator thread, and
asserts on what a user sees (rows, messages, tray menu) and on what SessionDock received (the
simulator's request log).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from tests.support.races import SOCKET_RACE_FILTER

from sessiondock_launcher.app import Launcher
from sessiondock_launcher.core.search import ResultSet
from sessiondock_launcher.core.status import READ_ONLY_HINT, Link
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState
from sessiondock_launcher.ui.common.bridge import UserMessage

TOKEN = "ui-test-token"


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    state = SimulatorState(SimulatorConfig(token=TOKEN), generate_library(300, seed=11))
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


def record_messages(launcher: Launcher) -> list[UserMessage]:
    seen: list[UserMessage] = []
    launcher.bridge.message_posted.connect(seen.append)
    return seen


def focus_requests(sim: SimulatorThread) -> list[str]:
    return [
        unquote(r["path"].rsplit("/", 2)[-2])
        for r in sim.state.request_log()
        if r["method"] == "POST" and r["path"].endswith("/focus")
    ]


def titles(launcher: Launcher) -> list[str]:
    model = launcher.palette.model
    return [model.session_at(row).display_title for row in range(model.rowCount())]


def show_and_type(qtbot: Any, launcher: Launcher, text: str) -> None:
    launcher.palette.show_palette()
    qtbot.waitExposed(launcher.palette)
    qtbot.keyClicks(launcher.palette.search, text)


def test_typing_filters_instantly_from_the_index(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    target = next(s for s in launcher.index.recent(300) if len(s.title) > 8)
    requests_before = len(sim.state.request_log())
    show_and_type(qtbot, launcher, target.title)
    # No waiting: the rows are there as soon as the keystrokes are processed.
    assert titles(launcher)[0] == target.display_title
    assert launcher.palette.model.text == target.title
    # ...and no request per keystroke went to the server.
    searches = [
        r for r in sim.state.request_log()[requests_before:] if r.path.endswith("/sessions")
    ]
    assert len(searches) <= 1  # at most the refresh sync started by opening the palette


def test_empty_query_shows_recent_sessions(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    launcher.palette.show_palette()
    shown = [launcher.palette.model.session_at(r) for r in range(launcher.palette.model.rowCount())]
    opened = [s.last_opened for s in shown if s is not None]
    assert opened and opened == sorted(opened, reverse=True)
    assert launcher.palette.count_label.text() == "Recent sessions"


def test_enter_focuses_exactly_the_row_shown(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    show_and_type(qtbot, launcher, "a")
    QTest.keyClick(launcher.palette.search, Qt.Key.Key_Down)
    shown = launcher.palette.current_session()
    assert shown is not None and launcher.palette.list.currentIndex().row() == 1
    with qtbot.waitSignal(launcher.controller.session_focused, timeout=5000) as blocker:
        QTest.keyClick(launcher.palette.search, Qt.Key.Key_Return)
    assert blocker.args == [shown.id]
    assert focus_requests(sim) == [shown.id]
    assert not launcher.palette.isVisible()  # hides after focusing


def test_double_click_focuses_the_clicked_row(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    show_and_type(qtbot, launcher, "e")
    view = launcher.palette.list
    index = launcher.palette.model.index(2)
    session = launcher.palette.model.session_at(2)
    rect = view.visualRect(index)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(launcher.controller.session_focused, timeout=5000):
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert focus_requests(sim) == [session.id]


def test_late_server_answer_never_replaces_newer_results(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    sim.state.update_config({"latency_s": 0.4})  # first sync is slow: searches go to the server
    launcher = make_launcher(sim, synced=False)
    qtbot.waitUntil(lambda: launcher.link.status.link is Link.CONNECTED, timeout=5000)
    emitted: list[ResultSet] = []
    launcher.controller.results_ready.connect(emitted.append)
    launcher.palette.show_palette()
    launcher.palette.search.setText("mid")
    launcher.palette.search.setText("midn")  # supersedes "mid" while its request is in flight
    qtbot.waitUntil(lambda: any(r.text == "midn" for r in emitted), timeout=5000)
    assert [r.text for r in emitted if r.source == "server"] == ["midn"]
    # An answer for an old text reaching the palette is dropped, whatever its source.
    before = titles(launcher)
    launcher.palette.apply_results(ResultSet("mid", (), 0, "server"))
    assert titles(launcher) == before and launcher.palette.model.text == "midn"


@pytest.mark.parametrize(
    ("config", "expected", "has_action"),
    [
        ({"focus_behaviour": "unavailable"}, "can't focus sessions in this runtime", True),
        ({"focus_behaviour": "failed"}, "main window unavailable", True),
    ],
)
def test_focus_errors_from_sessiondock_are_actionable(
    qtbot: Any,
    make_launcher: Any,
    sim: SimulatorThread,
    config: dict[str, Any],
    expected: str,
    has_action: bool,
) -> None:
    launcher = make_launcher(sim)
    seen = record_messages(launcher)
    sim.state.update_config(config)
    show_and_type(qtbot, launcher, "a")
    QTest.keyClick(launcher.palette.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert expected in seen[-1].text
    assert (seen[-1].action is not None) == has_action
    assert launcher.palette.isVisible() and launcher.palette.banner.isVisible()
    assert expected in launcher.palette.banner.label.text()


def test_focus_unavailable_offers_open_in_daw(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    seen = record_messages(launcher)
    sim.state.update_config({"focus_behaviour": "unavailable"})
    show_and_type(qtbot, launcher, "a")
    session = launcher.palette.current_session()
    QTest.keyClick(launcher.palette.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    with qtbot.waitSignal(launcher.controller.session_opened, timeout=5000):
        launcher.palette.banner.action_button.click()
    opens = [
        r for r in sim.state.request_log() if r["method"] == "POST" and r["path"].endswith("/open")
    ]
    assert [unquote(r["path"].rsplit("/", 2)[-2]) for r in opens] == [session.id]


def test_read_only_focus_explains_without_calling(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    sim.state.update_config({"effective_mode": "read-only"})
    launcher = make_launcher(sim)
    seen = record_messages(launcher)
    show_and_type(qtbot, launcher, "a")
    QTest.keyClick(launcher.palette.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen[-1].text == READ_ONLY_HINT
    assert focus_requests(sim) == []
    assert "read-only" in launcher.palette.link_label.text()


def test_mode_downgraded_while_running_is_explained(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    seen = record_messages(launcher)
    sim.state.update_config({"effective_mode": "read-only"})  # the app still believes it may write
    show_and_type(qtbot, launcher, "a")
    QTest.keyClick(launcher.palette.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen[-1].text == READ_ONLY_HINT
    qtbot.waitUntil(lambda: launcher.link.status.read_only, timeout=5000)  # health re-checked


def test_deleted_session_is_removed_with_a_message(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    seen = record_messages(launcher)
    show_and_type(qtbot, launcher, "a")
    session = launcher.palette.current_session()
    with sim.state.lock:
        del sim.state.sessions[session.id]
    QTest.keyClick(launcher.palette.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "no longer exists" in seen[-1].text
    assert launcher.palette.model.row_of(session.id) == -1
    assert launcher.index.get(session.id) is None


def test_rejected_token_says_update_it(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    seen = record_messages(launcher)
    sim.state.update_config({"token": "regenerated-token"})
    show_and_type(qtbot, launcher, "a")
    QTest.keyClick(launcher.palette.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen[-1].text == "Token rejected — update it in Settings"
    qtbot.waitUntil(lambda: launcher.link.status.link is Link.NEEDS_TOKEN, timeout=5000)


# Stopping the server under live requests can leave a client socket that anyio's connect_tcp
# created while its task was being cancelled; asyncio closes it at GC with a ResourceWarning.
# That is a library-level race outside our code; the behaviour under test is recovery.
@pytest.mark.filterwarnings(SOCKET_RACE_FILTER)
def test_sessiondock_down_then_back_is_survived(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    seen = record_messages(launcher)
    show_and_type(qtbot, launcher, "a")
    port = sim.port
    sim.stop()
    QTest.keyClick(launcher.palette.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "isn't running" in seen[-1].text
    qtbot.waitUntil(lambda: launcher.link.status.link is Link.OFFLINE, timeout=5000)
    # Search keeps working from the index while SessionDock is away.
    launcher.palette.search.setText("e")
    assert launcher.palette.model.rowCount() > 0
    back = SimulatorThread(sim.state, port=port).start()
    try:
        qtbot.waitUntil(lambda: launcher.link.status.link is Link.CONNECTED, timeout=10_000)
        with qtbot.waitSignal(launcher.controller.session_focused, timeout=5000):
            QTest.keyClick(launcher.palette.search, Qt.Key.Key_Return)
    finally:
        back.stop()


def test_tray_menu_lists_recents_and_reflects_state(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    tray = launcher.tray
    tray.rebuild_menu()
    texts = [a.text() for a in tray.menu.actions()]
    recent = [s.display_title for s in launcher.index.recent(8)]
    assert texts[0] == "Connected"
    assert all(title in texts for title in recent)
    assert "Settings…" in texts and "Quit" in texts
    assert "Search sessions…" in texts  # offscreen: no global hotkey to show
    launcher.hotkey.registered.emit("Ctrl+Alt+Space")
    tray.rebuild_menu()
    assert "Search sessions…\tCtrl+Alt+Space" in [a.text() for a in tray.menu.actions()]
    # Clicking a recent session focuses it.
    action = next(a for a in tray.menu.actions() if a.text() == recent[0])
    with qtbot.waitSignal(launcher.controller.session_focused, timeout=5000):
        action.trigger()
    sim.state.update_config({"effective_mode": "read-only"})
    launcher.link.check_now()
    qtbot.waitUntil(lambda: launcher.link.status.read_only, timeout=5000)
    tray.rebuild_menu()
    actions = {a.text(): a for a in tray.menu.actions()}
    assert READ_ONLY_HINT in actions
    assert not actions[recent[1]].isEnabled()
    assert "read-only" in tray.icon.toolTip()


def test_read_only_disables_write_actions_in_the_action_panel(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    sim.state.update_config({"effective_mode": "read-only"})
    launcher = make_launcher(sim)
    show_and_type(qtbot, launcher, "a")
    session = launcher.palette.current_session()
    launcher.actions.toggle_panel(session, launcher.link, launcher.palette)
    panel = launcher.actions.panel
    assert panel is not None and panel.isVisible()
    state = {row.action.title: row.action for row in panel.content.rows}
    assert state["Focus in SessionDock"].reason == "needs Full Automation"
    assert state["Open in DAW"].reason == "needs Full Automation"
    assert state["Copy project path"].enabled
