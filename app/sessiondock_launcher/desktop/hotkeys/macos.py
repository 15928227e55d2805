"""macOS global hotkey: Carbon ``RegisterEventHotKey`` through ctypes.

Carbon hotkeys need no Accessibility or Input Monitoring permission and swallow the key; Qt's
Cocoa event loop dispatches them to the handler installed on the application event target.
The Carbon calls go through :class:`CarbonHotkeyApi` so tests can pass a fake; the real
:class:`CarbonFrameworkApi` loads Carbon.framework only when first used.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject

from sessiondock_launcher.desktop.hotkeys.base import (
    HotkeyBackend,
    HotkeyConflict,
    HotkeyUnavailable,
)
from sessiondock_launcher.desktop.hotkeys.chord import Chord, Modifier
from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP

logger = logging.getLogger(__name__)

CMD_KEY, SHIFT_KEY, OPTION_KEY, CONTROL_KEY = 1 << 8, 1 << 9, 1 << 11, 1 << 12
NO_ERR = 0
EVENT_NOT_HANDLED_ERR = -9874
EVENT_HOT_KEY_EXISTS_ERR = -9878
EVENT_HOT_KEY_INVALID_ERR = -9879


def four_char_code(code: str) -> int:
    """Carbon's OSType for a four-letter code (``"keyb"`` → 0x6B657962)."""
    return int.from_bytes(code.encode("ascii"), "big")


K_EVENT_CLASS_KEYBOARD = four_char_code("keyb")
K_EVENT_HOT_KEY_PRESSED = 5
K_EVENT_PARAM_DIRECT_OBJECT = four_char_code("----")
TYPE_EVENT_HOT_KEY_ID = four_char_code("hkid")
HOTKEY_SIGNATURE = four_char_code("SDLk")
HOTKEY_ID = 1

MODIFIER_FLAGS = {
    Modifier.CONTROL: CONTROL_KEY,
    Modifier.ALT: OPTION_KEY,
    Modifier.SHIFT: SHIFT_KEY,
    Modifier.SUPER: CMD_KEY,
}
# Virtual key codes of the ANSI layout (HIToolbox Events.h, kVK_*); there is no F21–F24.
_LETTERS = "ASDFHGZXCV_BQWERYT"  # 0x00–0x11, 0x0A is ISO §
_KEY_CODES: dict[str, int] = {ch: code for code, ch in enumerate(_LETTERS) if ch != "_"}
_KEY_CODES |= {"O": 0x1F, "U": 0x20, "I": 0x22, "P": 0x23, "L": 0x25, "J": 0x26, "K": 0x28}
_KEY_CODES |= {"N": 0x2D, "M": 0x2E}
_KEY_CODES |= {"1": 0x12, "2": 0x13, "3": 0x14, "4": 0x15, "6": 0x16, "5": 0x17, "9": 0x19}
_KEY_CODES |= {"7": 0x1A, "8": 0x1C, "0": 0x1D}
_KEY_CODES |= {"Return": 0x24, "Tab": 0x30, "Space": 0x31, "Backspace": 0x33, "Escape": 0x35}
_KEY_CODES |= {"Insert": 0x72, "Home": 0x73, "PageUp": 0x74, "Delete": 0x75, "End": 0x77}
_KEY_CODES |= {"PageDown": 0x79, "Left": 0x7B, "Right": 0x7C, "Down": 0x7D, "Up": 0x7E}
_F_KEYS: tuple[int, ...] = (0x7A, 0x78, 0x63, 0x76, 0x60, 0x61, 0x62, 0x64, 0x65, 0x6D, 0x67, 0x6F)
_F_KEYS += (0x69, 0x6B, 0x71, 0x6A, 0x40, 0x4F, 0x50, 0x5A)  # F13–F20
_KEY_CODES |= {f"F{n}": code for n, code in enumerate(_F_KEYS, start=1)}
MAC_KEY_CODES = _KEY_CODES
"""Chord key name → macOS virtual key code."""


