"""``--install-desktop-entry``: the menu entry and icons in a temporary XDG_DATA_HOME."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest

from sessiondock_launcher.desktop.desktop_entry import (
    data_home,
    entry_text,
    install_desktop_entry,
    is_installed,
    main,
    uninstall_desktop_entry,
)
from sessiondock_launcher.resources import resources_dir

COMMAND = ["/opt/Sound Tools/python3", "-m", "sessiondock_launcher"]


def files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def read_entry(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


def test_installs_entry_and_hicolor_icons_into_xdg_data_home(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "xdg-data"
    env = {"XDG_DATA_HOME": str(data), "XDG_DATA_DIRS": str(tmp_path / "none")}
    assert not is_installed(env, tmp_path)
    assert main([], environ=env, home=tmp_path, command=COMMAND) == 0
    assert "installed" in capsys.readouterr().out
    assert is_installed(env, tmp_path)
    installed = files_under(data)
    assert "applications/com.sessiondock.Launcher.desktop" in installed
    for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):
        assert f"icons/hicolor/{size}x{size}/apps/sessiondock-launcher.png" in installed
    assert "icons/hicolor/scalable/apps/sessiondock-launcher.svg" in installed
    assert "icons/hicolor/symbolic/apps/sessiondock-launcher-symbolic.svg" in installed
    entry = read_entry(data / "applications/com.sessiondock.Launcher.desktop")
    main_entry = entry["Desktop Entry"]
    assert main_entry["Exec"] == '"/opt/Sound Tools/python3" -m sessiondock_launcher'
    assert main_entry["TryExec"] == '"/opt/Sound Tools/python3"'
    assert main_entry["Icon"] == "sessiondock-launcher"
    assert entry["Desktop Action toggle"]["Exec"].endswith("sessiondock_launcher --toggle")
    assert entry["Desktop Action demo"]["Exec"].endswith("sessiondock_launcher --demo")


def test_installing_twice_changes_nothing(tmp_path: Path) -> None:
    first = install_desktop_entry(tmp_path, COMMAND)
    assert first
    before = {p: p.stat().st_mtime_ns for p in first}
    assert install_desktop_entry(tmp_path, COMMAND) == []
    assert {p: p.stat().st_mtime_ns for p in first} == before


def test_a_moved_installation_rewrites_only_the_entry(tmp_path: Path) -> None:
    install_desktop_entry(tmp_path, COMMAND)
    changed = install_desktop_entry(tmp_path, ["/usr/bin/sessiondock-launcher"])
    assert changed == [tmp_path / "applications/com.sessiondock.Launcher.desktop"]


def test_the_old_entry_is_replaced(tmp_path: Path) -> None:
    old = tmp_path / "applications" / "sessiondock-launcher.desktop"
    old.parent.mkdir(parents=True)
    old.write_text("[Desktop Entry]\nExec=sessiondock-launcher\n", encoding="utf-8")
    install_desktop_entry(tmp_path, COMMAND)
    assert not old.exists()


def test_uninstall_removes_exactly_what_install_wrote(tmp_path: Path) -> None:
    mine = tmp_path / "icons" / "hicolor" / "48x48" / "apps" / "other-app.png"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"not ours")
    install_desktop_entry(tmp_path, COMMAND)
    removed = uninstall_desktop_entry(tmp_path)
    assert len(removed) == len(files_under(resources_dir() / "generated" / "hicolor")) + 2
    assert files_under(tmp_path) == ["icons/hicolor/48x48/apps/other-app.png"]
    assert uninstall_desktop_entry(tmp_path) == []
    env = {"XDG_DATA_HOME": str(tmp_path)}
    assert main(["--uninstall"], environ=env, home=tmp_path) == 0


def test_unwritable_target_fails_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main([], environ={"XDG_DATA_HOME": str(blocker)}, home=tmp_path, command=COMMAND) == 1
    assert "cannot install the menu entry" in capsys.readouterr().err


def test_data_home_follows_the_xdg_rules(tmp_path: Path) -> None:
    assert data_home({}, tmp_path) == tmp_path / ".local/share"
    assert data_home({"XDG_DATA_HOME": "relative/dir"}, tmp_path) == tmp_path / ".local/share"
    assert data_home({"XDG_DATA_HOME": "/x/y"}, tmp_path) == Path("/x/y")


def test_entry_text_keeps_everything_but_exec() -> None:
    template = "[Desktop Entry]\nName=A\nExec=old\nTryExec=old\n\n[Desktop Action toggle]\nExec=x"
    text = entry_text(template, ["/bin/sd"])
    assert text == (
        "[Desktop Entry]\nName=A\nExec=/bin/sd\nTryExec=/bin/sd\n\n"
        "[Desktop Action toggle]\nExec=/bin/sd --toggle\n"
    )
