"""Launch at login on each OS, each against a temporary home (and a fake registry on Windows)."""

from __future__ import annotations

import plistlib
from pathlib import Path

import pytest

from sessiondock_launcher.desktop.autostart import (
    RUN_KEY,
    STARTUP_APPROVED_KEY,
    Autostart,
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
    path = tmp_path / ".config" / "autostart" / "sessiondock-launcher.desktop"
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
    assert (config / "autostart" / "sessiondock-launcher.desktop").exists()
    # a relative XDG_CONFIG_HOME is invalid per the spec and ignored
    relative = Autostart("linux", tmp_path / "home", ["sdl"], {"XDG_CONFIG_HOME": "rel"})
    assert relative.path == tmp_path / "home" / ".config" / "autostart" / (
        "sessiondock-launcher.desktop"
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
    assert [p.name for p in autostart.path.parent.iterdir()] == ["sessiondock-launcher.desktop"]


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
