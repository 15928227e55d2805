"""Windows global hotkey: ``RegisterHotKey`` on a message-only window with its own window procedure.

A hotkey registered with ``hWnd=NULL`` arrives as a *thread* message (``MSG.hwnd == NULL``). A
modal loop (a dialog, a menu, a window being dragged) runs its own ``GetMessage``/
``DispatchMessage`` and ``DispatchMessage`` cannot deliver a message without a window: such
messages are lost (PostThreadMessage documentation). So the hotkey is registered on a
message-only window (parent ``HWND_MESSAGE``) created on the GUI thread: ``WM_HOTKEY`` is then a
window message that every loop, Qt's or a modal one, dispatches to our window procedure.
The Win32 calls go through :class:`WindowsHotkeyApi` so tests can pass a fake; the real
:class:`User32HotkeyApi` loads user32 only when first used.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject

from sessiondock_launcher.desktop.hotkeys.base import (
    HotkeyBackend,
    HotkeyConflict,
    HotkeyUnavailable,
)
from sessiondock_launcher.desktop.hotkeys.chord import Chord, Modifier, format_chord

logger = logging.getLogger(__name__)

WM_HOTKEY = 0x0312
MOD_ALT, MOD_CONTROL, MOD_SHIFT, MOD_WIN, MOD_NOREPEAT = 0x1, 0x2, 0x4, 0x8, 0x4000
ERROR_HOTKEY_ALREADY_REGISTERED = 1409
HOTKEY_ID = 0x5D01  # application ids are 0x0000–0xBFFF
HWND_MESSAGE = -3  # parent of message-only windows (WinUser.h: ((HWND)-3))
ERROR_CLASS_ALREADY_EXISTS = 1410
WINDOW_CLASS_NAME = "SessionDockLauncherHotkey"

WindowProc = Callable[[int, int, int], bool]
"""``(message, wParam, lParam) -> handled`` run by the message-only window's procedure."""