def carbon_hotkey(chord: Chord) -> tuple[int, int]:
    """``(key code, modifiers)`` for ``RegisterEventHotKey``.

    Raises:
        HotkeyUnavailable: The key does not exist on a Mac, or the chord uses only ⌥/⌥⇧,
            which macOS 15 and later silently ignore.
    """
    if chord.key not in MAC_KEY_CODES:
        raise HotkeyUnavailable(
            QT_TRANSLATE_NOOP(
                "Messages", "Macs have no {hotkey} key; pick another shortcut in Settings."
            ).format(hotkey=chord.key)
        )
    if chord.modifiers <= {Modifier.ALT, Modifier.SHIFT}:
        raise HotkeyUnavailable(
            QT_TRANSLATE_NOOP(
                "Messages",
                "macOS ignores {hotkey}: shortcuts made of only ⌥ or ⌥⇧ do not work "
                "since macOS 15. Add ⌃ or ⌘ in Settings.",
            ).format(hotkey=chord.mac_text())
        )
    modifiers = 0
    for modifier in chord.modifiers:
        modifiers |= MODIFIER_FLAGS[modifier]
    return MAC_KEY_CODES[chord.key], modifiers


class CarbonHotkeyApi(Protocol):
    """The Carbon calls the backend needs."""

    def install_handler(self, on_hotkey: Callable[[int, int], None]) -> int:
        """Install a kEventHotKeyPressed handler calling ``on_hotkey(signature, id)``."""
        ...

    def remove_handler(self) -> int:
        """Remove the handler installed before."""
        ...

    def register_hot_key(
        self, key_code: int, modifiers: int, signature: int, hotkey_id: int
    ) -> tuple[int, object]:
        """``RegisterEventHotKey``: return ``(OSStatus, EventHotKeyRef)``."""
        ...

    def unregister_hot_key(self, ref: object) -> int:
        """``UnregisterEventHotKey(ref)``: return the OSStatus."""
        ...


class _EventTypeSpec(ctypes.Structure):
    _fields_ = (("eventClass", ctypes.c_uint32), ("eventKind", ctypes.c_uint32))


class EventHotKeyID(ctypes.Structure):
    """Carbon ``EventHotKeyID``: our signature plus a hotkey number."""

    _fields_ = (("signature", ctypes.c_uint32), ("id", ctypes.c_uint32))


_HANDLER_PROC = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)


