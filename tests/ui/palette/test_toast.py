"""The palette's messages as a toast: the list does not move, the fix is a button reachable by
keyboard, the severity shows in colour, screen readers hear it, and it ends with its cause.

Against the simulator over a real socket; asserted on geometry, pixels, the simulator's request
log and what reaches Qt's accessibility layer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGraphicsDropShadowEffect, QGraphicsOpacityEffect

from sessiondock_launcher.app import Launcher
from sessiondock_launcher.core import message_life, messages
from sessiondock_launcher.core.messages import Level, MessageAction, UserMessage
from sessiondock_launcher.core.status import Link
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState

TOKEN = "toast-test-token"


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    state = SimulatorState(SimulatorConfig(token=TOKEN), generate_library(120, seed=7))
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


def show_and_type(qtbot: Any, launcher: Launcher, text: str) -> None:
    palette = launcher.palette
    palette.show_palette()
    qtbot.waitExposed(palette)
    palette.activateWindow()
    qtbot.waitUntil(palette.isActiveWindow, timeout=2000)
    qtbot.keyClicks(palette.search, text)
    qtbot.waitUntil(lambda: palette.model.text == text and palette.model.rowCount() > 3)


def where(widget: Any) -> tuple[int, int, int, int]:
    """A widget's rectangle on the screen."""
    top_left = widget.mapToGlobal(QPoint(0, 0))
    return (top_left.x(), top_left.y(), widget.width(), widget.height())


def share_near(image: QImage, color: QColor, tolerance: int = 40) -> float:
    """The share of pixels within ``tolerance`` (per channel) of ``color``."""
    hits = total = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = image.pixelColor(x, y)
            total += 1
            if (
                abs(pixel.red() - color.red()) <= tolerance
                and abs(pixel.green() - color.green()) <= tolerance
                and abs(pixel.blue() - color.blue()) <= tolerance
            ):
                hits += 1
    return hits / max(1, total)


def test_the_list_does_not_move_when_a_message_appears_or_goes(
    qtbot: Any, sim: SimulatorThread, make_launcher: Any
) -> None:
    launcher = make_launcher(sim)
    palette = launcher.palette
    show_and_type(qtbot, launcher, "a")
    before = (where(palette.list), where(palette.count_label)[:2], where(palette.hints_label)[:2])
    first_row = palette.list.visualRect(palette.model.index(0))
    # "banner" is the element's older name; it finds the toast as it found the banner.
    launcher.bridge.error("Something went wrong (TestError). Details are in the log.")
    qtbot.waitUntil(palette.banner.isVisible)
    QApplication.processEvents()
    after = (where(palette.list), where(palette.count_label)[:2], where(palette.hints_label)[:2])
    assert after == before
    assert palette.list.visualRect(palette.model.index(0)) == first_row
    # It floats over the bottom of the results, inside the palette.
    toast = where(palette.banner)
    lst = where(palette.list)
    assert lst[1] < toast[1] and toast[1] + toast[3] <= lst[1] + lst[3] + 1
    qtbot.keyClicks(palette.search, "b")  # typing on dismisses it
    assert palette.banner.isHidden()
    QApplication.processEvents()
    assert where(palette.list) == before[0]


def test_the_fix_button_is_reachable_with_tab_and_runs_on_enter(
    qtbot: Any, sim: SimulatorThread, make_launcher: Any
) -> None:
    launcher = make_launcher(sim)
    palette = launcher.palette
    sim.state.update_config({"focus_behaviour": "unavailable"})
    show_and_type(qtbot, launcher, "a")
    session = palette.current_session()
    assert session is not None
    QTest.keyClick(palette.search, Qt.Key.Key_Return)
    toast = palette.toast
    qtbot.waitUntil(toast.isVisible, timeout=5000)
    assert toast.label.text() == messages.FOCUS_UNAVAILABLE
    assert toast.action_button.isVisible() and toast.action_button.text() == "Open in DAW"
    QTest.keyClick(palette.search, Qt.Key.Key_Tab)
    assert toast.action_button.hasFocus()
    with qtbot.waitSignal(launcher.controller.session_opened, timeout=5000):
        QTest.keyClick(toast.action_button, Qt.Key.Key_Return)
    opens = [
        unquote(r["path"].rsplit("/", 2)[-2])
        for r in sim.state.request_log()
        if r["method"] == "POST" and r["path"].endswith("/open")
    ]
    assert opens == [session.id]
    assert toast.isHidden()


