"""The Windows backend through a fake of user32 that follows the documented message rules.

RegisterHotKey cannot run here, so :class:`FakeUser32` models what the Win32 documentation says:

- ``RegisterHotKey(hWnd, …)`` posts ``WM_HOTKEY`` to the queue of the thread that created
  ``hWnd``, addressed to ``hWnd``; with ``hWnd = NULL`` it is a *thread* message (``hwnd`` NULL).
- ``DispatchMessage`` delivers a message to its window's procedure. A thread message has no
  window: only the application's own loop sees it (Qt hands it to native event filters); a modal
  loop (``DialogBox``, ``TrackPopupMenu``, a window being dragged) drops it ("messages posted by
  PostThreadMessage are lost if the thread is in a modal loop").
- A second registration of the same modifiers + key fails with ERROR_HOTKEY_ALREADY_REGISTERED.
- ``RegisterHotKey`` on a window this thread did not create fails with ERROR_INVALID_WINDOW_HANDLE.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from pytestqt.qtbot import QtBot

from sessiondock_launcher.desktop.hotkeys import HotkeyConflict, HotkeyUnavailable, parse_chord
from sessiondock_launcher.desktop.hotkeys.windows import (
    ERROR_HOTKEY_ALREADY_REGISTERED,
    HOTKEY_ID,
    HWND_MESSAGE,
    WM_HOTKEY,
    User32HotkeyApi,
    WindowsBackend,
    hotkey_flags,
)

# WinUser.h, independent of the module under test.
DOC_MOD_ALT, DOC_MOD_CONTROL, DOC_MOD_SHIFT, DOC_MOD_WIN = 0x0001, 0x0002, 0x0004, 0x0008
DOC_MOD_NOREPEAT = 0x4000
DOC_VK_SPACE, DOC_VK_F13, DOC_VK_NEXT = 0x20, 0x7C, 0x22
ERROR_INVALID_WINDOW_HANDLE = 1400
CHORD = parse_chord("Control+Alt+Space")


@dataclass
class Message:
    hwnd: int  # 0 = a thread message
    message: int
    wparam: int


class FakeUser32:
    """user32's hotkey and dispatch rules (see the module docstring); one GUI thread."""

    def __init__(self, taken: set[tuple[int, int]] | None = None) -> None:
        self.windows: dict[int, tuple[int, Callable[[int, int, int], bool]]] = {}
        self.hotkeys: dict[tuple[int, int], tuple[int, int]] = {}  # (hwnd, id) -> (mods, vk)
        self.taken = taken or set()  # (mods, vk) held by other applications
        self.queue: list[Message] = []
        self.thread_messages_seen_by_app: list[Message] = []
        self.dropped: list[Message] = []
        self.last_error = 0
        self._next_hwnd = 0x1000

    # WindowsHotkeyApi ------------------------------------------------------------------------
    def create_message_window(self, window_proc: Callable[[int, int, int], bool]) -> int:
        self._next_hwnd += 4
        self.windows[self._next_hwnd] = (HWND_MESSAGE, window_proc)
        return self._next_hwnd

    def destroy_window(self, hwnd: int) -> bool:
        if self.windows.pop(hwnd, None) is None:
            self.last_error = ERROR_INVALID_WINDOW_HANDLE
            return False
        # Hotkeys of a destroyed window stay registered in Windows: the backend must unregister.
        return True

    def register_hot_key(self, hwnd: int, hotkey_id: int, modifiers: int, virtual_key: int) -> bool:
        if hwnd and hwnd not in self.windows:
            self.last_error = ERROR_INVALID_WINDOW_HANDLE
            return False
        combo = (modifiers & 0xF, virtual_key)
        mine = {(m & 0xF, vk) for key, (m, vk) in self.hotkeys.items() if key != (hwnd, hotkey_id)}
        if combo in self.taken or combo in mine:
            self.last_error = ERROR_HOTKEY_ALREADY_REGISTERED
            return False
        self.hotkeys[(hwnd, hotkey_id)] = (modifiers, virtual_key)
        return True

    def unregister_hot_key(self, hwnd: int, hotkey_id: int) -> bool:
        return self.hotkeys.pop((hwnd, hotkey_id), None) is not None

    def get_last_error(self) -> int:
        return self.last_error

    # The user and the message loops -----------------------------------------------------
    def press(self, modifiers: int, virtual_key: int) -> None:
        """The user presses a chord: WM_HOTKEY is posted for the registration that matches."""
        for (hwnd, hotkey_id), (mods, vk) in self.hotkeys.items():
            if (mods & 0xF, vk) == (modifiers, virtual_key):
                self.queue.append(Message(hwnd, WM_HOTKEY, hotkey_id))

    def run_app_loop(self) -> None:
        """Qt's loop: window messages are dispatched, thread messages go to native filters."""
        queue, self.queue = self.queue, []
        for msg in queue:
            if msg.hwnd:
                self._dispatch(msg)
            else:
                self.thread_messages_seen_by_app.append(msg)

    def run_modal_loop(self) -> None:
        """A dialog's or menu's loop: DispatchMessage cannot deliver a message without a window."""
        queue, self.queue = self.queue, []
        for msg in queue:
            if msg.hwnd:
                self._dispatch(msg)
            else:
                self.dropped.append(msg)

    def _dispatch(self, msg: Message) -> None:
        entry = self.windows.get(msg.hwnd)
        if entry is not None:
            entry[1](msg.message, msg.wparam, 0)


