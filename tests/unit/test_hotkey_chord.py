"""Chord parsing, canonical text and the warnings for poor global shortcuts."""

from __future__ import annotations

import pytest

from sessiondock_launcher.desktop.hotkeys.chord import (
    DEFAULT_CHORD,
    KEYS,
    Chord,
    InvalidChord,
    Modifier,
    is_reserved,
    keysym_name,
    parse_chord,
    reserved_reason,
)

CTRL, ALT, SHIFT, META = Modifier.CTRL, Modifier.ALT, Modifier.SHIFT, Modifier.META


@pytest.mark.parametrize(
    ("text", "modifiers", "key", "canonical"),
    [
        ("Ctrl+Alt+Space", {CTRL, ALT}, "Space", "Ctrl+Alt+Space"),
        ("alt+ctrl+space", {CTRL, ALT}, "Space", "Ctrl+Alt+Space"),
        ("  Ctrl + Alt + Space ", {CTRL, ALT}, "Space", "Ctrl+Alt+Space"),
        ("Meta+Shift+K", {META, SHIFT}, "K", "Shift+Meta+K"),
        ("super+shift+k", {META, SHIFT}, "K", "Shift+Meta+K"),
        ("⌃⌥Space", {CTRL, ALT}, "Space", "Ctrl+Alt+Space"),
        ("⌘⇧P", {META, SHIFT}, "P", "Shift+Meta+P"),
        ("⌃⌥+Space", {CTRL, ALT}, "Space", "Ctrl+Alt+Space"),
        ("⌃ + ⌥ + Space", {CTRL, ALT}, "Space", "Ctrl+Alt+Space"),
        ("⌘+Shift+K", {META, SHIFT}, "K", "Shift+Meta+K"),
        ("Control+Option+Return", {CTRL, ALT}, "Return", "Ctrl+Alt+Return"),
        ("Cmd+Alt+Enter", {META, ALT}, "Return", "Alt+Meta+Return"),
        ("Win+Alt+PgDn", {META, ALT}, "PageDown", "Alt+Meta+PageDown"),
        ("Ctrl+Shift+esc", {CTRL, SHIFT}, "Escape", "Ctrl+Shift+Escape"),
        ("Ctrl+Alt+f5", {CTRL, ALT}, "F5", "Ctrl+Alt+F5"),
        ("Ctrl+Alt+7", {CTRL, ALT}, "7", "Ctrl+Alt+7"),
        ("F13", set(), "F13", "F13"),
        ("Shift+F24", {SHIFT}, "F24", "Shift+F24"),
    ],
)
def test_parse(text: str, modifiers: set[Modifier], key: str, canonical: str) -> None:
    chord = parse_chord(text)
    assert chord == Chord(frozenset(modifiers), key)
    assert str(chord) == canonical
    assert parse_chord(str(chord)) == chord  # the canonical text round-trips


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is not a shortcut"),
        ("Ctrl+", "is not a shortcut"),
        ("+Space", "is not a shortcut"),
        ("Ctrl+Alt", "only modifiers"),
        ("Ctrl+A+B", "two keys"),
        ("Ctrl+Alt+Hyper", "not a key"),
        ("Ctrl+Alt+é", "not a key"),
        ("Space", "every application"),
        ("K", "every application"),
        ("F5", "every application"),
        ("Shift+K", "every application"),
        ("⇧Space", "every application"),
    ],
)
def test_parse_refuses(text: str, message: str) -> None:
    with pytest.raises(InvalidChord, match=message):
        parse_chord(text)


def test_invalid_chord_is_a_value_error_with_a_user_message() -> None:
    with pytest.raises(ValueError) as caught:
        parse_chord("Space")
    assert "Add Ctrl, Alt or Meta" in str(caught.value)


def test_default_is_ctrl_alt_space_and_not_reserved() -> None:
    assert str(DEFAULT_CHORD) == "Ctrl+Alt+Space"
    assert DEFAULT_CHORD.mac_text() == "⌃⌥Space"
    for platform in ("win32", "darwin", "linux"):
        assert reserved_reason(DEFAULT_CHORD, platform) is None


def test_mac_text_uses_mac_symbol_order() -> None:
    assert parse_chord("Meta+Shift+Ctrl+Alt+K").mac_text() == "⌃⌥⇧⌘K"


@pytest.mark.parametrize(
    ("chord", "platform", "fragment"),
    [
        (Chord(frozenset(), "Space"), "linux", "transport"),
        (Chord(frozenset({SHIFT}), "Space"), "linux", "transport"),
        (Chord(frozenset(), "K"), "linux", "typing"),
        (parse_chord("Alt+Space"), "win32", "window menu"),
        (parse_chord("Meta+Space"), "darwin", "Spotlight"),
        (parse_chord("Meta+Space"), "linux", "keyboard layout"),
        (parse_chord("Ctrl+Space"), "linux", "input sources"),
        (parse_chord("Alt+Shift+K"), "darwin", "macOS 15"),
        (parse_chord("Ctrl+S"), "win32", "everyday shortcut"),
        (parse_chord("Meta+1"), "linux", "everyday shortcut"),
    ],
)
def test_reserved_reason(chord: Chord, platform: str, fragment: str) -> None:
    reason = reserved_reason(chord, platform)
    assert reason is not None
    assert fragment in reason
    assert is_reserved(chord, platform)


@pytest.mark.parametrize(
    "text", ["Ctrl+Alt+Space", "Ctrl+Shift+Space", "Meta+Alt+K", "Ctrl+Alt+S", "F13"]
)
def test_good_chords_are_not_reserved(text: str) -> None:
    assert not is_reserved(parse_chord(text), "linux")


def test_alt_only_is_fine_off_macos() -> None:
    assert not is_reserved(parse_chord("Alt+Shift+K"), "linux")


def test_every_key_has_a_keysym_name() -> None:
    xk = pytest.importorskip("Xlib.XK")  # python-xlib is a Linux-only dependency
    for key in KEYS:
        assert xk.string_to_keysym(keysym_name(key)) != 0, key
