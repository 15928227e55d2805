"""Launch at login on each OS, each against a temporary home (and a fake registry on Windows)."""

from __future__ import annotations

import plistlib
from pathlib import Path
from typing import Any

import pytest

from sessiondock_launcher.desktop.autostart import (
    RUN_KEY,
    STARTUP_APPROVED_KEY,
    Autostart,
    LoginItemStatus,
    default_launch_command,
    desktop_exec_line,
    windows_command_line,
)

SPACED = ["/opt/Session Dock/sessiondock-launcher", "--minimized"]


class FakeRegistry:
    """A dict-backed HKCU."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], object] = {}

    def get_value(self, subkey: str, name: str) -> object | None:
        return self.values.get((subkey, name))

    def set_string(self, subkey: str, name: str, value: str) -> None:
        self.values[(subkey, name)] = value

    def delete_value(self, subkey: str, name: str) -> None:
        self.values.pop((subkey, name), None)


def parse_desktop_exec(value: str) -> list[str]:
    """Undo the Desktop Entry string escape, then split Exec by the spec's quoting rules."""
    unescaped, i = "", 0
    while i < len(value):  # string escape: \\ is one backslash
        if value.startswith("\\\\", i):
            unescaped, i = unescaped + "\\", i + 2
        else:
            unescaped, i = unescaped + value[i], i + 1
    unescaped = unescaped.replace("%%", "%")
    args: list[str] = []
    current: str | None = None
    quoted = False
    i = 0
    while i < len(unescaped):
        char = unescaped[i]
        if quoted and char == "\\":
            assert unescaped[i + 1] in '"`$\\'
            current = (current or "") + unescaped[i + 1]
            i += 2
            continue
        if char == '"':
            quoted = not quoted
            current = current or ""
        elif char == " " and not quoted:
            if current is not None:
                args.append(current)
            current = None
        else:
            current = (current or "") + char
        i += 1
    assert not quoted
    if current is not None:
        args.append(current)
    return args


def exec_value(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(line.removeprefix("Exec=") for line in lines if line.startswith("Exec="))


# Linux ---------------------------------------------------------------------------------------


def test_linux_enable_writes_an_xdg_autostart_entry(tmp_path: Path) -> None:
    autostart = Autostart("linux", tmp_path, SPACED)
    assert not autostart.is_enabled()
    autostart.enable()
    path = tmp_path / ".config" / "autostart" / "com.sessiondock.Launcher.desktop"
    assert autostart.path == path
    text = path.read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\nType=Application\n")
    assert "Name=SessionDock Launcher\n" in text
    assert exec_value(path) == '"/opt/Session Dock/sessiondock-launcher" --minimized'
    assert autostart.is_enabled()
    autostart.enable()  # idempotent
    assert autostart.is_enabled()
    autostart.disable()
    autostart.disable()
    assert not path.exists()
    assert not autostart.is_enabled()


def test_linux_respects_xdg_config_home(tmp_path: Path) -> None:
    config = tmp_path / "cfg"
    autostart = Autostart("linux", tmp_path / "home", ["sdl"], {"XDG_CONFIG_HOME": str(config)})
    autostart.enable()
    assert (config / "autostart" / "com.sessiondock.Launcher.desktop").exists()
    # a relative XDG_CONFIG_HOME is invalid per the spec and ignored
    relative = Autostart("linux", tmp_path / "home", ["sdl"], {"XDG_CONFIG_HOME": "rel"})
    assert relative.path == tmp_path / "home" / ".config" / "autostart" / (
        "com.sessiondock.Launcher.desktop"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["/usr/bin/sessiondock-launcher"],
        ["/opt/Session Dock/bin/launcher", "--toggle"],
        ["/home/me/we$ird `dir`/py", "-m", "sessiondock_launcher"],
        ['/tmp/quo"te/x', "100%", "back\\slash", ""],
    ],
)
def test_desktop_exec_quoting_round_trips(args: list[str]) -> None:
    assert parse_desktop_exec(desktop_exec_line(args)) == args


def test_desktop_exec_escapes_per_spec() -> None:
    # inside quotes: \" then the string escape doubles the backslash; % doubles
    assert desktop_exec_line(['a"b', "50%"]) == '"a\\\\"b" 50%%'


def test_linux_entry_hidden_by_the_user_is_not_enabled(tmp_path: Path) -> None:
    autostart = Autostart("linux", tmp_path, ["sdl"])
    autostart.enable()
    assert autostart.path is not None
    autostart.path.write_text(autostart.path.read_text() + "Hidden=true\n")
    assert not autostart.is_enabled()


def test_linux_write_leaves_no_temp_files(tmp_path: Path) -> None:
    autostart = Autostart("linux", tmp_path, ["sdl"])
    autostart.enable()
    autostart.enable()
    assert autostart.path is not None
    assert [p.name for p in autostart.path.parent.iterdir()] == ["com.sessiondock.Launcher.desktop"]


