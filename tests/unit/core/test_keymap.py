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


def test_every_key_and_modifier_pair_means_one_thing_per_context() -> None:
    triples = [(b.key, b.modifiers, b.context) for b in KEYMAP]
    assert len(triples) == len(set(triples))
    # A key with several rows: its context rows come before its one ALWAYS row (they win there).
    for key, mods, _context in triples:
        rows = [b for b in KEYMAP if (b.key, b.modifiers) == (key, mods)]
        always = [b for b in rows if b.context is Context.ALWAYS]
        assert len(always) <= 1
        assert not always or rows[-1] is always[0]


def test_up_walks_the_query_history_only_in_its_context() -> None:
    up, down = "Up", "Down"
    moved = lookup(up, frozenset(), audition=False)
    assert moved is not None and moved.intent is Intent.PREVIOUS
    older = lookup(up, frozenset(), audition=False, history=True)
    assert older is not None and older.intent is Intent.HISTORY_OLDER
    # ↓ steps forward only while walking; otherwise it moves into the results.
    plain = lookup(down, frozenset(), audition=False, history=True)
    assert plain is not None and plain.intent is Intent.NEXT
    newer = lookup(down, frozenset(), audition=False, history=True, walking=True)
    assert newer is not None and newer.intent is Intent.HISTORY_NEWER


def test_pin_key_is_free_of_daw_transport_keys() -> None:
    pin = binding_for(Intent.TOGGLE_PIN)
    assert (pin.key, pin.modifiers) == ("P", frozenset({"Ctrl", "Shift"}))
    assert shortcut_text(pin, "darwin") == "⇧⌘P"


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
