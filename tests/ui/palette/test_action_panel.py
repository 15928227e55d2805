"""The Ctrl+K action panel on the real object graph against the simulator over a real socket.

Asserted on what a user notices: the rows the panel shows, what a screen reader is told about a
row, the reason shown when a greyed action is chosen, the clipboard, the simulator's request log,
and which window keeps the keyboard.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QGuiApplication
from PySide6.QtTest import QTest

from sessiondock_launcher.app import Launcher
from sessiondock_launcher.core import messages
from sessiondock_launcher.settings import Settings
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState
from sessiondock_launcher.ui.palette.action_panel import ActionPanel

TOKEN = "panel-test-token"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    state = SimulatorState(SimulatorConfig(token=TOKEN), generate_library(120, seed=3))
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


def posts(sim: SimulatorThread, verb: str) -> list[str]:
    return [
        unquote(r["path"].rsplit("/", 2)[-2])
        for r in sim.state.request_log()
        if r["method"] == "POST" and r["path"].endswith(f"/{verb}")
    ]


def open_panel(qtbot: Any, launcher: Launcher, text: str = "a") -> ActionPanel:
    palette = launcher.palette
    palette.show_palette()
    qtbot.waitExposed(palette)
    palette.activateWindow()
    qtbot.waitUntil(palette.isActiveWindow, timeout=2000)
    qtbot.keyClicks(palette.search, text)
    qtbot.waitUntil(lambda: palette.model.text == text and palette.model.rowCount() > 0)
    QTest.keyClick(palette.search, Qt.Key.Key_K, CTRL)
    panel = launcher.actions.panel
    assert panel is not None
    qtbot.waitUntil(panel.isVisible)
    return panel


def with_notes(launcher: Launcher) -> str:
    """The title of a session with notes and a project path (every local action available)."""
    return next(s.title for s in launcher.index.recent(120) if s.notes.strip() and s.project_path)


def spoken_rows(panel: ActionPanel) -> list[str]:
    """The rows as a screen reader reads them (headers included): the accessible text Qt's
    item-view accessibility gives each row. (Read from the model: offscreen, with no screen
    reader active, Qt never tells its cached accessible children that the model was reset.)"""
    model = panel.model
    role = Qt.ItemDataRole.AccessibleTextRole
    return [str(model.data(model.index(i), role)) for i in range(model.rowCount())]


def test_screen_reader_reads_each_row_through_qt(
    qtbot: Any, sim: SimulatorThread, make_launcher: Any
) -> None:
    launcher = make_launcher(sim)
    panel = open_panel(qtbot, launcher)
    iface = QAccessible.queryAccessibleInterface(panel.list)
    assert iface is not None
    names = [iface.child(i).text(QAccessible.Text.Name) for i in range(iface.childCount())]
    assert names == spoken_rows(panel)
    assert "Edit tags…, Ctrl+T" in names


def test_panel_opens_over_the_palette_with_sections_and_takes_the_keys(
    qtbot: Any, sim: SimulatorThread, make_launcher: Any
) -> None:
    launcher = make_launcher(sim)
    panel = open_panel(qtbot, launcher, with_notes(launcher))
    palette = launcher.palette
    session = palette.current_session()
    assert session is not None and session.notes
    assert panel.field.hasFocus() and panel.field.placeholderText() == "Search actions…"
    # Over the palette's bottom-right, inside it.
    card = panel.card.geometry().translated(panel.mapTo(palette, panel.rect().topLeft()))
    assert palette.rect().contains(card)
    assert card.right() > palette.width() * 0.6 and card.bottom() > palette.height() * 0.5
    rows = spoken_rows(panel)
    assert rows[0] == session.display_title  # the session's section, headed by its title
    for header in ("Edit", "Pins", "Library"):
        assert header in rows
    assert "Focus in SessionDock, ↵" in rows
    assert "Open in DAW, Ctrl+↵" in rows  # the keymap's glyphs, not a second copy
    assert "Edit tags…, Ctrl+T" in rows
    # Typing goes to the panel, not to the palette's search.
    qtbot.keyClicks(panel.field, "copy")
    assert panel.shown_rows() == ["Copy project path", "Copy notes"]
    assert palette.search.text() == session.title
    assert spoken_rows(panel) == ["Copy project path", "Copy notes"]  # no headers once filtered


def test_fuzzy_filter_and_arrows_then_enter_runs_the_highlighted_action(
    qtbot: Any, sim: SimulatorThread, make_launcher: Any
) -> None:
    launcher = make_launcher(sim)
    panel = open_panel(qtbot, launcher, with_notes(launcher))
    session = launcher.palette.current_session()
    assert session is not None
    full = launcher.controller.full_session(session)
    assert full.notes
    QGuiApplication.clipboard().setText("before")
    qtbot.keyClicks(panel.field, "cpy")  # a subsequence of "copy"
    assert panel.shown_rows()[:2] == ["Copy project path", "Copy notes"]
    QTest.keyClick(panel.field, Qt.Key.Key_Down)
    QTest.keyClick(panel.field, Qt.Key.Key_Return)
    assert panel.isHidden()
    assert QGuiApplication.clipboard().text() == full.notes
    assert launcher.palette.isVisible()
    assert "Copied the notes" in launcher.palette.toast.label.text()
    assert launcher.palette.search.hasFocus()  # back where the user was


def test_enter_on_focus_asks_sessiondock_and_hides_the_palette(
    qtbot: Any, sim: SimulatorThread, make_launcher: Any
) -> None:
    launcher = make_launcher(sim)
    panel = open_panel(qtbot, launcher)
    session = launcher.palette.current_session()
    assert session is not None
    qtbot.keyClicks(panel.field, "focus")
    with qtbot.waitSignal(launcher.controller.session_focused, timeout=5000):
        QTest.keyClick(panel.field, Qt.Key.Key_Return)
    assert posts(sim, "focus") == [session.id]
    qtbot.waitUntil(lambda: not launcher.palette.isVisible())


def test_read_only_greys_writes_with_their_reason_and_enter_explains(
    qtbot: Any, sim: SimulatorThread, make_launcher: Any
) -> None:
    sim.state.update_config({"effective_mode": "read-only"})
    launcher = make_launcher(sim)
    panel = open_panel(qtbot, launcher)
    rows = spoken_rows(panel)
    assert "Focus in SessionDock, unavailable: needs Full Automation" in rows
    assert "Edit tags…, unavailable: needs Full Automation" in rows
    assert "New session…, unavailable: needs Full Automation" in rows
    assert "Copy project path" in rows  # local actions stay available
    # ↵ on the greyed Focus row: nothing is sent, the gate's sentence is shown in the panel.
    QTest.keyClick(panel.field, Qt.Key.Key_Return)
    assert panel.isVisible()
    assert panel.reason_label.isVisible()
    assert panel.reason_label.text() == messages.FOCUS_READ_ONLY
    assert posts(sim, "focus") == []
    # Ctrl+Enter (Open's own shortcut) inside the panel: the same, for Open.
    QTest.keyClick(panel.field, Qt.Key.Key_Return, CTRL)
    assert panel.reason_label.text() == messages.OPEN_READ_ONLY
    assert posts(sim, "open") == []


def test_esc_closes_the_panel_only_and_ctrl_k_toggles_it(
    qtbot: Any, sim: SimulatorThread, make_launcher: Any
) -> None:
    launcher = make_launcher(sim)
    palette = launcher.palette
    panel = open_panel(qtbot, launcher)
    qtbot.keyClicks(panel.field, "pin")
    QTest.keyClick(panel.field, Qt.Key.Key_Escape)
    assert panel.isHidden()
    assert palette.isVisible() and palette.search.hasFocus()
    assert palette.search.text() == "a"  # Esc did not clear the query either
    QTest.keyClick(palette.search, Qt.Key.Key_K, CTRL)
    qtbot.waitUntil(panel.isVisible)
    assert panel.field.text() == ""  # a fresh panel every time
    QTest.keyClick(panel.field, Qt.Key.Key_K, CTRL)
    assert panel.isHidden() and palette.isVisible()


def test_an_actions_shortcut_runs_it_from_the_panel(
    qtbot: Any, sim: SimulatorThread, make_launcher: Any
) -> None:
    launcher = make_launcher(sim)
    panel = open_panel(qtbot, launcher)
    session = launcher.palette.current_session()
    assert session is not None and not launcher.controller.is_pinned(session)
    QTest.keyClick(
        panel.field, Qt.Key.Key_P, CTRL | Qt.KeyboardModifier.ShiftModifier
    )  # Pin to top's shortcut, shown on its row
    assert launcher.controller.is_pinned(session)
    assert panel.isHidden()


def test_a_click_outside_the_card_closes_the_panel(
    qtbot: Any, sim: SimulatorThread, make_launcher: Any
) -> None:
    launcher = make_launcher(sim)
    panel = open_panel(qtbot, launcher)
    QTest.mouseClick(panel, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert panel.isHidden() and launcher.palette.isVisible()
    assert posts(sim, "focus") == []  # the click did not reach the row under it


def test_a_click_on_a_row_runs_it(qtbot: Any, sim: SimulatorThread, make_launcher: Any) -> None:
    launcher = make_launcher(sim)
    panel = open_panel(qtbot, launcher)
    session = launcher.palette.current_session()
    assert session is not None
    qtbot.keyClicks(panel.field, "copy path")
    rect = panel.list.visualRect(panel.model.index(0))
    QTest.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert QGuiApplication.clipboard().text() == session.project_path
    assert panel.isHidden()


def test_panel_follows_a_live_theme_change(
    qtbot: Any, sim: SimulatorThread, make_launcher: Any
) -> None:
    launcher = make_launcher(sim, settings=Settings(theme="light"))
    panel = open_panel(qtbot, launcher)
    light = panel.card.grab().toImage().pixelColor(panel.card.width() // 2, 3)
    launcher.settings.theme = "dark"
    launcher._apply_theme()  # what a light/dark switch of the system or of Settings runs
    assert panel.delegate.theme.dark
    dark = panel.card.grab().toImage().pixelColor(panel.card.width() // 2, 3)
    assert dark.lightness() < light.lightness() - 100, (light.name(), dark.name())


def test_moving_through_the_panel_is_announced(
    qtbot: Any, sim: SimulatorThread, make_launcher: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    launcher = make_launcher(sim)
    panel = open_panel(qtbot, launcher)
    heard: list[str] = []
    real = QAccessible.updateAccessibility

    def record(event: Any) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            heard.append(event.message())
        real(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(record))
    # Awaited, not read at once: under load a link or sync announcement can come in between.
    QTest.keyClick(panel.field, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: "Open in DAW, Ctrl+↵" in heard, timeout=5000)
    before = len(heard)
    QTest.keyClick(panel.field, Qt.Key.Key_End, CTRL)
    qtbot.waitUntil(lambda: "Import project folder…" in heard[before:], timeout=5000)


def test_a_message_arriving_while_the_panel_is_open_stays_under_it(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    """The toast floats over the results, but not over an open action panel: its search field
    and bottom rows stay visible and clickable."""
    launcher = make_launcher(sim)
    panel = open_panel(qtbot, launcher)
    launcher.bridge.warning("SessionDock answered slowly")  # e.g. a sync or link change
    toast = launcher.palette.toast
    qtbot.waitUntil(toast.isVisible, timeout=2000)
    stack = [w for w in panel.parentWidget().children() if w in (panel, toast)]
    assert stack == [toast, panel]  # children are painted in order: the panel on top
