"""The tray's disabled "New session…" names the real reason (issue 11 item 4).

It said "(needs Full Automation)" whenever writes were off, also when the token was the problem.
"""

from __future__ import annotations

from typing import Any

import pytest

from sessiondock_launcher.core.status import LauncherStatus, Link
from sessiondock_launcher.ui.tray.tray_icon import TrayIcon


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (LauncherStatus(Link.CONNECTED, "full-automation", "full-automation"), "New session…"),
        (LauncherStatus(Link.CONNECTED, "read-only", "read-only"), "(needs Full Automation)"),
        (LauncherStatus(Link.NEEDS_TOKEN), "(token needed)"),
        (LauncherStatus(Link.OFFLINE), "(needs SessionDock)"),
    ],
)
def test_new_session_label_says_why_it_is_off(
    qtbot: Any, status: LauncherStatus, label: str
) -> None:
    tray = TrayIcon(lambda _n: [], "")
    tray.set_status(status)
    tray.rebuild_menu()
    (new,) = [a for a in tray.menu.actions() if a.text().startswith("New session…")]
    assert new.text().endswith(label)
    assert new.isEnabled() is status.can_write