class CarbonFrameworkApi:
    """:class:`CarbonHotkeyApi` on the real Carbon.framework (loaded on first use, macOS only)."""

    def __init__(self) -> None:
        self._carbon: ctypes.CDLL | None = None
        self._handler_ref = ctypes.c_void_p()
        self._callback: object = None  # the CFUNCTYPE object must stay alive while installed

    def _lib(self) -> ctypes.CDLL:
        if self._carbon is None:
            if sys.platform != "darwin":
                raise HotkeyUnavailable("Carbon hotkeys exist only on macOS.")
            lib = ctypes.CDLL("/System/Library/Frameworks/Carbon.framework/Carbon")
            ref_p = ctypes.POINTER(ctypes.c_void_p)
            lib.GetApplicationEventTarget.argtypes = ()
            lib.GetApplicationEventTarget.restype = ctypes.c_void_p
            lib.InstallEventHandler.argtypes = (
                *(ctypes.c_void_p, _HANDLER_PROC, ctypes.c_ulong),
                *(ctypes.POINTER(_EventTypeSpec), ctypes.c_void_p, ref_p),
            )
            lib.RemoveEventHandler.argtypes = (ctypes.c_void_p,)
            lib.RegisterEventHotKey.argtypes = (
                *(ctypes.c_uint32, ctypes.c_uint32, EventHotKeyID),
                *(ctypes.c_void_p, ctypes.c_uint32, ref_p),
            )
            lib.UnregisterEventHotKey.argtypes = (ctypes.c_void_p,)
            lib.GetEventParameter.argtypes = (
                *(ctypes.c_void_p, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_void_p),
                *(ctypes.c_ulong, ctypes.c_void_p, ctypes.c_void_p),
            )
            for name in ("InstallEventHandler", "RemoveEventHandler", "RegisterEventHotKey"):
                getattr(lib, name).restype = ctypes.c_int32
            lib.UnregisterEventHotKey.restype = ctypes.c_int32
            lib.GetEventParameter.restype = ctypes.c_int32
            self._carbon = lib
        return self._carbon

    def install_handler(self, on_hotkey: Callable[[int, int], None]) -> int:
        lib = self._lib()

        def handler(_call_ref: int | None, event: int | None, _user_data: int | None) -> int:
            hotkey = EventHotKeyID()
            try:
                status = lib.GetEventParameter(
                    event,
                    *(K_EVENT_PARAM_DIRECT_OBJECT, TYPE_EVENT_HOT_KEY_ID, None),
                    *(ctypes.sizeof(hotkey), None, ctypes.byref(hotkey)),
                )
                if status != NO_ERR:
                    return EVENT_NOT_HANDLED_ERR
                on_hotkey(hotkey.signature, hotkey.id)
            except Exception:  # an exception must not unwind into Carbon
                logger.exception("Hotkey handler failed")
            return NO_ERR

        self._callback = _HANDLER_PROC(handler)
        spec = _EventTypeSpec(K_EVENT_CLASS_KEYBOARD, K_EVENT_HOT_KEY_PRESSED)
        target = lib.GetApplicationEventTarget()
        return int(
            lib.InstallEventHandler(
                *(target, self._callback, 1, ctypes.byref(spec)),
                *(None, ctypes.byref(self._handler_ref)),
            )
        )

    def remove_handler(self) -> int:
        status = int(self._lib().RemoveEventHandler(self._handler_ref))
        self._callback = None
        return status

    def register_hot_key(
        self, key_code: int, modifiers: int, signature: int, hotkey_id: int
    ) -> tuple[int, object]:
        ref = ctypes.c_void_p()
        target = self._lib().GetApplicationEventTarget()
        hotkey = EventHotKeyID(signature, hotkey_id)
        status = self._lib().RegisterEventHotKey(
            key_code, modifiers, hotkey, target, 0, ctypes.byref(ref)
        )
        return int(status), ref

    def unregister_hot_key(self, ref: object) -> int:
        return int(self._lib().UnregisterEventHotKey(ref))


class MacBackend(HotkeyBackend):
    """Global hotkey through Carbon ``RegisterEventHotKey``."""

    name = "macos"

    def __init__(self, api: CarbonHotkeyApi | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._api = api if api is not None else CarbonFrameworkApi()
        self._ref: object = None
        self._handler_installed = False

    def _register(self, chord: Chord) -> None:
        key_code, modifiers = carbon_hotkey(chord)
        if not self._handler_installed:
            status = self._api.install_handler(self._on_hotkey)
            if status != NO_ERR:
                raise HotkeyUnavailable(f"macOS refused the hotkey handler (error {status}).")
            self._handler_installed = True
        status, ref = self._api.register_hot_key(key_code, modifiers, HOTKEY_SIGNATURE, HOTKEY_ID)
        if status == EVENT_HOT_KEY_EXISTS_ERR:
            raise HotkeyConflict(chord)
        if status != NO_ERR:
            raise HotkeyUnavailable(f"macOS refused the shortcut {chord.mac_text()} ({status}).")
        self._ref = ref

    def _unregister(self, _chord: Chord) -> None:
        ref, self._ref = self._ref, None
        if ref is not None:
            status = self._api.unregister_hot_key(ref)
            if status != NO_ERR:
                logger.warning("UnregisterEventHotKey failed (%s)", status)

    def _close(self) -> None:
        if self._handler_installed:
            self._api.remove_handler()
            self._handler_installed = False

    def _on_hotkey(self, signature: int, hotkey_id: int) -> None:
        if signature == HOTKEY_SIGNATURE and hotkey_id == HOTKEY_ID and self._ref is not None:
            self.activated.emit()
