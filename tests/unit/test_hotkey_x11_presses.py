"""The X11 backend's press detection: lock bits ignored, auto-repeat and other keys dropped.

The same backend runs against a real X server in tests/ui/test_hotkey_x11.py.
"""

from __future__ import annotations

from sessiondock_launcher.desktop.hotkeys.x11 import (
    CONTROL_MASK,
    LOCK_MASK,
    MOD1_MASK,
    MOD2_MASK,
    KeyEvent,
    PressDetector,
)

SPACE = 65
CTRL_ALT = CONTROL_MASK | MOD1_MASK


def detector() -> PressDetector:
    return PressDetector(SPACE, CTRL_ALT, LOCK_MASK | MOD2_MASK)


def press(time: int, state: int = CTRL_ALT, keycode: int = SPACE) -> KeyEvent:
    return KeyEvent(True, keycode, state, time)


def release(time: int, state: int = CTRL_ALT, keycode: int = SPACE) -> KeyEvent:
    return KeyEvent(False, keycode, state, time)


def test_one_press_and_release() -> None:
    assert detector().feed([press(1), release(2)]) == 1


def test_lock_bits_are_ignored() -> None:
    d = detector()
    assert d.feed([press(1, CTRL_ALT | LOCK_MASK), release(2)]) == 1
    assert d.feed([press(3, CTRL_ALT | MOD2_MASK | LOCK_MASK), release(4)]) == 1


def test_other_modifiers_or_keys_do_not_count() -> None:
    d = detector()
    assert d.feed([press(1, CONTROL_MASK), release(2)]) == 0
    assert d.feed([press(3, CTRL_ALT, keycode=40), release(4, keycode=40)]) == 0


def test_auto_repeat_pairs_are_dropped() -> None:
    # X auto-repeat: Release and Press with the same timestamp while the key is held
    events = [press(1), release(500), press(500), release(540), press(540), release(900)]
    assert detector().feed(events) == 1


def test_auto_repeat_split_across_reads() -> None:
    d = detector()
    assert d.feed([press(1), release(500)]) == 1  # the release may start a repeat pair
    assert d.feed([press(500), release(540)]) == 0
    assert d.feed([press(540)]) == 0
    assert d.feed([release(900)]) == 0
    assert d.feed([press(2000), release(2100)]) == 1  # a new, real press


def test_two_real_presses_in_one_read() -> None:
    assert detector().feed([press(1), release(2), press(3), release(4)]) == 2
