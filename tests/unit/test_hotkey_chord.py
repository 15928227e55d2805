"""Chord parsing, the portable stored form, its migration, display text and the warnings."""

from __future__ import annotations

import pytest

from sessiondock_launcher.desktop.hotkeys.chord import (
    DEFAULT_CHORD,
    KEYS,
    Chord,
    InvalidChord,
    Modifier,
    format_chord,
    is_reserved,
    keysym_name,
    migrate_stored_hotkey,
    parse_chord,
    reserved_reason,
)

CTRL, ALT, SHIFT, META = Modifier.CONTROL, Modifier.ALT, Modifier.SHIFT, Modifier.SUPER


@pytest.mark.parametrize(
    ("text", "modifiers", "key", "canonical"),
    [
        ("Ctrl+Alt+Space", {CTRL, ALT}, "Space", "Control+Alt+Space"),
        ("alt+ctrl+space", {CTRL, ALT}, "Space", "Control+Alt+Space"),
        ("  Ctrl + Alt + Space ", {CTRL, ALT}, "Space", "Control+Alt+Space"),
        ("Meta+Shift+K", {META, SHIFT}, "K", "Shift+Super+K"),
        ("super+shift+k", {META, SHIFT}, "K", "Shift+Super+K"),
        ("⌃⌥Space", {CTRL, ALT}, "Space", "Control+Alt+Space"),
        ("⌘⇧P", {META, SHIFT}, "P", "Shift+Super+P"),
        ("⌃⌥+Space", {CTRL, ALT}, "Space", "Control+Alt+Space"),
        ("⌃ + ⌥ + Space", {CTRL, ALT}, "Space", "Control+Alt+Space"),
        ("⌘+Shift+K", {META, SHIFT}, "K", "Shift+Super+K"),
        ("Control+Option+Return", {CTRL, ALT}, "Return", "Control+Alt+Return"),
        ("Cmd+Alt+Enter", {META, ALT}, "Return", "Alt+Super+Return"),
        ("Win+Alt+PgDn", {META, ALT}, "PageDown", "Alt+Super+PageDown"),
        ("Ctrl+Shift+esc", {CTRL, SHIFT}, "Escape", "Control+Shift+Escape"),
        ("Ctrl+Alt+f5", {CTRL, ALT}, "F5", "Control+Alt+F5"),
        ("Ctrl+Alt+7", {CTRL, ALT}, "7", "Control+Alt+7"),
        ("F13", set(), "F13", "F13"),
        ("Shift+F24", {SHIFT}, "F24", "Shift+F24"),
        ("Control+Alt+Space", {CTRL, ALT}, "Space", "Control+Alt+Space"),
        ("Shift+Super+K", {META, SHIFT}, "K", "Shift+Super+K"),
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
    assert "Add a modifier, e.g. Ctrl+Alt+Space" in str(caught.value)


def test_default_is_control_alt_space_and_not_reserved() -> None:
    assert str(DEFAULT_CHORD) == "Control+Alt+Space"
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
        (parse_chord("Super+Space"), "linux", "keyboard layout"),
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


@pytest.mark.parametrize(
    ("text", "platform", "shown"),
    [
        ("Control+Alt+Space", "darwin", "⌃⌥Space"),
        ("Super+Alt+Space", "darwin", "⌥⌘Space"),
        ("Super+Shift+Control+Alt+K", "darwin", "⌃⌥⇧⌘K"),
        ("Control+Alt+Space", "win32", "Ctrl+Alt+Space"),
        ("Super+Shift+K", "win32", "Shift+Win+K"),
        ("Control+Alt+Space", "linux", "Ctrl+Alt+Space"),
        ("Super+Shift+K", "linux", "Shift+Super+K"),
        ("Super+Shift+K", "freebsd14", "Shift+Super+K"),
    ],
)
def test_format_chord_per_platform(text: str, platform: str, shown: str) -> None:
    assert format_chord(parse_chord(text), platform) == shown


def test_stored_form_does_not_change_meaning_per_os() -> None:
    """One stored text, the same physical keys on every OS; only the display differs."""
    chord = parse_chord("Super+Alt+Space")
    assert chord.modifiers == {META, ALT}
    assert [format_chord(chord, p) for p in ("darwin", "win32", "linux")] == [
        "⌥⌘Space",
        "Alt+Win+Space",
        "Alt+Super+Space",
    ]


@pytest.mark.parametrize(
    ("stored", "platform", "migrated"),
    [
        # The untouched old default was documented (and registered) as ⌃⌥Space everywhere.
        ("Ctrl+Alt+Space", "darwin", "Control+Alt+Space"),
        ("Ctrl+Alt+Space", "linux", "Control+Alt+Space"),
        # Recorded on a Mac: Qt wrote ⌘ as "Ctrl" and ⌃ as "Meta".
        ("Ctrl+Alt+K", "darwin", "Alt+Super+K"),
        ("Meta+Alt+Space", "darwin", "Control+Alt+Space"),
        ("Ctrl+Meta+Space", "darwin", "Control+Super+Space"),
        ("Ctrl+Shift+Space", "darwin", "Shift+Super+Space"),
        # Elsewhere Qt's Ctrl is Ctrl and Meta the Windows/Super key.
        ("Ctrl+Alt+K", "win32", "Control+Alt+K"),
        ("Meta+Shift+K", "linux", "Shift+Super+K"),
        # Already portable (or hand-written with unambiguous names): unchanged in meaning.
        ("Control+Alt+Space", "darwin", "Control+Alt+Space"),
        ("Super+Alt+Space", "darwin", "Alt+Super+Space"),
        ("Cmd+Alt+Space", "darwin", "Alt+Super+Space"),
        ("⌘⌥Space", "darwin", "Alt+Super+Space"),
        ("Alt+Shift+F13", "darwin", "Alt+Shift+F13"),
        # Nonsense stays as it is, so Settings can say what is wrong with it.
        ("Ctrl+Alt+Hyper", "darwin", "Ctrl+Alt+Hyper"),
        ("", "linux", ""),
    ],
)
def test_migrate_stored_hotkey(stored: str, platform: str, migrated: str) -> None:
    assert migrate_stored_hotkey(stored, platform) == migrated
    assert migrate_stored_hotkey(migrated, platform) == migrated  # idempotent
