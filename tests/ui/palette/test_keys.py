"""The search field's one key filter: real Qt key presses routed through the keymap."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from sessiondock_launcher.core.keymap import Binding, Intent
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState
from sessiondock_launcher.ui.palette.keys import PaletteKeys

CTRL = Qt.KeyboardModifier.ControlModifier


def routed(qtbot: Any, pane_shown: bool = True) -> tuple[QLineEdit, list[Intent]]:
    field = QLineEdit()
    qtbot.addWidget(field)
    seen: list[Intent] = []

    def record(binding: Binding) -> None:
        seen.append(binding.intent)

    keys = PaletteKeys(field, dict.fromkeys(Intent, record), lambda: pane_shown, field)
    field.installEventFilter(keys)
    return field, seen


def test_space_is_text_while_typing_and_auditions_after_moving(qtbot: Any) -> None:
    field, seen = routed(qtbot)
    QTest.keyClicks(field, "ab")
    QTest.keyClick(field, Qt.Key.Key_Space)
    assert field.text() == "ab " and seen == []
    QTest.keyClick(field, Qt.Key.Key_Down)
    QTest.keyClick(field, Qt.Key.Key_Space)
    QTest.keyClick(field, Qt.Key.Key_Right)
    assert seen == [Intent.NEXT, Intent.PLAY_PAUSE, Intent.SEEK_FORWARD]
    QTest.keyClicks(field, "c")  # typing hands Space back to the text
    QTest.keyClick(field, Qt.Key.Key_Space)
    assert field.text() == "ab c "


def test_without_the_pane_space_and_arrows_stay_in_the_text(qtbot: Any) -> None:
    field, seen = routed(qtbot, pane_shown=False)
    QTest.keyClick(field, Qt.Key.Key_Space)
    QTest.keyClick(field, Qt.Key.Key_Left)
    assert seen == [] and field.text() == " "


def test_enter_keypad_enter_and_ctrl_enter(qtbot: Any) -> None:
    field, seen = routed(qtbot)
    QTest.keyClick(field, Qt.Key.Key_Return)
    QTest.keyClick(field, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    QTest.keyClick(field, Qt.Key.Key_Return, CTRL)
    QTest.keyClick(field, Qt.Key.Key_K, CTRL)
    QTest.keyClick(field, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert seen == [Intent.FOCUS, Intent.FOCUS, Intent.OPEN, Intent.ACTIONS, Intent.PICK]


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    state = SimulatorState(SimulatorConfig(token="keys-token"), generate_library(60, seed=3))
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


def test_the_palette_and_pane_act_on_their_intents(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    palette = launcher.palette
    palette.show_palette()
    qtbot.waitExposed(palette)
    rows = palette.model.rowCount()
    assert rows > 3
    QTest.keyClick(palette.search, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert palette.list.currentIndex().row() == 2
    QTest.keyClick(palette.search, Qt.Key.Key_End, CTRL)
    assert palette.list.currentIndex().row() == rows - 1
    shown = launcher.preview.isVisible()
    QTest.keyClick(palette.search, Qt.Key.Key_I, CTRL)
    assert launcher.preview.isVisible() is not shown
    QTest.keyClicks(palette.search, "zz")
    QTest.keyClick(palette.search, Qt.Key.Key_Escape)
    assert palette.search.text() == "" and palette.isVisible()
    QTest.keyClick(palette.search, Qt.Key.Key_Escape)
    assert not palette.isVisible()
    assert "Ctrl+K Actions" in palette.hints_label.text()


def test_ctrl_k_opens_the_action_panel_for_the_row_inside_the_palette(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    palette = launcher.palette
    palette.show_palette()
    qtbot.waitExposed(palette)
    QTest.keyClick(palette.search, Qt.Key.Key_K, CTRL)
    panel = launcher.actions.panel
    assert panel is not None
    qtbot.waitUntil(panel.isVisible)
    session = palette.current_session()
    assert session is not None
    assert panel.model.data(panel.model.index(0)) == session.display_title  # its section
    # Part of the palette's own window: no popup, nothing to hold the palette open for.
    assert panel.window() is palette and QApplication.activePopupWidget() is None
    assert palette.isVisible() and not launcher.hold.active
