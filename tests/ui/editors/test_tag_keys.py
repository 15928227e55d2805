"""The tag field driven by real key presses: a chosen or fully typed tag becomes a chip at once.

Issue 11 item 6: ↓ + Enter on an autocomplete suggestion filled the field but added no chip, and
the next tag typed was glued to it ("drumsStraße rev2"); typing a whole existing tag + Enter did
the same (the completer's popup swallowed the Enter).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from sessiondock_launcher.api import TagCount
from sessiondock_launcher.ui.common.theme import system_theme
from sessiondock_launcher.ui.editors.tags import TagInput


def tag_input(qtbot: Any) -> TagInput:
    widget = TagInput(system_theme("dark"))
    qtbot.addWidget(widget)
    widget.set_suggestions([TagCount(tag="drums", count=9), TagCount(tag="drum loop", count=3)])
    widget.show()
    qtbot.waitExposed(widget)
    widget.field.setFocus()
    widget.activateWindow()
    qtbot.waitUntil(widget.field.hasFocus)
    return widget


def popup_shown(widget: TagInput) -> bool:
    popup = widget.field.completer().popup()
    return popup is not None and popup.isVisible()


def test_down_and_enter_on_a_suggestion_adds_its_chip(qtbot: Any) -> None:
    widget = tag_input(qtbot)
    QTest.keyClicks(widget.field, "dru")
    qtbot.waitUntil(lambda: popup_shown(widget))
    popup = widget.field.completer().popup()
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: widget.tags() == ["drums"] and widget.field.text() == "")
    QTest.keyClicks(widget.field, "Straße rev2")
    QTest.keyClick(widget.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: widget.chips.tags == ("drums", "Straße rev2"))
    assert widget.field.text() == ""


def test_typing_a_whole_existing_tag_and_enter_adds_its_chip(qtbot: Any) -> None:
    widget = tag_input(qtbot)
    QTest.keyClicks(widget.field, "drums")
    qtbot.waitUntil(lambda: popup_shown(widget))
    QTest.keyClick(widget.field.completer().popup(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: widget.chips.tags == ("drums",) and widget.field.text() == "")
    QTest.keyClicks(widget.field, "rev2")
    QTest.keyClick(widget.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: widget.chips.tags == ("drums", "rev2"))


def test_enter_on_an_empty_field_still_submits(qtbot: Any) -> None:
    widget = tag_input(qtbot)
    with qtbot.waitSignal(widget.submitted, timeout=2000):
        QTest.keyClick(widget.field, Qt.Key.Key_Return)
