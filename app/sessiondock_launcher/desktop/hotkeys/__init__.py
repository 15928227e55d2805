"""Global hotkey backends behind one interface, and the choice of backend for this system.

Windows: ``RegisterHotKey``; macOS: Carbon ``RegisterEventHotKey``; X11: ``XGrabKey``; Wayland:
the GlobalShortcuts portal. Everywhere, ``sessiondock-launcher --toggle`` bound in the desktop's
own keyboard settings works too (:data:`TOGGLE_COMMAND_HELP`).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping

from PySide6.QtCore import QObject

from sessiondock_launcher.desktop.hotkeys.base import (
    TOGGLE_COMMAND,
    HotkeyBackend,
    HotkeyConflict,
    HotkeyError,
    HotkeyUnavailable,
    NullBackend,
)
from sessiondock_launcher.desktop.hotkeys.chord import (
    DEFAULT_CHORD,
    Chord,
    InvalidChord,
    Modifier,
    is_reserved,
    parse_chord,
    reserved_reason,
)
from sessiondock_launcher.desktop.hotkeys.portal import PortalBus
from sessiondock_launcher.desktop.hotkeys.toggle_help import (
    TOGGLE_COMMAND_HELP,
    toggle_command_help,
)

__all__ = [
    "DEFAULT_CHORD",
    "TOGGLE_COMMAND",
    "TOGGLE_COMMAND_HELP",
    "Chord",
    "HotkeyBackend",
    "HotkeyConflict",
    "HotkeyError",
    "HotkeyUnavailable",
    "InvalidChord",
    "Modifier",
    "NullBackend",
    "create_backend",
    "is_reserved",
    "parse_chord",
    "reserved_reason",
    "toggle_command_help",
]

logger = logging.getLogger(__name__)


def is_wayland_session(environ: Mapping[str, str]) -> bool:
    """True on a Wayland desktop session (whatever platform Qt itself uses)."""
    return environ.get("XDG_SESSION_TYPE") == "wayland" or bool(environ.get("WAYLAND_DISPLAY"))


def create_backend(
    platform: str = sys.platform,
    qt_platform_name: str = "",
    environ: Mapping[str, str] = os.environ,
    parent: QObject | None = None,
) -> HotkeyBackend:
    """Choose the hotkey backend for this system.

    Args:
        platform: ``sys.platform``.
        qt_platform_name: ``QGuiApplication.platformName()`` (``"xcb"``, ``"wayland"``, …).
        environ: The process environment (``DISPLAY``, ``WAYLAND_DISPLAY``, …).
        parent: Qt parent of the backend.

    On a Wayland session the portal is used even when Qt runs on XWayland (``xcb``): X11 grabs
    there only fire while an X11 window has focus (docs/pitfalls.md §11). Where nothing can work, a
    :class:`NullBackend` explains how to bind ``--toggle``.
    """
    if platform == "win32":
        from sessiondock_launcher.desktop.hotkeys.windows import WindowsBackend

        return WindowsBackend(parent=parent)
    if platform == "darwin":
        from sessiondock_launcher.desktop.hotkeys.macos import MacBackend

        return MacBackend(parent=parent)
    if qt_platform_name in ("offscreen", "minimal", "vnc"):
        return NullBackend(f"Qt runs without a desktop ({qt_platform_name}).", parent)
    if qt_platform_name == "wayland" or (is_wayland_session(environ) and qt_platform_name == "xcb"):
        from sessiondock_launcher.desktop.hotkeys.portal import PortalBackend

        address = environ.get("DBUS_SESSION_BUS_ADDRESS", "")
        return PortalBackend(lambda: _session_bus(address), parent=parent)
    if qt_platform_name == "xcb" and environ.get("DISPLAY"):
        from sessiondock_launcher.desktop.hotkeys.x11 import X11Backend

        return X11Backend(environ["DISPLAY"], parent=parent)
    return NullBackend("This desktop offers applications no global hotkey.", parent)


def _session_bus(address: str) -> PortalBus:
    if not address:
        raise OSError("DBUS_SESSION_BUS_ADDRESS is not set")
    from sessiondock_launcher.desktop.hotkeys.portal_bus import SessionBusConnection

    return SessionBusConnection(address)
