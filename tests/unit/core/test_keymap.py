"""The one keymap: lookups by context, and the hints drawn from it per platform (no Qt)."""

from __future__ import annotations

import pytest

from sessiondock_launcher.core.keymap import (
    KEYMAP,
    Context,
    Intent,
    binding_for,
    hint_row,
    lookup,
    pane_hint_row,
    shortcut_text,
)


def test_every_key_and_modifier_pair_means_one_thing() -> None:
    pairs = [(b.key, b.modifiers) for b in KEYMAP]
    assert len(pairs) == len(set(pairs))


def test_audition_keys_only_in_the_audition_context() -> None:
    assert lookup("Space", frozenset(), audition=False) is None  # a space in the text
    played = lookup("Space", frozenset(), audition=True)
    assert played is not None and played.intent is Intent.PLAY_PAUSE
    assert played.context is Context.AUDITION
    enter = lookup("Return", frozenset(), audition=False)
    assert enter is not None and enter.intent is Intent.FOCUS
    assert lookup("Return", frozenset({"Shift"}), audition=False) is None


def test_alt_digits_pick_rows() -> None:
    picked = lookup("3", frozenset({"Alt"}), audition=False)
    assert picked is not None and (picked.intent, picked.key) == (Intent.PICK, "3")


@pytest.mark.parametrize(
    ("platform", "row"),
    [
        ("linux", "↵ Focus   Ctrl+↵ Open   Ctrl+K Actions   Ctrl+I Preview   Esc Close"),
        ("win32", "↵ Focus   Ctrl+↵ Open   Ctrl+K Actions   Ctrl+I Preview   Esc Close"),
        ("darwin", "↵ Focus   ⌘↵ Open   ⌘K Actions   ⌘I Preview   Esc Close"),
    ],
)
def test_hint_row_per_platform(platform: str, row: str) -> None:
    assert hint_row(platform) == row


def test_glyphs_for_alt_on_macos_and_elsewhere() -> None:
    pick = lookup("1", frozenset({"Alt"}), audition=False)
    assert pick is not None
    assert shortcut_text(pick, "darwin") == "⌥1"
    assert shortcut_text(pick, "linux") == "Alt+1"
    assert shortcut_text(binding_for(Intent.EDIT_TAGS), "darwin") == "⌘T"


def test_pane_hint_row() -> None:
    assert pane_hint_row("linux") == "Space play · ←/→ seek · Ctrl+T tags · Ctrl+I hide"
    assert pane_hint_row("darwin") == "Space play · ←/→ seek · ⌘T tags · ⌘I hide"
