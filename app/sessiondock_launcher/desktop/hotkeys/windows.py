"""Windows global hotkey: ``RegisterHotKey`` via ctypes and a native event filter for WM_HOTKEY.

The hotkey is registered with ``hWnd=NULL``, so it belongs to the registering (GUI) thread and
arrives as a thread message that Qt hands to native event filters as ``windows_generic_MSG``.
The Win32 calls go through :class:`WindowsHotkeyApi` so tests can pass a fake; the real
:class:`User32HotkeyApi` loads user32 only when first used.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray, QCoreApplication, QObject

from sessiondock_launcher.desktop.hotkeys.base import (
    HotkeyBackend,
    HotkeyConflict,
    HotkeyUnavailable,
)
from sessiondock_launcher.desktop.hotkeys.chord import Chord, Modifier

logger = logging.getLogger(__name__)

WM_HOTKEY = 0x0312
MOD_ALT, MOD_CONTROL, MOD_SHIFT, MOD_WIN, MOD_NOREPEAT = 0x1, 0x2, 0x4, 0x8, 0x4000
ERROR_HOTKEY_ALREADY_REGISTERED = 1409
HOTKEY_ID = 0x5D01  # application ids are 0x0000–0xBFFF
NATIVE_EVENT_TYPES = (b"windows_generic_MSG", b"windows_dispatcher_MSG")

MODIFIER_FLAGS = {
    Modifier.CTRL: MOD_CONTROL,
    Modifier.ALT: MOD_ALT,
    Modifier.SHIFT: MOD_SHIFT,
    Modifier.META: MOD_WIN,
}
VIRTUAL_KEYS = {
    "Space": 0x20,
    "Return": 0x0D,
    "Tab": 0x09,
    "Escape": 0x1B,
    "Backspace": 0x08,
    "Delete": 0x2E,
    "Insert": 0x2D,
    "Home": 0x24,
    "End": 0x23,
    "PageUp": 0x21,
    "PageDown": 0x22,
    "Left": 0x25,
    "Up": 0x26,
    "Right": 0x27,
    "Down": 0x28,
    **{f"F{n}": 0x70 + n - 1 for n in range(1, 25)},
    **{chr(c): c for c in range(ord("A"), ord("Z") + 1)},
    **{str(d): ord(str(d)) for d in range(10)},
}


class _POINT(ctypes.Structure):
    _fields_ = (("x", ctypes.c_int32), ("y", ctypes.c_int32))


class MSG(ctypes.Structure):
    """Win32 ``MSG`` with fixed-width fields, so its layout is Windows' on any host."""

    _fields_ = (
        ("hwnd", ctypes.c_void_p),
        ("message", ctypes.c_uint32),
        ("wParam", ctypes.c_size_t),  # WPARAM: pointer-sized unsigned
        ("lParam", ctypes.c_ssize_t),  # LPARAM: pointer-sized signed
        ("time", ctypes.c_uint32),
        ("pt", _POINT),
        ("lPrivate", ctypes.c_uint32),
    )


def read_msg(address: int) -> tuple[int, int]:
    """Return ``(message, wParam)`` of the ``MSG`` at ``address`` (what Qt passes the filter)."""
    msg = MSG.from_address(address)
    return msg.message, msg.wParam


def hotkey_flags(chord: Chord) -> tuple[int, int]:
    """``(modifiers, virtual key)`` for ``RegisterHotKey``; MOD_NOREPEAT stops auto-repeat."""
    modifiers = MOD_NOREPEAT
    for modifier in chord.modifiers:
        modifiers |= MODIFIER_FLAGS[modifier]
    return modifiers, VIRTUAL_KEYS[chord.key]


class WindowsHotkeyApi(Protocol):
    """The three Win32 calls the backend needs."""

    def register_hot_key(self, hotkey_id: int, modifiers: int, virtual_key: int) -> bool:
        """``RegisterHotKey(NULL, hotkey_id, modifiers, virtual_key)``."""
        ...

    def unregister_hot_key(self, hotkey_id: int) -> bool:
        """``UnregisterHotKey(NULL, hotkey_id)``."""
        ...

    def get_last_error(self) -> int:
        """The thread's last Win32 error code."""
        ...