def test_esc_on_the_toast_dismisses_it_and_returns_to_the_search(
    qtbot: Any, sim: SimulatorThread, make_launcher: Any
) -> None:
    launcher = make_launcher(sim)
    palette = launcher.palette
    show_and_type(qtbot, launcher, "a")
    ran: list[str] = []
    palette.show_message(
        UserMessage(
            "Quit with an unsaved edit?",
            Level.WARNING,
            MessageAction("Quit anyway", lambda: ran.append("quit")),
        )
    )
    QTest.keyClick(palette.search, Qt.Key.Key_Tab)
    assert palette.toast.action_button.hasFocus()
    QTest.keyClick(palette.toast.action_button, Qt.Key.Key_Escape)
    assert palette.toast.isHidden() and ran == []
    assert palette.search.hasFocus() and palette.isVisible()
    assert palette.toast_life.life.message is None  # dismissed: the lifetime model agrees


def test_severity_shows_in_colour(qtbot: Any, sim: SimulatorThread, make_launcher: Any) -> None:
    launcher = make_launcher(sim)
    palette = launcher.palette
    show_and_type(qtbot, launcher, "a")
    theme = palette.theme
    palette.show_message(UserMessage("SessionDock refused the change: nope", Level.ERROR))
    error = palette.toast.grab().toImage()
    palette.show_message(UserMessage("Copied the notes", Level.INFO))
    info = palette.toast.grab().toImage()
    # The error toast carries the theme's error colour (icon, border), the info one its own.
    assert share_near(error, theme.error) > 0
    assert share_near(error, theme.error) > 3 * share_near(info, theme.error)
    assert share_near(info, theme.info) > 3 * share_near(error, theme.info)


