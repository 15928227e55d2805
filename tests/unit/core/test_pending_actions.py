"""Enter acts on what you typed: when an action waits, and when it runs (no Qt)."""

from __future__ import annotations

from sessiondock_launcher.core.keymap import Intent
from sessiondock_launcher.core.pending import PendingAction, PendingActions


def test_rows_for_the_typed_text_act_at_once() -> None:
    pending = PendingActions()
    assert pending.press(Intent.FOCUS, shown_text="mid", typed_text="mid")
    assert pending.waiting is None


def test_an_early_press_waits_and_runs_once_on_the_typed_texts_results() -> None:
    pending = PendingActions()
    assert not pending.press(Intent.OPEN, shown_text="", typed_text="zebra")
    assert pending.results_arrived("") is None  # an older text's rows never run it
    assert pending.results_arrived("zebra") == PendingAction(Intent.OPEN, "zebra", 0)
    assert pending.results_arrived("zebra") is None  # once


def test_typing_on_cancels_but_the_same_text_keeps_it() -> None:
    pending = PendingActions()
    pending.press(Intent.PICK, shown_text="", typed_text="zeb", row=2)
    assert not pending.text_changed("zeb")
    assert pending.waiting == PendingAction(Intent.PICK, "zeb", 2)
    assert pending.text_changed("zebr")
    assert pending.results_arrived("zeb") is None


def test_esc_cancels_and_says_whether_anything_waited() -> None:
    pending = PendingActions()
    assert not pending.cancel()
    pending.press(Intent.FOCUS, shown_text="a", typed_text="ab")
    assert pending.cancel()
    assert pending.results_arrived("ab") is None
