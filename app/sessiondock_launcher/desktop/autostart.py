"""Launch at login: XDG autostart entry, macOS login item, or the Windows HKCU Run value (Qt-free).

Each OS gets the command line in its own quoting: the Desktop Entry ``Exec`` rules on Linux, an
argument list (no shell) in the LaunchAgent plist, the C runtime's rules for the Run value.

macOS 13+ has ``SMAppService.mainAppService``: the app registers itself as a login item the user
sees (and can switch off) in System Settings → General → Login Items. It works for an app bundle
only, so a ``python -m`` run, or macOS 12, keeps using a LaunchAgent. :meth:`Autostart.is_enabled`
asks the system each time (the user may have switched it off there): the Settings checkbox shows
that, not what was last saved.

Linux: the entry is named after the app id (``com.sessiondock.Launcher.desktop``); the
``sessiondock-launcher.desktop`` of older versions is migrated by :meth:`Autostart.migrate`.
"""

from __future__ import annotations

import logging
import plistlib
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from enum import IntEnum
from pathlib import Path
from typing import Any, Protocol

from sessiondock_launcher.core.fsio import atomic_write
from sessiondock_launcher.desktop.app_id import (
    DESKTOP_FILE_NAME,
    ICON_NAME,
    LEGACY_DESKTOP_FILE_NAME,
)

logger = logging.getLogger(__name__)

__all__ = ["DESKTOP_FILE_NAME", "Autostart", "LoginItemService", "LoginItemStatus"]

APP_NAME = "SessionDock Launcher"
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


class LoginItemStatus(IntEnum):
    """``SMAppService.Status`` (ServiceManagement/SMAppService.h)."""

    NOT_REGISTERED = 0
    ENABLED = 1
    REQUIRES_APPROVAL = 2
    NOT_FOUND = 3


class LoginItemService(Protocol):
    """``SMAppService.mainAppService`` (macOS 13+): the app itself as a login item."""

    def status(self) -> int:
        """A :class:`LoginItemStatus` value."""
        ...

    def register(self) -> None:
        """``register()``; raises OSError with the system's reason when refused."""
        ...

    def unregister(self) -> None:
        """``unregister()``; raises OSError with the system's reason when refused."""
        ...


def main_app_login_item() -> LoginItemService | None:
    """The real ``SMAppService.mainAppService``; None where it does not exist (macOS < 13) or
    cannot work: it registers the main *app bundle*, which a ``python -m`` run does not have."""
    in_bundle = getattr(sys, "frozen", False) and ".app/Contents/MacOS/" in sys.executable
    if sys.platform != "darwin" or not in_bundle:
        return None
    from sessiondock_launcher.desktop.macos_native import ServiceManagementLoginItem

    return ServiceManagementLoginItem.main_app()


def _winreg() -> Any:
    """The ``winreg`` module (Windows only; typeshed declares its names for win32 alone)."""
    import winreg  # type: ignore[import-not-found,unused-ignore]

    return winreg


class WinregRegistry:
    """:class:`RunKeyRegistry` on the real registry through ``winreg`` (Windows only)."""

    def get_value(self, subkey: str, name: str) -> object | None:
        winreg = _winreg()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, subkey) as key:
                value: object = winreg.QueryValueEx(key, name)[0]
                return value
        except FileNotFoundError:
            return None

    def set_string(self, subkey: str, name: str, value: str) -> None:
        winreg = _winreg()
        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, subkey) as key:
            winreg.SetValueEx(key, name, 0, winreg.REG_SZ, value)

    def delete_value(self, subkey: str, name: str) -> None:
        winreg = _winreg()
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


