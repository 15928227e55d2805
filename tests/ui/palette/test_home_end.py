"""Home/End edit the search text; Ctrl+Home/Ctrl+End move to the list's ends (issue 11 item 11).

Raycast, Alfred and Spotlight leave Home/End to the text field, so the cursor can reach both ends
of what was typed; the list's ends are one modifier away.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from tests.ui.palette.test_keys import CTRL, routed, sim

from sessiondock_launcher.core.keymap import Intent, lookup

__all__ = ["sim"]  # the simulator fixture, shared with test_keys


def test_home_and_end_move_the_text_cursor_not_the_list(qtbot: Any) -> None:
    field, seen = routed(qtbot)
    QTest.keyClicks(field, "drums")
    QTest.keyClick(field, Qt.Key.Key_Home)
    assert field.cursorPosition() == 0
    QTest.keyClicks(field, ">")
    QTest.keyClick(field, Qt.Key.Key_End)
    QTest.keyClicks(field, "<")
    assert field.text() == ">drums<" and seen == []


def test_ctrl_home_and_ctrl_end_reach_the_list_ends(qtbot: Any) -> None:
    field, seen = routed(qtbot)
    QTest.keyClicks(field, "ab")
    QTest.keyClick(field, Qt.Key.Key_End, CTRL)
    QTest.keyClick(field, Qt.Key.Key_Home, CTRL)
    assert seen == [Intent.LAST, Intent.FIRST] and field.text() == "ab"


def test_the_keymap_says_so() -> None:
    assert lookup("Home", frozenset(), audition=True) is None
    assert lookup("End", frozenset(), audition=True) is None
    first = lookup("Home", frozenset({"Ctrl"}), audition=False)
    last = lookup("End", frozenset({"Ctrl"}), audition=False)
    assert first is not None and first.intent is Intent.FIRST
    assert last is not None and last.intent is Intent.LAST


def test_in_the_palette_end_keeps_the_selection_and_ctrl_end_moves_it(
    qtbot: Any, make_launcher: Any, sim: Any
) -> None:
    palette = make_launcher(sim).palette
    palette.show_palette()
    qtbot.waitExposed(palette)
    rows = palette.model.rowCount()
    assert rows > 3
    QTest.keyClick(palette.search, Qt.Key.Key_Down)
    QTest.keyClick(palette.search, Qt.Key.Key_End)
    assert palette.list.currentIndex().row() == 1
    QTest.keyClick(palette.search, Qt.Key.Key_End, CTRL)
    assert palette.list.currentIndex().row() == rows - 1
    QTest.keyClick(palette.search, Qt.Key.Key_Home, CTRL)
    assert palette.list.currentIndex().row() == 0
