"""The X11 hotkey backend against a real X server: Xvfb started here, keys typed with xdotool.

Qt itself may run offscreen: the backend opens its own python-xlib connection to the Xvfb
display and reads it through a QSocketNotifier, which is a plain fd notifier on every QPA.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from sessiondock_launcher.desktop.hotkeys.base import HotkeyConflict
from sessiondock_launcher.desktop.hotkeys.chord import parse_chord
from sessiondock_launcher.desktop.hotkeys.x11 import X11Backend

pytestmark = pytest.mark.xvfb

CHORD = parse_chord("Ctrl+Alt+Space")


def _read_display_number(fd: int, proc: subprocess.Popen[bytes], timeout: float) -> str:
    """Read what Xvfb writes to -displayfd once it accepts connections."""
    deadline = time.monotonic() + timeout
    data = b""
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or proc.poll() is not None:
            raise RuntimeError(f"Xvfb did not start (exit code {proc.poll()})")
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            chunk = os.read(fd, 16)
            if not chunk:
                raise RuntimeError(f"Xvfb closed -displayfd (exit code {proc.poll()})")
            data += chunk
    return f":{int(data)}"


@pytest.fixture(scope="module")
def xvfb_display(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private Xvfb on a free display number (Xvfb picks it with -displayfd)."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    if shutil.which("xdotool") is None:
        pytest.skip("xdotool is not installed (apt-get install xdotool)")
    log = tmp_path_factory.mktemp("xvfb") / "xvfb.log"
    read_fd, write_fd = os.pipe()
    with Path(log).open("wb") as log_file:
        proc = subprocess.Popen(
            [xvfb, "-displayfd", str(write_fd), "-nolisten", "tcp", "-screen", "0", "640x480x24"],
            pass_fds=(write_fd,),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    os.close(write_fd)
    try:
        display = _read_display_number(read_fd, proc, timeout=15)
        assert Path(f"/tmp/.X11-unix/X{display[1:]}").exists()
        yield display
    finally:
        os.close(read_fd)
        proc.terminate()
        proc.wait(timeout=10)


def xdotool(display: str, *args: str) -> None:
    env = {**os.environ, "DISPLAY": display}
    subprocess.run(["xdotool", *args], env=env, check=True, timeout=10)


@pytest.fixture
def backend(xvfb_display: str, qtbot: QtBot) -> Iterator[X11Backend]:
    hotkey = X11Backend(xvfb_display)
    yield hotkey
    hotkey.close()


@pytest.fixture
def other_client(xvfb_display: str) -> Iterator[Any]:
    """A second X client, as another application holding grabs would be."""
    from Xlib import display  # type: ignore[import-untyped,unused-ignore]

    client = display.Display(xvfb_display)
    yield client
    client.close()


def _grab_elsewhere(client: Any, keysym: str = "space", extra: int = 0) -> bool:
    """Grab Ctrl+Alt+<keysym> (+ lock bits) from another client; True when the server allowed it."""
    from Xlib import XK, X, error

    keycode = client.keysym_to_keycode(XK.string_to_keysym(keysym))
    catcher = error.CatchError(error.BadAccess)
    root = client.screen().root
    mods = X.ControlMask | X.Mod1Mask | extra
    root.grab_key(keycode, mods, True, X.GrabModeAsync, X.GrabModeAsync, onerror=catcher)
    client.sync()
    return catcher.get_error() is None


def test_chord_press_activates(backend: X11Backend, xvfb_display: str, qtbot: QtBot) -> None:
    backend.register(CHORD)
    with qtbot.waitSignal(backend.activated, timeout=5000):
        xdotool(xvfb_display, "key", "ctrl+alt+space")


@pytest.mark.parametrize("lock", ["Caps_Lock", "Num_Lock"])
def test_chord_fires_with_lock_on(
    backend: X11Backend, xvfb_display: str, qtbot: QtBot, lock: str
) -> None:
    backend.register(CHORD)
    xdotool(xvfb_display, "key", lock)  # toggles the lock on
    try:
        with qtbot.waitSignal(backend.activated, timeout=5000):
            xdotool(xvfb_display, "key", "ctrl+alt+space")
    finally:
        xdotool(xvfb_display, "key", lock)  # and off again for the next test


def test_held_chord_activates_once(backend: X11Backend, xvfb_display: str, qtbot: QtBot) -> None:
    # Xvfb auto-repeats a held key (Release+Press pairs): the palette must not flicker.
    backend.register(CHORD)
    presses: list[None] = []

    def on_press() -> None:  # what the shell does once the palette has the focus
        presses.append(None)
        backend.release_keyboard()

    backend.activated.connect(on_press)
    xdotool(
        xvfb_display,
        *("keydown", "ctrl+alt+space", "sleep", "1"),
        *("keyup", "space", "keyup", "ctrl+alt"),
    )
    # A second, separate press travels behind every repeat event on the same connection (held
    # by the X server until the first press's freeze is released).
    xdotool(xvfb_display, "key", "ctrl+alt+space")
    qtbot.waitUntil(lambda: len(presses) >= 2, timeout=5000)
    with qtbot.assertNotEmitted(backend.activated, wait=300):
        pass
    assert len(presses) == 2


def test_other_keys_do_not_activate(backend: X11Backend, xvfb_display: str, qtbot: QtBot) -> None:
    backend.register(CHORD)
    with qtbot.assertNotEmitted(backend.activated, wait=300):
        xdotool(xvfb_display, "key", "ctrl+alt+k", "space", "ctrl+space")


def test_chord_taken_by_another_client_is_a_conflict(
    backend: X11Backend, other_client: Any
) -> None:
    assert _grab_elsewhere(other_client)
    with pytest.raises(HotkeyConflict) as caught:
        backend.register(CHORD)
    message = str(caught.value)
    assert "Ctrl+Alt+Space is already used by another application" in message
    assert "Settings" in message
    assert "sessiondock-launcher --toggle" in message
    assert backend.chord is None


def test_conflict_leaves_no_partial_grab(
    backend: X11Backend, xvfb_display: str, other_client: Any
) -> None:
    # Only the plain chord is taken: our grabs of its CapsLock/NumLock variants succeeded before
    # the BadAccess showed up, and must be released again or they would keep stealing the chord.
    from Xlib import X, display

    first = display.Display(xvfb_display)
    try:
        assert _grab_elsewhere(first)
        with pytest.raises(HotkeyConflict):
            backend.register(CHORD)
    finally:
        first.close()
    assert _grab_elsewhere(other_client, extra=X.LockMask)
    assert _grab_elsewhere(other_client, extra=X.Mod2Mask | X.LockMask)


def test_unregister_stops_activation_and_frees_the_chord(
    backend: X11Backend, xvfb_display: str, other_client: Any, qtbot: QtBot
) -> None:
    backend.register(CHORD)
    backend.unregister()
    backend.unregister()  # idempotent
    with qtbot.assertNotEmitted(backend.activated, wait=300):
        xdotool(xvfb_display, "key", "ctrl+alt+space")
    assert _grab_elsewhere(other_client), "the X server still sees our grab"


def test_close_releases_the_grab(backend: X11Backend, other_client: Any) -> None:
    backend.register(CHORD)
    backend.close()
    backend.close()
    assert _grab_elsewhere(other_client)


def test_changing_the_chord_replaces_the_grab(
    backend: X11Backend, xvfb_display: str, other_client: Any, qtbot: QtBot
) -> None:
    backend.register(CHORD)
    backend.register(CHORD)  # same chord: nothing to do
    with qtbot.waitSignal(backend.registered, timeout=1000) as registered:
        backend.register(parse_chord("Ctrl+Alt+K"))
    assert registered.args == ["Ctrl+Alt+K"]
    assert _grab_elsewhere(other_client, "space")
    with qtbot.waitSignal(backend.activated, timeout=5000):
        xdotool(xvfb_display, "key", "ctrl+alt+k")


def _focused_window(client: Any) -> Any:
    """A window of another client with the X focus, listening for key presses (the DAW)."""
    from Xlib import X

    screen = client.screen()
    window = screen.root.create_window(0, 0, 50, 50, 0, screen.root_depth)
    window.change_attributes(event_mask=X.KeyPressMask)
    window.map()
    client.sync()
    window.set_input_focus(X.RevertToParent, X.CurrentTime)
    client.sync()
    return window


def _keys_seen(client: Any) -> list[int]:
    from Xlib import X

    seen = []
    while client.pending_events():
        event = client.next_event()
        if event.type == X.KeyPress:
            seen.append(event.detail)
    return seen


def _collect(client: Any, seen: list[int], keycode: int) -> bool:
    client.sync()
    seen.extend(_keys_seen(client))
    return keycode in seen


def test_keys_typed_after_the_chord_wait_until_the_palette_is_ready(
    backend: X11Backend, xvfb_display: str, other_client: Any, qtbot: QtBot
) -> None:
    """Between the press and the palette's focus, X would give the typed keys to the DAW."""
    from Xlib import XK

    _focused_window(other_client)
    backend.register(CHORD)
    letter = other_client.keysym_to_keycode(XK.string_to_keysym("z"))
    with qtbot.waitSignal(backend.activated, timeout=5000):
        xdotool(xvfb_display, "key", "ctrl+alt+space", "z")
    other_client.sync()
    assert letter not in _keys_seen(other_client)  # held by the X server, not delivered
    backend.release_keyboard()
    seen: list[int] = []
    qtbot.waitUntil(lambda: _collect(other_client, seen, letter))
    assert seen.count(letter) == 1  # delivered once released, to whoever has the focus now


