"""The first-run offer to install the menu entry: asked once on Linux, answered on disk.

The checks read what a user (and the desktop) would find: the .desktop file and icons under
$XDG_DATA_HOME, the settings file, the message shown; never the offer's own state.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from sessiondock_launcher.desktop.app_id import DESKTOP_FILE_NAME
from sessiondock_launcher.settings import Settings, SettingsStore
from sessiondock_launcher.ui.common.bridge import MessageBridge, UserMessage
from sessiondock_launcher.ui.tray.entry_offer import DesktopEntryOffer

COMMAND = ["/opt/sessiondock/bin/sessiondock-launcher"]


class Run:
    """One start of the launcher: settings loaded from disk, like lifecycle.main does."""

    def __init__(self, tmp_path: Path, environ: dict[str, str]) -> None:
        self.store = SettingsStore(tmp_path / "config" / "settings.json")
        self.settings = self.store.load()
        self.bridge = MessageBridge()
        self.messages: list[UserMessage] = []
        self.bridge.message_posted.connect(self.messages.append)
        self.offer = DesktopEntryOffer(
            lambda: self.settings,
            self.store.save,
            self.bridge,
            environ=environ,
            home=tmp_path / "home",
            command=COMMAND,
        )


@pytest.fixture
def environ(tmp_path: Path) -> dict[str, str]:
    return {
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_DATA_DIRS": str(tmp_path / "system"),
    }


def saved(tmp_path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((tmp_path / "config" / "settings.json").read_text())
    return data


def click(qtbot: Any, run: Run, label: str) -> None:
    assert run.offer.box is not None
    qtbot.waitExposed(run.offer.box)
    button = next(b for b in run.offer.box.buttons() if b.text() == label)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_install_writes_the_entry_and_the_offer_never_comes_back(
    qtbot: Any, tmp_path: Path, environ: dict[str, str]
) -> None:
    run = Run(tmp_path, environ)
    assert run.offer.offer_if_due("linux")
    assert run.offer.box is not None
    assert {b.text() for b in run.offer.box.buttons()} == {"Install", "Not now"}
    assert run.offer.box.defaultButton().text() == "Not now"  # Enter does not install
    click(qtbot, run, "Install")
    entry = tmp_path / "data" / "applications" / DESKTOP_FILE_NAME
    assert entry.is_file()
    assert f"Exec={COMMAND[0]}" in entry.read_text(encoding="utf-8")
    assert list((tmp_path / "data" / "icons" / "hicolor").rglob("*.png"))
    assert saved(tmp_path)["desktop_entry_offered"] is True
    assert [m.text for m in run.messages] == [
        "SessionDock Launcher is now in your applications menu."
    ]
    again = Run(tmp_path, environ)
    assert not again.offer.offer_if_due("linux")


def test_not_now_is_remembered_and_installs_nothing(
    qtbot: Any, tmp_path: Path, environ: dict[str, str]
) -> None:
    run = Run(tmp_path, environ)
    assert run.offer.offer_if_due("linux")
    click(qtbot, run, "Not now")
    assert not (tmp_path / "data").exists()
    assert saved(tmp_path)["desktop_entry_offered"] is True
    assert not Run(tmp_path, environ).offer.offer_if_due("linux")


def test_no_offer_when_the_desktop_already_has_the_entry(
    tmp_path: Path, environ: dict[str, str]
) -> None:
    system_entry = tmp_path / "system" / "applications" / DESKTOP_FILE_NAME
    system_entry.parent.mkdir(parents=True)
    system_entry.write_text("[Desktop Entry]\n", encoding="utf-8")  # e.g. a distro package
    assert not Run(tmp_path, environ).offer.offer_if_due("linux")


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_no_offer_outside_linux(tmp_path: Path, environ: dict[str, str], platform: str) -> None:
    assert not Run(tmp_path, environ).offer.offer_if_due(platform)


def test_a_failed_install_is_reported_and_asked_again(
    qtbot: Any, tmp_path: Path, environ: dict[str, str]
) -> None:
    (tmp_path / "data").write_text("not a directory", encoding="utf-8")  # cannot hold the entry
    run = Run(tmp_path, environ)
    assert run.offer.offer_if_due("linux")
    click(qtbot, run, "Install")
    assert len(run.messages) == 1
    assert run.messages[0].text.startswith("Could not add the menu entry (")
    assert "sessiondock-launcher --install-desktop-entry" in run.messages[0].text
    assert not (tmp_path / "config" / "settings.json").exists()  # nothing remembered
    assert Run(tmp_path, environ).offer.offer_if_due("linux")


def test_the_answer_keeps_what_an_open_settings_window_holds(
    qtbot: Any, tmp_path: Path, environ: dict[str, str]
) -> None:
    run = Run(tmp_path, environ)
    run.settings.theme = "dark"  # changed elsewhere in the meantime, same live object
    assert run.offer.offer_if_due("linux")
    click(qtbot, run, "Not now")
    assert saved(tmp_path)["theme"] == "dark"
    assert Settings.from_json(saved(tmp_path)).desktop_entry_offered
