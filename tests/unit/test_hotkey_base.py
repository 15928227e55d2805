"""The backend contract (idempotence, restore on failure, messages) and the choice of backend."""

from __future__ import annotations

import pytest

from sessiondock_launcher.desktop.hotkeys import (
    TOGGLE_COMMAND_HELP,
    HotkeyBackend,
    HotkeyConflict,
    HotkeyUnavailable,
    NullBackend,
    create_backend,
    parse_chord,
    toggle_command_help,
)
from sessiondock_launcher.desktop.hotkeys.chord import Chord
from sessiondock_launcher.desktop.hotkeys.macos import MacBackend
from sessiondock_launcher.desktop.hotkeys.portal import PortalBackend
from sessiondock_launcher.desktop.hotkeys.windows import WindowsBackend
from sessiondock_launcher.desktop.hotkeys.x11 import X11Backend

CHORD = parse_chord("Ctrl+Alt+Space")
OTHER = parse_chord("Ctrl+Alt+K")


class RecordingBackend(HotkeyBackend):
    """A backend that records hook calls and refuses the chords in ``taken``."""

    name = "recording"

    def __init__(self, taken: set[Chord] | None = None) -> None:
        super().__init__()
        self.taken = taken or set()
        self.calls: list[tuple[str, str]] = []

    def _register(self, chord: Chord) -> None:
        self.calls.append(("register", str(chord)))
        if chord in self.taken:
            raise HotkeyConflict(chord)

    def _unregister(self, chord: Chord) -> None:
        self.calls.append(("unregister", str(chord)))

    def _close(self) -> None:
        self.calls.append(("close", ""))


def test_register_is_idempotent_and_reports_the_live_chord() -> None:
    backend = RecordingBackend()
    seen: list[str] = []
    backend.registered.connect(seen.append)
    backend.register(CHORD)
    backend.register(CHORD)
    assert backend.calls == [("register", "Control+Alt+Space")]
    assert backend.chord == CHORD
    assert seen == ["Ctrl+Alt+Space"]


def test_a_new_chord_replaces_the_old_one() -> None:
    backend = RecordingBackend()
    backend.register(CHORD)
    backend.register(OTHER)
    assert backend.calls[1:] == [("unregister", "Control+Alt+Space"), ("register", "Control+Alt+K")]
    assert backend.chord == OTHER


def test_a_refused_replacement_keeps_the_previous_chord() -> None:
    backend = RecordingBackend(taken={OTHER})
    backend.register(CHORD)
    with pytest.raises(HotkeyConflict):
        backend.register(OTHER)
    assert backend.chord == CHORD
    assert backend.calls[-1] == ("register", "Control+Alt+Space")


def test_unregister_and_close_are_idempotent() -> None:
    backend = RecordingBackend()
    backend.unregister()
    backend.register(CHORD)
    backend.unregister()
    backend.unregister()
    backend.register(CHORD)
    backend.close()
    backend.close()
    assert backend.calls == [
        ("register", "Control+Alt+Space"),
        ("unregister", "Control+Alt+Space"),
        ("register", "Control+Alt+Space"),
        ("unregister", "Control+Alt+Space"),
        ("close", ""),
    ]
    with pytest.raises(HotkeyUnavailable, match="shut down"):
        backend.register(CHORD)


def test_conflict_message_says_which_chord_and_what_to_do() -> None:
    message = str(HotkeyConflict(CHORD))
    assert message.startswith("Ctrl+Alt+Space is already used by another application.")
    assert "Pick another shortcut in Settings" in message
    assert "`sessiondock-launcher --toggle`" in message


def test_null_backend_explains_the_toggle_command() -> None:
    backend = NullBackend("No hotkeys here.")
    with pytest.raises(HotkeyUnavailable) as caught:
        backend.register(CHORD)
    assert caught.value.reason == "No hotkeys here."
    assert "sessiondock-launcher --toggle" in str(caught.value)
    assert backend.chord is None
    backend.close()


@pytest.mark.parametrize(
    ("platform", "qt", "environ", "expected"),
    [
        ("win32", "windows", {}, WindowsBackend),
        ("darwin", "cocoa", {}, MacBackend),
        ("linux", "xcb", {"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}, X11Backend),
        ("linux", "wayland", {"WAYLAND_DISPLAY": "wayland-0"}, PortalBackend),
        ("linux", "wayland", {"XDG_SESSION_TYPE": "wayland"}, PortalBackend),
        # XWayland: X11 grabs only see keys typed into X11 windows (docs/pitfalls.md §11)
        ("linux", "xcb", {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, PortalBackend),
        ("linux", "xcb", {}, NullBackend),
        ("linux", "offscreen", {"DISPLAY": ":0"}, NullBackend),
        ("linux", "eglfs", {}, NullBackend),
        ("freebsd14", "xcb", {"DISPLAY": ":0"}, X11Backend),
    ],
)
def test_create_backend_choice(
    platform: str, qt: str, environ: dict[str, str], expected: type[HotkeyBackend]
) -> None:
    backend = create_backend(platform, qt, environ)
    try:
        assert type(backend) is expected
    finally:
        backend.close()  # nothing was connected: creating a backend touches no OS resource


def test_portal_without_a_session_bus_is_unavailable() -> None:
    backend = create_backend("linux", "wayland", {"WAYLAND_DISPLAY": "wayland-0"})
    with pytest.raises(HotkeyUnavailable, match="session bus"):
        backend.register(CHORD)
    backend.close()


def test_toggle_help_covers_each_desktop() -> None:
    for fragment in (
        "GNOME: Settings → Keyboard",
        "Custom Shortcuts",
        "KDE Plasma: System Settings",
        "bindsym Ctrl+Mod1+space exec sessiondock-launcher --toggle",
        "bind = CTRL ALT, space, exec, sessiondock-launcher --toggle",
    ):
        assert fragment in TOGGLE_COMMAND_HELP


@pytest.mark.parametrize(
    ("desktop", "fragment"),
    [
        ("ubuntu:GNOME", "GNOME:"),
        ("KDE", "KDE Plasma"),
        ("sway", "bindsym"),
        ("Hyprland", "bind ="),
    ],
)
def test_toggle_help_for_the_current_desktop(desktop: str, fragment: str) -> None:
    text = toggle_command_help({"XDG_CURRENT_DESKTOP": desktop})
    assert fragment in text
    assert "sessiondock-launcher --toggle" in text


def test_toggle_help_for_an_unknown_desktop_lists_all() -> None:
    assert toggle_command_help({"XDG_CURRENT_DESKTOP": "Pantheon"}) == TOGGLE_COMMAND_HELP
    assert toggle_command_help({}) == TOGGLE_COMMAND_HELP