MODIFIER_FLAGS = {
    Modifier.CONTROL: MOD_CONTROL,
    Modifier.ALT: MOD_ALT,
    Modifier.SHIFT: MOD_SHIFT,
    Modifier.SUPER: MOD_WIN,
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


def hotkey_flags(chord: Chord) -> tuple[int, int]:
    """``(modifiers, virtual key)`` for ``RegisterHotKey``; MOD_NOREPEAT stops auto-repeat."""
    modifiers = MOD_NOREPEAT
    for modifier in chord.modifiers:
        modifiers |= MODIFIER_FLAGS[modifier]
    return modifiers, VIRTUAL_KEYS[chord.key]


class WindowsHotkeyApi(Protocol):
    """The Win32 calls the backend needs."""

    def create_message_window(self, window_proc: WindowProc) -> int:
        """``CreateWindowExW`` with parent ``HWND_MESSAGE``; return the HWND, 0 on failure."""
        ...

    def destroy_window(self, hwnd: int) -> bool:
        """``DestroyWindow(hwnd)``."""
        ...

    def register_hot_key(self, hwnd: int, hotkey_id: int, modifiers: int, virtual_key: int) -> bool:
        """``RegisterHotKey(hwnd, hotkey_id, modifiers, virtual_key)``."""
        ...

    def unregister_hot_key(self, hwnd: int, hotkey_id: int) -> bool:
        """``UnregisterHotKey(hwnd, hotkey_id)``."""
        ...

    def get_last_error(self) -> int:
        """The thread's last Win32 error code."""
        ...


class User32HotkeyApi:
    """:class:`WindowsHotkeyApi` on the real user32.dll (loaded on first use, Windows only)."""

    def __init__(self) -> None:
        self._user32: Any = None
        self._kernel32: Any = None
        self._procs: dict[int, object] = {}  # hwnd -> WNDPROC object, alive while the window is

    def _lib(self) -> Any:
        if self._user32 is None:
            if sys.platform != "win32":
                raise HotkeyUnavailable("RegisterHotKey exists only on Windows.")
            user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
            _declare(user32)
            kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
            self._kernel32 = kernel32
            self._kernel32.GetModuleHandleW.argtypes = (ctypes.c_wchar_p,)
            self._kernel32.GetModuleHandleW.restype = ctypes.c_void_p
            self._user32 = user32
        return self._user32

    def create_message_window(self, window_proc: WindowProc) -> int:
        user32 = self._lib()
        instance = self._kernel32.GetModuleHandleW(None)

        def wnd_proc(hwnd: int, message: int, wparam: int, lparam: int) -> int:
            try:
                if window_proc(message, wparam, lparam):
                    return 0
            except Exception:  # an exception must not unwind into user32
                logger.exception("Hotkey window procedure failed")
            return int(user32.DefWindowProcW(hwnd, message, wparam, lparam))

        proc = _WNDPROC_TYPE()(wnd_proc)
        wc = _wndclass_type()()
        wc.cbSize = ctypes.sizeof(wc)
        wc.lpfnWndProc = ctypes.cast(proc, ctypes.c_void_p)
        wc.hInstance = instance
        wc.lpszClassName = f"{WINDOW_CLASS_NAME}{id(proc):x}"  # one class per window procedure
        registered = user32.RegisterClassExW(ctypes.byref(wc))
        error = 0 if registered else ctypes.get_last_error()  # type: ignore[attr-defined]
        if not registered and error != ERROR_CLASS_ALREADY_EXISTS:
            return 0
        hwnd = user32.CreateWindowExW(
            *(0, wc.lpszClassName, "SessionDock Launcher hotkey", 0, 0, 0, 0, 0),
            *(ctypes.c_void_p(HWND_MESSAGE), None, instance, None),
        )
        if not hwnd:
            return 0
        self._procs[int(hwnd)] = proc
        return int(hwnd)

    def destroy_window(self, hwnd: int) -> bool:
        ok = bool(self._lib().DestroyWindow(hwnd))
        self._procs.pop(hwnd, None)
        return ok

    def register_hot_key(self, hwnd: int, hotkey_id: int, modifiers: int, virtual_key: int) -> bool:
        return bool(self._lib().RegisterHotKey(hwnd, hotkey_id, modifiers, virtual_key))

    def unregister_hot_key(self, hwnd: int, hotkey_id: int) -> bool:
        return bool(self._lib().UnregisterHotKey(hwnd, hotkey_id))

    def get_last_error(self) -> int:
        return int(ctypes.get_last_error())  # type: ignore[attr-defined]


def _WNDPROC_TYPE() -> Any:  # a ctypes type factory, named like the Win32 type
    factory = getattr(ctypes, "WINFUNCTYPE", ctypes.CFUNCTYPE)
    return factory(
        ctypes.c_ssize_t, ctypes.c_void_p, ctypes.c_uint, ctypes.c_size_t, ctypes.c_ssize_t
    )


def _wndclass_type() -> Any:
    class WNDCLASSEXW(ctypes.Structure):
        _fields_ = (
            ("cbSize", ctypes.c_uint),
            ("style", ctypes.c_uint),
            ("lpfnWndProc", ctypes.c_void_p),
            ("cbClsExtra", ctypes.c_int),
            ("cbWndExtra", ctypes.c_int),
            ("hInstance", ctypes.c_void_p),
            ("hIcon", ctypes.c_void_p),
            ("hCursor", ctypes.c_void_p),
            ("hbrBackground", ctypes.c_void_p),
            ("lpszMenuName", ctypes.c_wchar_p),
            ("lpszClassName", ctypes.c_wchar_p),
            ("hIconSm", ctypes.c_void_p),
        )

    return WNDCLASSEXW


def _declare(user32: Any) -> None:
    vp, uint = ctypes.c_void_p, ctypes.c_uint
    user32.RegisterHotKey.argtypes = (vp, ctypes.c_int, uint, uint)
    user32.RegisterHotKey.restype = ctypes.c_int
    user32.UnregisterHotKey.argtypes = (vp, ctypes.c_int)
    user32.UnregisterHotKey.restype = ctypes.c_int
    user32.RegisterClassExW.argtypes = (vp,)
    user32.RegisterClassExW.restype = ctypes.c_uint16
    user32.CreateWindowExW.argtypes = (
        *(ctypes.c_uint32, ctypes.c_wchar_p, ctypes.c_wchar_p, ctypes.c_uint32),
        *(ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int, vp, vp, vp, vp),
    )
    user32.CreateWindowExW.restype = vp
    user32.DestroyWindow.argtypes = (vp,)
    user32.DestroyWindow.restype = ctypes.c_int
    user32.DefWindowProcW.argtypes = (vp, uint, ctypes.c_size_t, ctypes.c_ssize_t)
    user32.DefWindowProcW.restype = ctypes.c_ssize_t


class WindowsBackend(HotkeyBackend):
    """Global hotkey through ``RegisterHotKey`` on a message-only window of the GUI thread."""

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
        self._hwnd = 0

    @property
    def hwnd(self) -> int:
        """The message-only window the hotkey is registered on (0 before the first register)."""
        return self._hwnd

    def _window(self) -> int:
        if not self._hwnd:
            self._hwnd = self._api.create_message_window(self._window_proc)
            if not self._hwnd:
                code = self._api.get_last_error()
                raise HotkeyUnavailable(f"Windows refused the hotkey window (error {code}).")
        return self._hwnd

    def _window_proc(self, message: int, wparam: int, _lparam: int) -> bool:
        if message == WM_HOTKEY and wparam == self._hotkey_id:
            self.activated.emit()
            return True
        return False

    def _register(self, chord: Chord) -> None:
        modifiers, virtual_key = hotkey_flags(chord)
        if not self._api.register_hot_key(self._window(), self._hotkey_id, modifiers, virtual_key):
            code = self._api.get_last_error()
            if code == ERROR_HOTKEY_ALREADY_REGISTERED:
                raise HotkeyConflict(chord)
            shown = format_chord(chord, "win32")
            raise HotkeyUnavailable(f"Windows refused the shortcut {shown} (error {code}).")

    def _unregister(self, _chord: Chord) -> None:
        if not self._api.unregister_hot_key(self._hwnd, self._hotkey_id):
            logger.warning("UnregisterHotKey failed (error %s)", self._api.get_last_error())

    def _close(self) -> None:
        hwnd, self._hwnd = self._hwnd, 0
        if hwnd and not self._api.destroy_window(hwnd):
            logger.warning("DestroyWindow failed (error %s)", self._api.get_last_error())
