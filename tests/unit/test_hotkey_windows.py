"""The Windows backend through a fake of user32 (RegisterHotKey cannot run on this machine).

What is real here: the MSG layout read from memory, the native event filter's decisions, and the
filter's installation on the running QCoreApplication.
"""

from __future__ import annotations

import ctypes
import sys

import pytest
import shiboken6
from PySide6.QtCore import QByteArray
from pytestqt.qtbot import QtBot

from sessiondock_launcher.desktop.hotkeys import HotkeyConflict, HotkeyUnavailable, parse_chord
from sessiondock_launcher.desktop.hotkeys.windows import (
    ERROR_HOTKEY_ALREADY_REGISTERED,
    HOTKEY_ID,
    MOD_ALT,
    MOD_CONTROL,
    MOD_NOREPEAT,
    MOD_SHIFT,
    MOD_WIN,
    MSG,
    WM_HOTKEY,
    User32HotkeyApi,
    WindowsBackend,
    hotkey_flags,
    read_msg,
)

CHORD = parse_chord("Ctrl+Alt+Space")


class FakeUser32:
    """Records RegisterHotKey/UnregisterHotKey; ids in ``taken`` fail like another app's."""

    def __init__(self, fail_with: int | None = None) -> None:
        self.registered: dict[int, tuple[int, int]] = {}
        self.log: list[str] = []
        self.fail_with = fail_with
        self.last_error = 0

    def register_hot_key(self, hotkey_id: int, modifiers: int, virtual_key: int) -> bool:
        self.log.append(f"register {hotkey_id}")
        if self.fail_with is not None:
            self.last_error = self.fail_with
            return False
        self.registered[hotkey_id] = (modifiers, virtual_key)
        return True

    def unregister_hot_key(self, hotkey_id: int) -> bool:
        self.log.append(f"unregister {hotkey_id}")
        return self.registered.pop(hotkey_id, None) is not None

    def get_last_error(self) -> int:
        return self.last_error


def message_address(message: int, wparam: int) -> tuple[MSG, int]:
    msg = MSG(hwnd=None, message=message, wParam=wparam, lParam=0x00200006, time=1234)
    return msg, ctypes.addressof(msg)


def test_read_msg_from_an_address() -> None:
    msg, address = message_address(WM_HOTKEY, 7)
    assert read_msg(address) == (WM_HOTKEY, 7)
    # Windows x64 layout: hwnd 8, message 4 (+4 pad), wParam 8, lParam 8, time 4, pt 8, private 4
    if ctypes.sizeof(ctypes.c_void_p) == 8:
        assert ctypes.sizeof(MSG) == 48
        assert MSG.wParam.offset == 16
    assert msg.time == 1234


@pytest.mark.parametrize(
    ("text", "modifiers", "vk"),
    [
        ("Ctrl+Alt+Space", MOD_CONTROL | MOD_ALT, 0x20),
        ("Meta+Shift+K", MOD_WIN | MOD_SHIFT, ord("K")),
        ("Ctrl+Alt+F13", MOD_CONTROL | MOD_ALT, 0x7C),
        ("Ctrl+Alt+7", MOD_CONTROL | MOD_ALT, ord("7")),
        ("Ctrl+Alt+PageDown", MOD_CONTROL | MOD_ALT, 0x22),
    ],
)
def test_hotkey_flags(text: str, modifiers: int, vk: int) -> None:
    assert hotkey_flags(parse_chord(text)) == (modifiers | MOD_NOREPEAT, vk)


def test_register_calls_register_hot_key(qtbot: QtBot) -> None:
    user32 = FakeUser32()
    backend = WindowsBackend(user32)
    backend.register(CHORD)
    assert user32.registered == {HOTKEY_ID: (MOD_CONTROL | MOD_ALT | MOD_NOREPEAT, 0x20)}
    backend.close()


def test_wm_hotkey_with_our_id_activates(qtbot: QtBot) -> None:
    backend = WindowsBackend(FakeUser32())
    backend.register(CHORD)
    _, address = message_address(WM_HOTKEY, HOTKEY_ID)
    with qtbot.waitSignal(backend.activated, timeout=100):
        handled = backend._filter.nativeEventFilter(
            QByteArray(b"windows_generic_MSG"), shiboken6.VoidPtr(address)
        )
    assert handled == (True, 0)
    backend.close()


@pytest.mark.parametrize(
    ("event_type", "message", "wparam"),
    [
        (b"windows_generic_MSG", WM_HOTKEY, HOTKEY_ID + 1),  # another hotkey of this thread
        (b"windows_generic_MSG", 0x0100, HOTKEY_ID),  # WM_KEYDOWN
        (b"xcb_generic_event_t", WM_HOTKEY, HOTKEY_ID),  # not a Windows message at all
    ],
)
def test_other_messages_pass_through(
    qtbot: QtBot, event_type: bytes, message: int, wparam: int
) -> None:
    backend = WindowsBackend(FakeUser32())
    backend.register(CHORD)
    _, address = message_address(message, wparam)
    with qtbot.assertNotEmitted(backend.activated):
        result = backend._filter.nativeEventFilter(event_type, address)
    assert result == (False, 0)
    backend.close()


def test_dispatcher_messages_are_read_too(qtbot: QtBot) -> None:
    backend = WindowsBackend(FakeUser32())
    backend.register(CHORD)
    _, address = message_address(WM_HOTKEY, HOTKEY_ID)
    with qtbot.waitSignal(backend.activated, timeout=100):
        backend._filter.nativeEventFilter(b"windows_dispatcher_MSG", address)
    backend.close()


def test_already_registered_is_a_conflict(qtbot: QtBot) -> None:
    backend = WindowsBackend(FakeUser32(fail_with=ERROR_HOTKEY_ALREADY_REGISTERED))
    with pytest.raises(HotkeyConflict) as caught:
        backend.register(CHORD)
    assert "Ctrl+Alt+Space is already used by another application" in str(caught.value)
    assert "sessiondock-launcher --toggle" in str(caught.value)
    assert backend.chord is None
    assert not backend._filter_installed
    backend.close()


def test_other_errors_are_unavailable(qtbot: QtBot) -> None:
    backend = WindowsBackend(FakeUser32(fail_with=87))  # ERROR_INVALID_PARAMETER
    with pytest.raises(HotkeyUnavailable, match="error 87"):
        backend.register(CHORD)
    backend.close()


def test_close_unregisters_and_removes_the_filter(qtbot: QtBot) -> None:
    user32 = FakeUser32()
    backend = WindowsBackend(user32)
    backend.register(CHORD)
    assert backend._filter_installed
    backend.close()
    backend.close()
    assert user32.registered == {}
    assert user32.log == [f"register {HOTKEY_ID}", f"unregister {HOTKEY_ID}"]
    assert not backend._filter_installed


def test_changing_the_chord_re_registers_the_same_id(qtbot: QtBot) -> None:
    user32 = FakeUser32()
    backend = WindowsBackend(user32)
    backend.register(CHORD)
    backend.register(parse_chord("Ctrl+Shift+F13"))
    assert user32.registered == {HOTKEY_ID: (MOD_CONTROL | MOD_SHIFT | MOD_NOREPEAT, 0x7C)}
    backend.close()


@pytest.mark.skipif(sys.platform == "win32", reason="checks the guard off Windows")
def test_the_real_user32_is_only_loaded_on_windows() -> None:
    with pytest.raises(HotkeyUnavailable, match="only on Windows"):
        User32HotkeyApi().register_hot_key(1, MOD_CONTROL, 0x20)