class User32HotkeyApi:
    """:class:`WindowsHotkeyApi` on the real user32.dll (loaded on first use, Windows only)."""

    def __init__(self) -> None:
        self._user32: ctypes.CDLL | None = None

    def _lib(self) -> ctypes.CDLL:
        if self._user32 is None:
            if sys.platform != "win32":
                raise HotkeyUnavailable("RegisterHotKey exists only on Windows.")
            user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined]
            user32.RegisterHotKey.argtypes = (
                ctypes.c_void_p,
                ctypes.c_int,
                ctypes.c_uint,
                ctypes.c_uint,
            )
            user32.RegisterHotKey.restype = ctypes.c_int
            user32.UnregisterHotKey.argtypes = (ctypes.c_void_p, ctypes.c_int)
            user32.UnregisterHotKey.restype = ctypes.c_int
            self._user32 = user32
        return self._user32

    def register_hot_key(self, hotkey_id: int, modifiers: int, virtual_key: int) -> bool:
        return bool(self._lib().RegisterHotKey(None, hotkey_id, modifiers, virtual_key))

    def unregister_hot_key(self, hotkey_id: int) -> bool:
        return bool(self._lib().UnregisterHotKey(None, hotkey_id))

    def get_last_error(self) -> int:
        return ctypes.get_last_error()  # type: ignore[attr-defined]


class HotkeyMessageFilter(QAbstractNativeEventFilter):
    """Native event filter that reports WM_HOTKEY for one hotkey id to a callback."""

    def __init__(self, hotkey_id: int, on_hotkey: Callable[[], object]) -> None:
        super().__init__()
        self.hotkey_id = hotkey_id
        self._on_hotkey = on_hotkey

    def nativeEventFilter(self, eventType: QByteArray | bytes, message: object) -> tuple[bool, int]:
        kind = eventType.data() if isinstance(eventType, QByteArray) else bytes(eventType)
        if kind not in NATIVE_EVENT_TYPES:
            return False, 0
        msg, wparam = read_msg(int(message))  # type: ignore[call-overload]  # shiboken6.VoidPtr
        if msg != WM_HOTKEY or wparam != self.hotkey_id:
            return False, 0
        self._on_hotkey()
        return True, 0


class WindowsBackend(HotkeyBackend):
    """Global hotkey through ``RegisterHotKey`` on the Qt main thread."""

    name = "windows"

    def __init__(
        self,
        api: WindowsHotkeyApi | None = None,
        hotkey_id: int = HOTKEY_ID,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._api = api if api is not None else User32HotkeyApi()
        self._hotkey_id = hotkey_id
        # Qt keeps only a pointer: the Python reference must outlive the installation.
        self._filter = HotkeyMessageFilter(hotkey_id, self.activated.emit)
        self._filter_installed = False

    def _register(self, chord: Chord) -> None:
        modifiers, virtual_key = hotkey_flags(chord)
        if not self._api.register_hot_key(self._hotkey_id, modifiers, virtual_key):
            code = self._api.get_last_error()
            if code == ERROR_HOTKEY_ALREADY_REGISTERED:
                raise HotkeyConflict(chord)
            raise HotkeyUnavailable(f"Windows refused the shortcut {chord} (error {code}).")
        self._install_filter()

    def _unregister(self, chord: Chord) -> None:
        if not self._api.unregister_hot_key(self._hotkey_id):
            logger.warning("UnregisterHotKey failed (error %s)", self._api.get_last_error())
        self._remove_filter()

    def _install_filter(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and not self._filter_installed:
            app.installNativeEventFilter(self._filter)
            self._filter_installed = True

    def _remove_filter(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and self._filter_installed:
            app.removeNativeEventFilter(self._filter)
        self._filter_installed = False