# macOS ---------------------------------------------------------------------------------------


def test_macos_enable_writes_a_launch_agent(tmp_path: Path) -> None:
    app = ["/Applications/SessionDock Launcher.app/Contents/MacOS/SessionDock Launcher"]
    autostart = Autostart("darwin", tmp_path, app)
    assert not autostart.is_enabled()
    autostart.enable()
    path = tmp_path / "Library" / "LaunchAgents" / "com.sessiondock.launcher.plist"
    assert autostart.path == path
    agent = plistlib.loads(path.read_bytes())
    assert agent["Label"] == "com.sessiondock.launcher"
    assert agent["ProgramArguments"] == app  # an argument list: spaces need no quoting
    assert agent["RunAtLoad"] is True
    assert autostart.is_enabled()
    autostart.disable()
    assert not path.exists()
    assert not autostart.is_enabled()


def test_macos_disabled_or_broken_agent_is_not_enabled(tmp_path: Path) -> None:
    autostart = Autostart("darwin", tmp_path, ["/x"])
    autostart.enable()
    assert autostart.path is not None
    agent = plistlib.loads(autostart.path.read_bytes())
    autostart.path.write_bytes(plistlib.dumps({**agent, "Disabled": True}))
    assert not autostart.is_enabled()
    autostart.path.write_bytes(b"not a plist")
    assert not autostart.is_enabled()


# Windows -------------------------------------------------------------------------------------


def test_windows_enable_writes_the_run_value(tmp_path: Path) -> None:
    registry = FakeRegistry()
    exe = r"C:\Program Files\SessionDock Launcher\SessionDock Launcher.exe"
    autostart = Autostart("win32", tmp_path, [exe, "--minimized"], registry=registry)
    assert autostart.path is None
    assert not autostart.is_enabled()
    autostart.enable()
    assert registry.values == {
        (RUN_KEY, "SessionDock Launcher"): f'"{exe}" --minimized',
    }
    assert autostart.is_enabled()
    autostart.disable()
    autostart.disable()
    assert registry.values == {}
    assert not autostart.is_enabled()
    assert list(tmp_path.iterdir()) == []  # nothing written to the home on Windows


def test_windows_task_manager_disable_is_respected_and_cleared(tmp_path: Path) -> None:
    registry = FakeRegistry()
    autostart = Autostart("win32", tmp_path, [r"C:\sdl.exe"], registry=registry)
    autostart.enable()
    registry.values[(STARTUP_APPROVED_KEY, "SessionDock Launcher")] = b"\x03" + bytes(11)
    assert not autostart.is_enabled()
    autostart.enable()  # the user asks again in our Settings: that wins
    assert (STARTUP_APPROVED_KEY, "SessionDock Launcher") not in registry.values
    assert autostart.is_enabled()
    registry.values[(STARTUP_APPROVED_KEY, "SessionDock Launcher")] = b"\x02" + bytes(11)
    assert autostart.is_enabled()


@pytest.mark.parametrize(
    ("args", "line"),
    [
        ([r"C:\sdl.exe"], r'"C:\sdl.exe"'),
        (
            [r"C:\Program Files\py\pythonw.exe", "-m", "x"],
            r'"C:\Program Files\py\pythonw.exe" -m x',
        ),
        ([r"C:\x.exe", "a b", 'q"uote', "tail\\"], '"C:\\x.exe" "a b" q\\"uote tail\\'),
    ],
)
def test_windows_command_line_quoting(args: list[str], line: str) -> None:
    assert windows_command_line(args) == line


# Shared --------------------------------------------------------------------------------------


