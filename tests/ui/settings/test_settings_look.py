"""One theme on every window (issue 12 item 4): Settings, the tag suggestions, tooltips.

Asserted on pixels, as a user sees them: the Settings window in dark mode is dark (background,
fields, text), a theme change restyles a window that is open, and the dialog's buttons are
plain text even on a desktop whose style puts icons on dialog buttons (X11's generic theme does:
the floppy disk and the red X).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMessageBox,
    QProxyStyle,
    QPushButton,
    QStyle,
    QStyleHintReturn,
    QStyleOption,
    QToolTip,
    QWidget,
)

from sessiondock_launcher.api import TagCount
from sessiondock_launcher.app import Launcher
from sessiondock_launcher.settings import Settings
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState
from sessiondock_launcher.ui.common.theme import DARK, LIGHT, Theme
from sessiondock_launcher.ui.editors.tags import TagInput
from sessiondock_launcher.ui.settings.dialog import SettingsDialog, SettingsResult

TOKEN = "look-test-token"


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    state = SimulatorState(SimulatorConfig(token=TOKEN), generate_library(30, seed=5))
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


@pytest.fixture(autouse=True)
def plain_application() -> Iterator[None]:
    """Leave the application as other tests expect it: no app-wide sheet, the style's palette."""
    yield
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet("")
    app.setPalette(app.style().standardPalette())


def grab(widget: QWidget) -> QImage:
    return widget.grab().toImage()


def pixel(image: QImage, x: int, y: int) -> QColor:
    ratio = image.devicePixelRatio()
    return image.pixelColor(round(x * ratio), round(y * ratio))


def close(a: QColor, b: QColor, tolerance: int = 30) -> bool:
    return (
        abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= tolerance
    )


def ink(widget: QWidget, background: QColor) -> QColor:
    """The colour of the text in ``widget``: its pixel furthest from the background."""
    image = grab(widget)
    best, far = background, -1
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            d = abs(c.red() - background.red()) + abs(c.green() - background.green())
            d += abs(c.blue() - background.blue())
            if d > far:
                best, far = c, d
    return best


def open_settings(qtbot: Any, launcher: Launcher) -> SettingsDialog:
    launcher.open_settings()
    dialog = launcher.settings_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def assert_themed(dialog: SettingsDialog, theme: Theme) -> None:
    assert close(pixel(grab(dialog), 3, 3), theme.window)  # the window's background
    field = dialog.base_url
    assert close(pixel(grab(field), field.width() - 8, field.height() // 2), theme.field)
    box = dialog.launch_at_login
    assert close(ink(box, theme.window), theme.text, 60)  # its label's text


def test_settings_follow_the_dark_theme(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(theme="dark"))
    dialog = open_settings(qtbot, launcher)
    assert_themed(dialog, DARK)
    combo = dialog.theme
    assert close(pixel(grab(combo), 6, combo.height() // 2), DARK.field)  # not a grey bevel


def test_a_theme_change_restyles_an_open_settings_window(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(theme="light"))
    dialog = open_settings(qtbot, launcher)
    assert_themed(dialog, LIGHT)
    # The user switches to Dark (saved from this window, or another one open beside it).
    launcher.settings_flow.apply(SettingsResult(replace(launcher.settings, theme="dark"), None))
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: close(pixel(grab(dialog), 3, 3), DARK.window), timeout=2000)
    assert_themed(dialog, DARK)
    launcher.settings_flow.apply(SettingsResult(replace(launcher.settings, theme="light"), None))
    qtbot.waitUntil(lambda: close(pixel(grab(dialog), 3, 3), LIGHT.window), timeout=2000)


def test_tag_suggestions_and_tooltips_wear_the_theme(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(theme="dark"))
    field_input = TagInput(DARK)
    qtbot.addWidget(field_input)
    field_input.set_suggestions([TagCount("vocals", 3), TagCount("vinyl", 1)])
    field_input.show()
    qtbot.waitExposed(field_input)
    field_input.field.setFocus()
    QTest.keyClicks(field_input.field, "v")
    popup = field_input.field.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    viewport = popup.viewport()
    assert close(pixel(grab(viewport), viewport.width() - 4, viewport.height() - 4), DARK.field)
    QToolTip.showText(field_input.mapToGlobal(QPoint(4, 4)), "A themed tooltip", field_input)
    tip = next(
        (w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel") and w.isVisible()),
        None,
    )
    assert tip is not None
    assert close(pixel(grab(tip), 3, tip.height() // 2), DARK.field)
    QToolTip.hideText()
    assert launcher.settings.theme == "dark"


class IconsOnDialogButtons(QProxyStyle):
    """What X11's generic platform theme tells every style: dialog buttons carry icons."""

    def styleHint(
        self,
        hint: QStyle.StyleHint,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
        returnData: QStyleHintReturn | None = None,
    ) -> int:
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 1
        return super().styleHint(hint, option, widget, returnData)


def test_settings_buttons_are_plain_text(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    launcher = make_launcher(sim)
    app.setStyle(IconsOnDialogButtons("fusion"))
    try:
        dialog = open_settings(qtbot, launcher)
        buttons = dialog.findChildren(QPushButton)  # (the hotkey's clear button keeps its ×)
        assert {"Save", "Cancel"} <= {b.text() for b in buttons}
        assert [b.text() for b in buttons if not b.icon().isNull()] == []
        save = next(b for b in buttons if b.text() == "Save")
        assert save.isDefault()
        assert dialog.buttons.buttonRole(save) == dialog.buttons.ButtonRole.AcceptRole
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()  # Save still saves (and closes)
    finally:
        app.setStyle("fusion")


def test_message_boxes_wear_the_theme(qtbot: Any, make_launcher: Any, sim: SimulatorThread) -> None:
    make_launcher(sim, settings=Settings(theme="dark"))
    box = QMessageBox(QMessageBox.Icon.Question, "Quit", "Quit SessionDock Launcher?")
    box.addButton("Quit anyway", QMessageBox.ButtonRole.AcceptRole)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    assert close(pixel(grab(box), 3, 3), DARK.window)
    (label,) = [w for w in box.findChildren(QLabel) if w.text() == "Quit SessionDock Launcher?"]
    assert close(ink(label, DARK.window), DARK.text, 60)