def test_screen_readers_hear_each_message(
    qtbot: Any, sim: SimulatorThread, make_launcher: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    launcher = make_launcher(sim)
    palette = launcher.palette
    show_and_type(qtbot, launcher, "a")
    heard: list[tuple[str, object]] = []
    real = QAccessible.updateAccessibility

    def record(event: Any) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            heard.append((event.message(), event.politeness()))
        real(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(record))
    palette.show_message(UserMessage(messages.LINK_OFFLINE, Level.ERROR))
    assert (messages.LINK_OFFLINE, QAccessible.AnnouncementPoliteness.Assertive) in heard


def test_an_error_toast_ends_when_the_link_comes_back(
    qtbot: Any, sim: SimulatorThread, make_launcher: Any
) -> None:
    launcher = make_launcher(sim)
    palette = launcher.palette
    show_and_type(qtbot, launcher, "a")
    up = launcher.link.status
    palette.set_status(up.with_(link=Link.OFFLINE))
    palette.show_message(UserMessage(messages.LINK_OFFLINE, Level.ERROR))
    assert palette.toast.isVisible()
    palette.set_status(up.with_(link=Link.OFFLINE, detail="still down"))
    assert palette.toast.isVisible()  # its cause still holds
    palette.set_status(up)
    assert palette.toast.isHidden()


def test_a_token_message_offers_settings_and_still_ends_with_its_cause(
    qtbot: Any, sim: SimulatorThread, make_launcher: Any
) -> None:
    launcher = make_launcher(sim)
    palette = launcher.palette
    show_and_type(qtbot, launcher, "a")
    toast = palette.toast
    up = launcher.link.status
    palette.set_status(up.with_(link=Link.NEEDS_TOKEN))
    palette.show_message(UserMessage(messages.TOKEN_REJECTED, Level.ERROR))
    assert toast.action_button.isVisible() and toast.action_button.text() == "Open Settings"
    palette.set_status(up)  # the token works again: the button did not make the message stay
    assert toast.isHidden()

    palette.set_status(up.with_(link=Link.NEEDS_TOKEN))
    palette.show_message(UserMessage(messages.TOKEN_REJECTED, Level.ERROR))
    toast.action_button.click()
    qtbot.waitUntil(
        lambda: launcher.settings_dialog is not None and launcher.settings_dialog.isVisible()
    )
    assert toast.isHidden()
    launcher.settings_dialog.close()


def test_the_highlighted_row_never_hides_under_the_toast(
    qtbot: Any, sim: SimulatorThread, make_launcher: Any
) -> None:
    launcher = make_launcher(sim)
    palette = launcher.palette
    show_and_type(qtbot, launcher, "a")
    before = where(palette.list)
    palette.show_message(UserMessage("SessionDock refused the change: nope", Level.ERROR))
    toast = palette.toast
    viewport = palette.list.viewport()

    def toast_top() -> int:
        return viewport.mapFrom(palette.body_host, toast.geometry().topLeft()).y()

    covered = next(
        row
        for row in range(palette.model.rowCount())
        if palette.list.visualRect(palette.model.index(row)).bottom() >= toast_top()
    )
    for _ in range(covered):
        QTest.keyClick(palette.search, Qt.Key.Key_Down)
    assert palette.list.currentIndex().row() == covered
    assert palette.list.visualRect(palette.list.currentIndex()).bottom() < toast_top()
    assert where(palette.list) == before  # scrolled, never moved
    # A toast that appears over the highlighted row also scrolls it clear.
    palette.show_message(UserMessage("Copied the notes", Level.INFO))
    assert palette.list.visualRect(palette.list.currentIndex()).bottom() < toast_top()


def test_information_fades_out_and_the_next_message_shows_whole(
    qtbot: Any, sim: SimulatorThread, make_launcher: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    launcher = make_launcher(sim)
    palette = launcher.palette
    show_and_type(qtbot, launcher, "a")
    monkeypatch.setattr(message_life, "INFO_SECONDS", 0.2)
    toast = palette.toast
    palette.show_message(UserMessage("Copied the notes", Level.INFO))
    qtbot.waitUntil(lambda: isinstance(toast.graphicsEffect(), QGraphicsOpacityEffect))
    qtbot.waitUntil(lambda: toast.graphicsEffect().opacity() < 0.9)  # going, not gone yet
    qtbot.waitUntil(toast.isHidden, timeout=2000)
    palette.show_message(UserMessage("SessionDock refused the change: nope", Level.ERROR))
    assert toast.isVisible()
    assert isinstance(toast.graphicsEffect(), QGraphicsDropShadowEffect)  # solid again
    shown = palette.toast_life.life.shown
    assert shown is not None and shown.expires_at is None  # an error never fades


def test_a_title_with_markup_is_shown_as_typed_not_rendered(
    qtbot: Any, sim: SimulatorThread, make_launcher: Any
) -> None:
    """A session title is SessionDock's data: "<h1>…</h1>" or "<img src=…>" in it must appear
    as those characters in the toast and the pane, never as a heading or a loaded image."""
    marked = "<h1 style='color:red'>Token rejected</h1><img src='file:///etc/x.png'>"
    with sim.state.lock:
        first = sorted(sim.state.sessions)[0]
        sim.state.sessions[first]["title"] = marked
        sim.state.sessions[first]["previews"] = [
            {"id": "a", "name": "<b>R&B</b> mix", "status": "ready"},
            {"id": "b", "name": "Instrumental", "status": "ready"},
        ]
        sim.state.touch()
    launcher = make_launcher(sim)
    launcher.palette.show_palette()
    qtbot.waitExposed(launcher.palette)
    session = launcher.controller.full_session(launcher.index.get(first))
    launcher.actions.copy_path(session)
    toast = launcher.palette.toast
    qtbot.waitUntil(toast.isVisible, timeout=2000)
    assert marked in toast.label.text()
    assert toast.label.textFormat() == Qt.TextFormat.PlainText
    launcher.preview.set_shown(True)
    launcher.preview.follow(session)
    lane_buttons = launcher.preview.lanes_label.buttons
    shown = [b.text() for b in lane_buttons.values()]
    assert any(t.startswith("<b>R&&B</b> mix") for t in shown), shown  # && = a literal &, no Alt+B


def test_a_library_kept_aside_at_start_is_said_when_the_palette_first_opens(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread, tmp_path: Any
) -> None:
    """A tester truncated the library file: it was kept aside and rebuilt, pins and history
    with it, and the only sign was a tray notification his desktop never showed."""
    from sessiondock_launcher.app import DEMO_STORE_FILENAME

    data = tmp_path / "d"
    data.mkdir(parents=True, exist_ok=True)
    (data / DEMO_STORE_FILENAME).write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    launcher = make_launcher(sim)
    assert list(data.glob(f"{DEMO_STORE_FILENAME}.broken-*"))  # kept, not deleted
    palette = launcher.palette
    assert not palette.isVisible()
    palette.show_palette()
    qtbot.waitUntil(palette.toast.isVisible, timeout=3000)
    assert "kept as" in palette.toast.label.text()
    # Said once: hiding and showing again does not bring it back after it was dismissed.
    palette.toast_life.dismiss()
    palette.hide()
    palette.show_palette()
    qtbot.waitExposed(palette)
    QApplication.processEvents()
    assert not palette.toast.isVisible()


def test_a_link_problem_at_start_is_left_to_the_status_row(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    launcher.bridge.warning("Your hotkey is taken by another app")
    # A link condition posted later is not held over it: the status row says that one, and
    # it may have cleared by the time the palette opens.
    launcher.bridge.error("SessionDock isn't running — start it, or check the address")
    palette = launcher.palette
    palette.show_palette()
    qtbot.waitUntil(palette.toast.isVisible, timeout=3000)
    assert palette.toast.label.text() == "Your hotkey is taken by another app"
