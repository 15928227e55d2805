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
