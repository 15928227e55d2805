"""The macOS backend through a fake of Carbon (RegisterEventHotKey cannot run on this machine).

The fake keeps the handler the backend installs; calling it is what Carbon does on a press.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from sessiondock_launcher.desktop.hotkeys import HotkeyConflict, HotkeyUnavailable, parse_chord
from sessiondock_launcher.desktop.hotkeys.chord import KEYS
from sessiondock_launcher.desktop.hotkeys.macos import (
    EVENT_HOT_KEY_EXISTS_ERR,
    HOTKEY_ID,
    HOTKEY_SIGNATURE,
    K_EVENT_CLASS_KEYBOARD,
    MAC_KEY_CODES,
    CarbonFrameworkApi,
    EventHotKeyID,
    MacBackend,
    carbon_hotkey,
)

# Carbon's Events.h (HIToolbox), written out here rather than imported from the module under test.
CMD_KEY, SHIFT_KEY, OPTION_KEY, CONTROL_KEY = 0x0100, 0x0200, 0x0800, 0x1000
CHORD = parse_chord("⌃⌥Space")


class FakeCarbon:
    """Records hotkeys and keeps the installed handler."""

    def __init__(self, register_status: int = 0) -> None:
        self.handler: Callable[[int, int], None] | None = None
        self.hotkeys: dict[int, tuple[int, int, int, int]] = {}
        self.register_status = register_status
        self.log: list[str] = []
        self._refs = iter(range(100, 200))

    def install_handler(self, on_hotkey: Callable[[int, int], None]) -> int:
        self.log.append("install_handler")
        self.handler = on_hotkey
        return 0

    def remove_handler(self) -> int:
        self.log.append("remove_handler")
        self.handler = None
        return 0

    def register_hot_key(
        self, key_code: int, modifiers: int, signature: int, hotkey_id: int
    ) -> tuple[int, object]:
        self.log.append("register")
        if self.register_status != 0:
            return self.register_status, None
        ref = next(self._refs)
        self.hotkeys[ref] = (key_code, modifiers, signature, hotkey_id)
        return 0, ref

    def unregister_hot_key(self, ref: object) -> int:
        self.log.append("unregister")
        del self.hotkeys[ref]  # type: ignore[arg-type]
        return 0

    def press(self) -> None:
        """What Carbon does when a registered hotkey is pressed."""
        assert self.handler is not None
        for _key, _mods, signature, hotkey_id in self.hotkeys.values():
            self.handler(signature, hotkey_id)


@pytest.mark.parametrize(
    ("text", "key_code", "modifiers"),
    [
        ("Control+Alt+Space", 49, CONTROL_KEY | OPTION_KEY),
        ("Super+Alt+Space", 49, CMD_KEY | OPTION_KEY),
        ("Super+Shift+K", 0x28, CMD_KEY | SHIFT_KEY),
        ("Control+Alt+Shift+Super+K", 0x28, 0x1B00),
        ("⌘⌥A", 0x00, CMD_KEY | OPTION_KEY),
        ("Ctrl+Alt+F1", 0x7A, CONTROL_KEY | OPTION_KEY),
        ("Ctrl+Alt+0", 0x1D, CONTROL_KEY | OPTION_KEY),
        ("Ctrl+Alt+Up", 0x7E, CONTROL_KEY | OPTION_KEY),
    ],
)
def test_carbon_hotkey(text: str, key_code: int, modifiers: int) -> None:
    assert carbon_hotkey(parse_chord(text)) == (key_code, modifiers)


def test_key_codes_cover_every_key_a_mac_has() -> None:
    missing = [k for k in KEYS if k not in MAC_KEY_CODES]
    assert missing == ["F21", "F22", "F23", "F24"]
    letters = [MAC_KEY_CODES[chr(c)] for c in range(ord("A"), ord("Z") + 1)]
    assert len(set(letters)) == 26


def test_f21_is_unavailable() -> None:
    with pytest.raises(HotkeyUnavailable, match="no F21 key"):
        carbon_hotkey(parse_chord("Ctrl+Alt+F21"))


@pytest.mark.parametrize("text", ["Alt+K", "Alt+Shift+K"])
def test_option_only_chords_are_refused(text: str) -> None:
    with pytest.raises(HotkeyUnavailable, match="macOS 15"):
        carbon_hotkey(parse_chord(text))


def test_register_and_press(qtbot: QtBot) -> None:
    carbon = FakeCarbon()
    backend = MacBackend(carbon)
    backend.register(CHORD)
    assert list(carbon.hotkeys.values()) == [
        (49, CONTROL_KEY | OPTION_KEY, HOTKEY_SIGNATURE, HOTKEY_ID)
    ]
    with qtbot.waitSignal(backend.activated, timeout=100):
        carbon.press()
    backend.close()


def test_foreign_hotkey_ids_are_ignored(qtbot: QtBot) -> None:
    carbon = FakeCarbon()
    backend = MacBackend(carbon)
    backend.register(CHORD)
    assert carbon.handler is not None
    with qtbot.assertNotEmitted(backend.activated):
        carbon.handler(HOTKEY_SIGNATURE, HOTKEY_ID + 1)
        carbon.handler(0x41424344, HOTKEY_ID)
    backend.close()


def test_existing_hotkey_is_a_conflict(qtbot: QtBot) -> None:
    backend = MacBackend(FakeCarbon(register_status=EVENT_HOT_KEY_EXISTS_ERR))
    with pytest.raises(HotkeyConflict) as caught:
        backend.register(CHORD)
    assert "Ctrl+Alt+Space is already used by another application" in str(caught.value)
    assert "sessiondock-launcher --toggle" in str(caught.value)
    backend.close()


def test_other_status_is_unavailable(qtbot: QtBot) -> None:
    backend = MacBackend(FakeCarbon(register_status=-50))  # paramErr
    with pytest.raises(HotkeyUnavailable, match=r"⌃⌥Space \(-50\)"):
        backend.register(CHORD)
    backend.close()


def test_unregister_then_close(qtbot: QtBot) -> None:
    carbon = FakeCarbon()
    backend = MacBackend(carbon)
    backend.register(CHORD)
    backend.register(parse_chord("⌘⇧K"))
    backend.unregister()
    assert carbon.hotkeys == {}
    with qtbot.assertNotEmitted(backend.activated):
        carbon.handler(HOTKEY_SIGNATURE, HOTKEY_ID)  # type: ignore[misc]  # a late event
    backend.close()
    assert carbon.log == [
        *("install_handler", "register", "unregister", "register", "unregister"),
        "remove_handler",
    ]


def test_carbon_structures_match_the_headers() -> None:
    assert ctypes.sizeof(EventHotKeyID) == 8
    assert K_EVENT_CLASS_KEYBOARD == 0x6B657962  # 'keyb'


@pytest.mark.skipif(sys.platform == "darwin", reason="checks the guard off macOS")
def test_the_real_carbon_is_only_loaded_on_macos() -> None:
    with pytest.raises(HotkeyUnavailable, match="only on macOS"):
        CarbonFrameworkApi().register_hot_key(49, CONTROL_KEY, HOTKEY_SIGNATURE, HOTKEY_ID)