def test_the_keyboard_is_released_by_itself_when_the_palette_never_gets_ready(
    backend: X11Backend, xvfb_display: str, other_client: Any, qtbot: QtBot
) -> None:
    from Xlib import XK

    from sessiondock_launcher.desktop.hotkeys.x11 import FREEZE_LIMIT_MS

    _focused_window(other_client)
    backend.register(CHORD)
    letter = other_client.keysym_to_keycode(XK.string_to_keysym("z"))
    with qtbot.waitSignal(backend.activated, timeout=5000):
        xdotool(xvfb_display, "key", "ctrl+alt+space", "z")
    started = time.monotonic()
    seen: list[int] = []
    qtbot.waitUntil(lambda: _collect(other_client, seen, letter), timeout=FREEZE_LIMIT_MS + 2000)
    assert seen.count(letter) == 1
    assert time.monotonic() - started < (FREEZE_LIMIT_MS + 1500) / 1000


def test_a_show_command_holds_the_keys_until_the_palette_is_ready(
    backend: X11Backend, xvfb_display: str, other_client: Any, qtbot: QtBot
) -> None:
    """``--toggle`` from a desktop shortcut: what is typed while the palette comes up waits."""
    from Xlib import XK

    _focused_window(other_client)
    backend.register(CHORD)
    letter = other_client.keysym_to_keycode(XK.string_to_keysym("z"))
    backend.hold_keyboard()
    xdotool(xvfb_display, "key", "z")
    other_client.sync()
    assert letter not in _keys_seen(other_client)
    backend.release_keyboard()
    seen: list[int] = []
    qtbot.waitUntil(lambda: _collect(other_client, seen, letter))
    assert seen.count(letter) == 1  # once, to the focused window (not to our grab)
    xdotool(xvfb_display, "key", "z")  # and the keyboard is free again
    qtbot.waitUntil(lambda: _collect(other_client, seen, letter) and seen.count(letter) == 2)
