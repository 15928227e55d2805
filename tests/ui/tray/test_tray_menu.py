"""The tray menu acts on what it listed, even when the library changes while it is open."""

from __future__ import annotations

from typing import Any

from sessiondock_launcher.api import Session
from sessiondock_launcher.core.status import LauncherStatus, Link
from sessiondock_launcher.ui.tray.tray_icon import TrayIcon

A = Session(id="a", title="Alpha mix")
B = Session(id="b", title="Bravo stems")


def test_open_latest_focuses_the_session_the_menu_listed_first(qtbot: Any) -> None:
    recents = [A, B]
    tray = TrayIcon(lambda n: recents[:n], "")
    tray.set_status(LauncherStatus(Link.CONNECTED, "full-automation", "full-automation"))
    tray.rebuild_menu()
    recents[:] = [B, A]  # a sync landed while the menu was open
    focused: list[Session] = []
    tray.focus_requested.connect(focused.append)
    latest = next(a for a in tray.menu.actions() if a.text() == "Open latest session")
    latest.trigger()
    assert focused == [A]


def test_titles_are_shown_as_they_are_and_bounded(qtbot: Any) -> None:
    """A tester's 200-character title made the tray menu ~1,100 px wide; "&" is a mnemonic and
    a tab starts the shortcut column in a menu item's text."""
    from PySide6.QtGui import QFontMetrics

    from sessiondock_launcher.ui.tray.tray_icon import MENU_TITLE_WIDTH

    long_title = "Cue Echo Sunday " + "very " * 40 + "long, final final)"
    sessions = [
        Session(id="amp", title="Drum & Bass\tfinal"),
        Session(id="long", title=long_title),
    ]
    tray = TrayIcon(lambda n: sessions[:n], "")
    tray.set_status(LauncherStatus(Link.CONNECTED, "full-automation", "full-automation"))
    tray.rebuild_menu()
    shown = {a.text(): a for a in tray.menu.actions()}
    assert "Drum && Bass final" in shown  # shown as "Drum & Bass final"
    (elided,) = [t for t in shown if t.startswith("Cue Echo Sunday")]
    assert "…" in elided and elided.endswith("final final)")
    assert QFontMetrics(tray.menu.font()).horizontalAdvance(elided) <= MENU_TITLE_WIDTH
    focused: list[Session] = []
    tray.focus_requested.connect(focused.append)
    shown[elided].trigger()
    assert [s.id for s in focused] == ["long"]


def test_the_menus_sections_have_headings_every_style_draws(qtbot: Any) -> None:
    """``addSection`` is a bare separator in some styles (a tester saw no "Recent sessions"
    heading, and "Open latest session" read like one more session)."""
    tray = TrayIcon(lambda n: [A, B][:n], "")
    tray.set_status(LauncherStatus(Link.CONNECTED, "full-automation", "full-automation"))
    tray.rebuild_menu()
    heading = next(a for a in tray.menu.actions() if a.text() == "Recent sessions")
    assert not heading.isSeparator() and not heading.isEnabled()
