"""Launch at login: XDG autostart entry, macOS LaunchAgent, or the Windows HKCU Run value (Qt-free).

Each OS gets the command line in its own quoting: the Desktop Entry ``Exec`` rules on Linux, an
argument list (no shell) in the LaunchAgent plist, the C runtime's rules for the Run value.
"""

from __future__ import annotations

import logging
import os
import plistlib
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from sessiondock_launcher.core.fsio import atomic_write

logger = logging.getLogger(__name__)

APP_NAME = "SessionDock Launcher"
DESKTOP_FILE_NAME = "sessiondock-launcher.desktop"
LAUNCH_AGENT_LABEL = "com.sessiondock.launcher"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
# Task Manager's Startup tab disables a Run entry here without deleting it.
STARTUP_APPROVED_KEY = r"Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"
RUN_VALUE_NAME = APP_NAME

_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class RunKeyRegistry(Protocol):
    """The few HKEY_CURRENT_USER operations autostart needs (``subkey`` is under HKCU)."""

    def get_value(self, subkey: str, name: str) -> object | None:
        """The value's data, or None when the key or value does not exist."""
        ...

    def set_string(self, subkey: str, name: str, value: str) -> None:
        """Create the key if needed and write a REG_SZ value."""
        ...

    def delete_value(self, subkey: str, name: str) -> None:
        """Delete the value; no error when it does not exist."""
        ...


class WinregRegistry:
    """:class:`RunKeyRegistry` on the real registry through ``winreg`` (Windows only)."""

    def get_value(self, subkey: str, name: str) -> object | None:
        import winreg  # type: ignore[import-not-found,unused-ignore]

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, subkey) as key:
                return winreg.QueryValueEx(key, name)[0]
        except FileNotFoundError:
            return None

    def set_string(self, subkey: str, name: str, value: str) -> None:
        import winreg  # type: ignore[import-not-found,unused-ignore]

        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, subkey) as key:
            winreg.SetValueEx(key, name, 0, winreg.REG_SZ, value)

    def delete_value(self, subkey: str, name: str) -> None:
        import winreg  # type: ignore[import-not-found,unused-ignore]

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, subkey, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, name)
        except FileNotFoundError:
            pass


def desktop_exec_line(args: Sequence[str]) -> str:
    """Quote ``args`` for a Desktop Entry ``Exec=`` key.

    An argument with a reserved character is double-quoted with ``"`$\\`` backslash-escaped;
    then the string-value escape doubles every backslash, and ``%`` becomes ``%%``.
    """
    quoted = []
    for arg in args:
        if arg and not (_EXEC_RESERVED & set(arg)):
            quoted.append(arg)
            continue
        inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
        quoted.append(f'"{inner}"')
    return " ".join(quoted).replace("\\", "\\\\").replace("%", "%%")


def windows_command_line(args: Sequence[str]) -> str:
    """Quote ``args`` for a Run value: the program always quoted, arguments by C-runtime rules."""
    program, *rest = args
    line = f'"{program}"'  # a path cannot contain '"'; quoting avoids C:\\Program.exe lookups
    return f"{line} {subprocess.list2cmdline(rest)}" if rest else line


def default_launch_command(platform: str = sys.platform) -> list[str]:
    """How this installation starts the launcher: the frozen executable, or Python ``-m``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    python = Path(sys.executable)
    if platform == "win32" and python.with_name("pythonw.exe").exists():
        python = python.with_name("pythonw.exe")  # no console window at login
    return [str(python), "-m", "sessiondock_launcher"]


class Autostart:
    """Turn launching at login on and off for the current user.

    Args:
        platform: ``sys.platform``.
        home: The user's home directory (a temporary one in tests).
        executable: The command that starts the launcher, program first.
        environ: Environment for ``XDG_CONFIG_HOME``; only ``home`` is used when None.
        registry: Windows registry access; the real ``winreg`` when None.
    """

    def __init__(
        self,
        platform: str,
        home: Path,
        executable: Sequence[str],
        environ: Mapping[str, str] | None = None,
        registry: RunKeyRegistry | None = None,
    ) -> None:
        if not executable:
            raise ValueError("executable must name the program to start")
        self.platform = platform
        self.home = home
        self.executable = list(executable)
        self._environ = environ or {}
        self._registry = registry

    @property
    def path(self) -> Path | None:
        """The file that holds the entry (None on Windows, where it is a registry value)."""
        if self.platform == "darwin":
            return self.home / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
        if self.platform == "win32":
            return None
        config = self._environ.get("XDG_CONFIG_HOME", "")
        base = Path(config) if os.path.isabs(config) else self.home / ".config"
        return base / "autostart" / DESKTOP_FILE_NAME

    def enable(self) -> None:
        """Start the launcher at every login from now on."""
        if self.platform == "win32":
            registry = self._windows_registry()
            registry.set_string(RUN_KEY, RUN_VALUE_NAME, windows_command_line(self.executable))
            registry.delete_value(STARTUP_APPROVED_KEY, RUN_VALUE_NAME)
        elif self.platform == "darwin":
            agent = {
                "Label": LAUNCH_AGENT_LABEL,
                "ProgramArguments": self.executable,
                "RunAtLoad": True,
                "ProcessType": "Interactive",
            }
            self._write(plistlib.dumps(agent))
        else:
            entry = "\n".join(
                [
                    "[Desktop Entry]",
                    "Type=Application",
                    f"Name={APP_NAME}",
                    "Comment=Quick search for SessionDock sessions",
                    f"Exec={desktop_exec_line(self.executable)}",
                    "Icon=sessiondock-launcher",
                    "Terminal=false",
                    "X-GNOME-Autostart-enabled=true",
                    "",
                ]
            )
            self._write(entry.encode("utf-8"))
        logger.info("Launch at login enabled (%s)", self.path or RUN_KEY)

    def disable(self) -> None:
        """Stop launching at login; nothing happens when it was not enabled."""
        if self.platform == "win32":
            self._windows_registry().delete_value(RUN_KEY, RUN_VALUE_NAME)
        else:
            path = self.path
            assert path is not None
            path.unlink(missing_ok=True)
        logger.info("Launch at login disabled")

    def is_enabled(self) -> bool:
        """Whether the launcher will start at the next login."""
        if self.platform == "win32":
            registry = self._windows_registry()
            if not registry.get_value(RUN_KEY, RUN_VALUE_NAME):
                return False
            approved = registry.get_value(STARTUP_APPROVED_KEY, RUN_VALUE_NAME)
            # First byte 2 (or no value) = enabled, 3 = disabled in Task Manager.
            return not (isinstance(approved, bytes) and approved[:1] == b"\x03")
        path = self.path
        assert path is not None
        try:
            data = path.read_bytes()
        except OSError:
            return False
        if self.platform == "darwin":
            try:
                agent = plistlib.loads(data)
            except plistlib.InvalidFileException:
                return False
            return bool(agent.get("RunAtLoad")) and not agent.get("Disabled", False)
        lines = {line.strip().lower() for line in data.decode("utf-8", "replace").splitlines()}
        return not ({"hidden=true", "x-gnome-autostart-enabled=false"} & lines)

    def _windows_registry(self) -> RunKeyRegistry:
        if self._registry is None:
            self._registry = WinregRegistry()
        return self._registry

    def _write(self, data: bytes) -> None:
        """Write the entry atomically, so a crash never leaves half a file."""
        path = self.path
        assert path is not None
        atomic_write(path, data, private=False)  # other tools read autostart entries: 0644