def test_an_executable_is_required(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        Autostart("linux", tmp_path, [])


def test_default_launch_command_runs_the_package() -> None:
    command = default_launch_command("linux")
    assert command[1:] == ["-m", "sessiondock_launcher"]


# -- Linux: the app-id entry and the old one ------------------------------------------------------


def test_linux_migrates_the_old_autostart_entry(tmp_path: Path) -> None:
    """Older versions wrote sessiondock-launcher.desktop: it becomes the app-id entry."""
    folder = tmp_path / ".config" / "autostart"
    folder.mkdir(parents=True)
    (folder / "sessiondock-launcher.desktop").write_text(
        "[Desktop Entry]\nType=Application\nExec=/old/sessiondock-launcher\n", encoding="utf-8"
    )
    autostart = Autostart("linux", tmp_path, ["/opt/sd/sessiondock-launcher"])
    assert autostart.is_enabled()  # the old entry still starts it until migrated
    assert autostart.migrate()
    assert sorted(p.name for p in folder.iterdir()) == ["com.sessiondock.Launcher.desktop"]
    text = (folder / "com.sessiondock.Launcher.desktop").read_text(encoding="utf-8")
    assert "Exec=/opt/sd/sessiondock-launcher" in text
    assert autostart.is_enabled()
    assert not autostart.migrate()  # once


def test_linux_migration_keeps_a_disabled_old_entry_disabled(tmp_path: Path) -> None:
    folder = tmp_path / ".config" / "autostart"
    folder.mkdir(parents=True)
    (folder / "sessiondock-launcher.desktop").write_text(
        "[Desktop Entry]\nExec=x\nHidden=true\n", encoding="utf-8"
    )
    autostart = Autostart("linux", tmp_path, ["/x"])
    assert not autostart.is_enabled()
    assert autostart.migrate()
    assert list(folder.iterdir()) == []
    assert not autostart.is_enabled()


def test_linux_disable_removes_the_old_entry_too(tmp_path: Path) -> None:
    folder = tmp_path / ".config" / "autostart"
    folder.mkdir(parents=True)
    (folder / "sessiondock-launcher.desktop").write_text("[Desktop Entry]\nExec=x\n", "utf-8")
    autostart = Autostart("linux", tmp_path, ["/x"])
    autostart.disable()
    assert list(folder.iterdir()) == []
    assert not autostart.is_enabled()


# -- macOS 13+: SMAppService -----------------------------------------------------------------------


class FakeSMAppService:
    """``SMAppService.mainAppService`` as documented (ServiceManagement, macOS 13+).

    - The class does not exist before macOS 13 (``NSClassFromString`` is nil): the factory
      returns None there.
    - ``status`` is ``.notFound`` when the process is not an app bundle launchd can find.
    - ``register()`` makes it ``.enabled``, or ``.requiresApproval`` when the user switched the
      app off in System Settings → Login Items; ``unregister()`` makes it ``.notRegistered``.
    - The user can switch it off in System Settings at any time (``user_switches_off``).
    """

    def __init__(self, bundled: bool = True, user_allows: bool = True) -> None:
        self.bundled = bundled
        self.user_allows = user_allows
        self.state = LoginItemStatus.NOT_REGISTERED if bundled else LoginItemStatus.NOT_FOUND
        self.calls: list[str] = []

    def status(self) -> int:
        return int(self.state)

    def register(self) -> None:
        self.calls.append("register")
        if not self.bundled:
            raise OSError("SMAppService refused: Invalid argument")  # no bundle to register
        approved = self.user_allows
        self.state = LoginItemStatus.ENABLED if approved else LoginItemStatus.REQUIRES_APPROVAL

    def unregister(self) -> None:
        self.calls.append("unregister")
        self.state = LoginItemStatus.NOT_REGISTERED

    def user_switches_off(self) -> None:
        self.state = LoginItemStatus.REQUIRES_APPROVAL


def service_factory(service: FakeSMAppService | None, macos: tuple[int, int]) -> Any:
    return lambda: service if macos >= (13, 0) else None


def test_macos_13_registers_a_login_item_instead_of_a_launch_agent(tmp_path: Path) -> None:
    service = FakeSMAppService()
    autostart = Autostart("darwin", tmp_path, ["/x"], login_items=service_factory(service, (14, 1)))
    assert not autostart.is_enabled()
    autostart.enable()
    assert service.calls == ["register"]
    assert autostart.is_enabled()
    assert not (tmp_path / "Library" / "LaunchAgents").exists()
    autostart.disable()
    assert service.calls == ["register", "unregister"]
    assert not autostart.is_enabled()


def test_the_checkbox_state_follows_system_settings(tmp_path: Path) -> None:
    """The saved wish says on; the user switched it off in System Settings: we say off."""
    service = FakeSMAppService()
    autostart = Autostart("darwin", tmp_path, ["/x"], login_items=service_factory(service, (14, 1)))
    autostart.enable()
    service.user_switches_off()
    assert not autostart.is_enabled()
    assert autostart.requires_approval()


def test_macos_12_uses_the_launch_agent(tmp_path: Path) -> None:
    service = FakeSMAppService()
    autostart = Autostart("darwin", tmp_path, ["/x"], login_items=service_factory(service, (12, 7)))
    autostart.enable()
    assert service.calls == []
    assert (tmp_path / "Library" / "LaunchAgents" / "com.sessiondock.launcher.plist").exists()
    assert autostart.is_enabled()


def test_unbundled_runs_use_the_launch_agent(tmp_path: Path) -> None:
    service = FakeSMAppService(bundled=False)
    autostart = Autostart("darwin", tmp_path, ["/x"], login_items=service_factory(service, (14, 1)))
    autostart.enable()
    assert service.calls == []
    assert autostart.is_enabled()


def test_a_launch_agent_moves_to_the_login_item(tmp_path: Path) -> None:
    old = Autostart("darwin", tmp_path, ["/x"], login_items=lambda: None)
    old.enable()
    service = FakeSMAppService()
    autostart = Autostart("darwin", tmp_path, ["/x"], login_items=service_factory(service, (14, 1)))
    assert autostart.migrate()
    assert service.state == LoginItemStatus.ENABLED
    assert not (tmp_path / "Library" / "LaunchAgents" / "com.sessiondock.launcher.plist").exists()
    assert autostart.is_enabled()
