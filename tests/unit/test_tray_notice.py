"""The no-tray notice: what it says, and that it is said once (across runs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sessiondock_launcher.desktop.tray_notice import OnceNotice, no_tray_notice, notify_once


def test_the_notice_names_every_way_in() -> None:
    text = no_tray_notice("Ctrl+Alt+Space")
    assert "press Ctrl+Alt+Space" in text
    assert "sessiondock-launcher --toggle" in text
    assert "AppIndicator" in text
    without = no_tray_notice("")
    assert "press" not in without
    assert "keyboard settings" in without


def test_said_once_across_runs(tmp_path: Path) -> None:
    assert OnceNotice(tmp_path).due()
    OnceNotice(tmp_path).mark_shown()
    assert not OnceNotice(tmp_path).due()  # a new run reads the same state


def test_an_unwritable_state_dir_is_not_fatal(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    notice = OnceNotice(blocker)
    notice.mark_shown()
    assert notice.due()


class FakeNotifications:
    """org.freedesktop.Notifications as the spec describes it: Notify returns a u32 id > 0."""

    def __init__(self, running: bool = True) -> None:
        self.running = running
        self.shown: list[tuple[object, ...]] = []

    def call(
        self,
        path: str,
        interface: str,
        method: str,
        signature: str,
        body: Any,
        *,
        on_reply: Any,
        on_error: Any,
    ) -> None:
        assert (path, interface, method) == (
            "/org/freedesktop/Notifications",
            "org.freedesktop.Notifications",
            "Notify",
        )
        assert signature == "susssasa{sv}i" and len(body) == 8  # s u s s s as a{sv} i
        if not self.running:
            on_error("org.freedesktop.DBus.Error.ServiceUnknown", "no notification server")
            return
        self.shown.append(body)
        on_reply((len(self.shown),))


def test_notified_once_as_a_sticky_desktop_notification(tmp_path: Path) -> None:
    bus = FakeNotifications()
    closed: list[bool] = []
    assert notify_once(
        OnceNotice(tmp_path), no_tray_notice("Ctrl+Alt+Space"), bus, lambda: closed.append(True)
    )
    (app, replaces, icon, summary, body, actions, hints, timeout) = bus.shown[0]
    assert (app, replaces, icon, actions, timeout) == (
        "SessionDock Launcher",
        0,
        "sessiondock-launcher",
        [],
        0,
    )
    assert "tray" in str(summary) and "--toggle" in str(body)
    assert hints["desktop-entry"] == ("s", "com.sessiondock.Launcher")  # type: ignore[index]
    assert closed == [True]
    assert not notify_once(OnceNotice(tmp_path), "again", bus)  # next start: silent
    assert len(bus.shown) == 1


def test_without_a_notification_server_it_tries_again_next_time(tmp_path: Path) -> None:
    assert notify_once(OnceNotice(tmp_path), "text", FakeNotifications(running=False))
    assert OnceNotice(tmp_path).due()


def test_without_a_session_bus_nothing_is_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    from sessiondock_launcher.desktop.tray_notice import notify_without_tray

    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "no-runtime-dir"))
    notify_without_tray(tmp_path, "Ctrl+Alt+Space")
    assert OnceNotice(tmp_path).due()  # tried again at the next start