def _desktop_entry_enabled(data: bytes) -> bool:
    lines = {line.strip().lower() for line in data.decode("utf-8", "replace").splitlines()}
    return not ({"hidden=true", "x-gnome-autostart-enabled=false"} & lines)


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
        login_items: Factory of the macOS login-item service (None where it does not exist);
            the real ``SMAppService`` lookup when None.
    """

    def __init__(
        self,
        platform: str,
        home: Path,
        executable: Sequence[str],
        environ: Mapping[str, str] | None = None,
        *,
        registry: RunKeyRegistry | None = None,
        login_items: Callable[[], LoginItemService | None] = main_app_login_item,
    ) -> None:
        if not executable:
            raise ValueError("executable must name the program to start")
        self.platform = platform
        self.home = home
        self.executable = list(executable)
        self._environ = environ or {}
        self._registry = registry
        self._login_items_factory = login_items
        self._login_items: LoginItemService | None = None
        self._login_items_checked = False

    def login_item(self) -> LoginItemService | None:
        """``SMAppService`` when it exists and knows this app (a bundle); None: LaunchAgent."""
        if self.platform != "darwin":
            return None
        if not self._login_items_checked:
            self._login_items_checked = True
            try:
                service = self._login_items_factory()
                if service is not None and service.status() == LoginItemStatus.NOT_FOUND:
                    service = None  # not an app bundle (python -m): launchd cannot find us
            except OSError as exc:
                logger.info("SMAppService unavailable (%s); using a LaunchAgent", exc)
                service = None
            self._login_items = service
        return self._login_items

    @property
    def legacy_path(self) -> Path | None:
        """The autostart entry older versions wrote on Linux (None elsewhere)."""
        path = self.path
        if path is None or self.platform == "darwin":
            return None
        return path.with_name(LEGACY_DESKTOP_FILE_NAME)

    @property
    def path(self) -> Path | None:
        """The file that holds the entry (None on Windows, where it is a registry value)."""
        if self.platform == "darwin":
            return self.home / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
        if self.platform == "win32":
            return None
        config = self._environ.get("XDG_CONFIG_HOME", "")
        base = Path(config) if config and Path(config).is_absolute() else self.home / ".config"
        return base / "autostart" / DESKTOP_FILE_NAME

    def enable(self) -> None:
        """Start the launcher at every login from now on."""
        if self.platform == "win32":
            registry = self._windows_registry()
            registry.set_string(RUN_KEY, RUN_VALUE_NAME, windows_command_line(self.executable))
            registry.delete_value(STARTUP_APPROVED_KEY, RUN_VALUE_NAME)
        elif (service := self.login_item()) is not None:
            service.register()
            self._remove_launch_agent()  # one mechanism only, or the app starts twice
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
                    f"Icon={ICON_NAME}",
                    "Terminal=false",
                    "X-GNOME-Autostart-enabled=true",
                    "",
                ]
            )
            self._write(entry.encode("utf-8"))
            self._remove_legacy()
        logger.info("Launch at login enabled (%s)", self.path or RUN_KEY)

    def disable(self) -> None:
        """Stop launching at login; nothing happens when it was not enabled."""
        if self.platform == "win32":
            self._windows_registry().delete_value(RUN_KEY, RUN_VALUE_NAME)
        else:
            service = self.login_item()
            if service is not None and service.status() != LoginItemStatus.NOT_REGISTERED:
                service.unregister()
            path = self.path
            assert path is not None
            path.unlink(missing_ok=True)
            self._remove_legacy()
        logger.info("Launch at login disabled")

    def requires_approval(self) -> bool:
        """macOS: registered, but switched off in System Settings → Login Items."""
        service = self.login_item()
        return service is not None and service.status() == LoginItemStatus.REQUIRES_APPROVAL

    def migrate(self) -> bool:
        """Move an entry of an older version to the current mechanism; True when one was moved.

        Linux: ``sessiondock-launcher.desktop`` becomes ``com.sessiondock.Launcher.desktop`` (if
        it was enabled). macOS 13+ from a bundle: a LaunchAgent becomes an ``SMAppService``
        login item.
        """
        legacy = self.legacy_path
        if legacy is not None and legacy.exists():
            was_enabled = _desktop_entry_enabled(legacy.read_bytes())
            legacy.unlink()
            if was_enabled:
                self.enable()
            logger.info("Migrated the autostart entry %s (enabled: %s)", legacy.name, was_enabled)
            return True
        if self.login_item() is not None and self._launch_agent_enabled():
            self.enable()
            return True
        return False

    def is_enabled(self) -> bool:
        """Whether the launcher will start at the next login (asks the system, every time)."""
        service = self.login_item()
        if service is not None:
            return service.status() == LoginItemStatus.ENABLED or self._launch_agent_enabled()
        if self.platform == "win32":
            registry = self._windows_registry()
            if not registry.get_value(RUN_KEY, RUN_VALUE_NAME):
                return False
            approved = registry.get_value(STARTUP_APPROVED_KEY, RUN_VALUE_NAME)
            # First byte 2 (or no value) = enabled, 3 = disabled in Task Manager.
            return not (isinstance(approved, bytes) and approved[:1] == b"\x03")
        if self.platform == "darwin":
            return self._launch_agent_enabled()
        for path in (self.path, self.legacy_path):
            assert path is not None
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if _desktop_entry_enabled(data):
                return True
        return False

    def _launch_agent_enabled(self) -> bool:
        path = self.home / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
        try:
            agent = plistlib.loads(path.read_bytes())
        except (OSError, plistlib.InvalidFileException):
            return False
        return bool(agent.get("RunAtLoad")) and not agent.get("Disabled", False)

    def _remove_launch_agent(self) -> None:
        path = self.home / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
        path.unlink(missing_ok=True)

    def _remove_legacy(self) -> None:
        legacy = self.legacy_path
        if legacy is not None:
            legacy.unlink(missing_ok=True)

    def _windows_registry(self) -> RunKeyRegistry:
        if self._registry is None:
            self._registry = WinregRegistry()
        return self._registry

    def _write(self, data: bytes) -> None:
        """Write the entry atomically, so a crash never leaves half a file."""
        path = self.path
        assert path is not None
        atomic_write(path, data, private=False)  # other tools read autostart entries: 0644