@pytest.mark.parametrize(
    ("text", "modifiers", "vk"),
    [
        ("Control+Alt+Space", DOC_MOD_CONTROL | DOC_MOD_ALT, DOC_VK_SPACE),
        ("Super+Shift+K", DOC_MOD_WIN | DOC_MOD_SHIFT, ord("K")),
        ("Control+Alt+F13", DOC_MOD_CONTROL | DOC_MOD_ALT, DOC_VK_F13),
        ("Control+Alt+7", DOC_MOD_CONTROL | DOC_MOD_ALT, ord("7")),
        ("Control+Alt+PageDown", DOC_MOD_CONTROL | DOC_MOD_ALT, DOC_VK_NEXT),
        ("Control+Alt+Shift+Super+A", 0xF, ord("A")),
    ],
)
def test_modifier_table_matches_winuser_h(text: str, modifiers: int, vk: int) -> None:
    assert hotkey_flags(parse_chord(text)) == (modifiers | DOC_MOD_NOREPEAT, vk)


def test_registers_on_a_message_only_window(qtbot: QtBot) -> None:
    user32 = FakeUser32()
    backend = WindowsBackend(user32)
    backend.register(CHORD)
    assert backend.hwnd != 0
    assert user32.windows[backend.hwnd][0] == HWND_MESSAGE
    assert user32.hotkeys == {
        (backend.hwnd, HOTKEY_ID): (DOC_MOD_CONTROL | DOC_MOD_ALT | DOC_MOD_NOREPEAT, DOC_VK_SPACE)
    }
    backend.close()


def test_hotkey_fires_in_the_app_loop(qtbot: QtBot) -> None:
    user32 = FakeUser32()
    backend = WindowsBackend(user32)
    backend.register(CHORD)
    user32.press(DOC_MOD_CONTROL | DOC_MOD_ALT, DOC_VK_SPACE)
    with qtbot.waitSignal(backend.activated, timeout=100):
        user32.run_app_loop()
    backend.close()


def test_hotkey_fires_while_a_modal_loop_runs(qtbot: QtBot) -> None:
    """The bug: with hWnd=NULL the press became a thread message a dialog's loop dropped."""
    user32 = FakeUser32()
    backend = WindowsBackend(user32)
    backend.register(CHORD)
    user32.press(DOC_MOD_CONTROL | DOC_MOD_ALT, DOC_VK_SPACE)
    with qtbot.waitSignal(backend.activated, timeout=100):
        user32.run_modal_loop()
    assert user32.dropped == []
    backend.close()


def test_the_fake_drops_thread_hotkeys_in_a_modal_loop() -> None:
    """The rule the test above relies on: a NULL-window registration loses presses there."""
    user32 = FakeUser32()
    assert user32.register_hot_key(0, HOTKEY_ID, DOC_MOD_CONTROL | DOC_MOD_ALT, DOC_VK_SPACE)
    user32.press(DOC_MOD_CONTROL | DOC_MOD_ALT, DOC_VK_SPACE)
    user32.run_modal_loop()
    assert user32.dropped == [Message(0, WM_HOTKEY, HOTKEY_ID)]


def test_other_messages_and_ids_are_not_ours(qtbot: QtBot) -> None:
    user32 = FakeUser32()
    backend = WindowsBackend(user32)
    backend.register(CHORD)
    with qtbot.assertNotEmitted(backend.activated):
        user32.queue += [
            Message(backend.hwnd, WM_HOTKEY, HOTKEY_ID + 1),
            Message(backend.hwnd, 0x0100, HOTKEY_ID),  # WM_KEYDOWN
        ]
        user32.run_app_loop()
    backend.close()


def test_already_registered_is_a_conflict(qtbot: QtBot) -> None:
    user32 = FakeUser32(taken={(DOC_MOD_CONTROL | DOC_MOD_ALT, DOC_VK_SPACE)})
    backend = WindowsBackend(user32)
    with pytest.raises(HotkeyConflict) as caught:
        backend.register(CHORD)
    assert "Ctrl+Alt+Space is already used by another application" in str(caught.value)
    assert "sessiondock-launcher --toggle" in str(caught.value)
    assert backend.chord is None
    backend.close()


def test_a_window_that_cannot_be_created_is_unavailable(qtbot: QtBot) -> None:
    class OutOfMemory(FakeUser32):
        def create_message_window(self, window_proc: Callable[[int, int, int], bool]) -> int:
            self.last_error = 8  # ERROR_NOT_ENOUGH_MEMORY
            return 0

    user32 = OutOfMemory()
    backend = WindowsBackend(user32)
    with pytest.raises(HotkeyUnavailable, match="error 8"):
        backend.register(CHORD)
    backend.close()


def test_close_unregisters_and_destroys_the_window(qtbot: QtBot) -> None:
    user32 = FakeUser32()
    backend = WindowsBackend(user32)
    backend.register(CHORD)
    backend.close()
    backend.close()
    assert user32.hotkeys == {}
    assert user32.windows == {}


def test_changing_the_chord_re_registers_on_the_same_window(qtbot: QtBot) -> None:
    user32 = FakeUser32()
    backend = WindowsBackend(user32)
    backend.register(CHORD)
    hwnd = backend.hwnd
    backend.register(parse_chord("Control+Shift+F13"))
    assert backend.hwnd == hwnd
    assert user32.hotkeys == {
        (hwnd, HOTKEY_ID): (DOC_MOD_CONTROL | DOC_MOD_SHIFT | DOC_MOD_NOREPEAT, DOC_VK_F13)
    }
    user32.press(DOC_MOD_CONTROL | DOC_MOD_SHIFT, DOC_VK_F13)
    with qtbot.waitSignal(backend.activated, timeout=100):
        user32.run_modal_loop()
    backend.close()


@pytest.mark.skipif(sys.platform == "win32", reason="checks the guard off Windows")
def test_the_real_user32_is_only_loaded_on_windows() -> None:
    with pytest.raises(HotkeyUnavailable, match="only on Windows"):
        User32HotkeyApi().register_hot_key(0, 1, DOC_MOD_CONTROL, DOC_VK_SPACE)
