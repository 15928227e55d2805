"""Enter acts on what you typed: when an action waits, and when it runs (no Qt)."""

from __future__ import annotations

from sessiondock_launcher.core.keymap import Intent
from sessiondock_launcher.core.pending import PendingAction, PendingActions, Press


def test_rows_for_the_typed_text_act_at_once() -> None:
    pending = PendingActions()
    press = pending.press(Intent.FOCUS, shown_text="mid", typed_text="mid", answer_coming=True)
    assert press is Press.ACT
    assert pending.waiting is None


def test_an_early_press_waits_and_runs_once_on_the_typed_texts_results() -> None:
    pending = PendingActions()
    assert pending.press(Intent.OPEN, shown_text="", typed_text="zebra", answer_coming=True) is (
        Press.WAIT
    )
    assert pending.results_arrived("") is None  # an older text's rows never run it
    assert pending.results_arrived("zebra") == PendingAction(Intent.OPEN, "zebra", 0)
    assert pending.results_arrived("zebra") is None  # once


def test_typing_on_cancels_but_the_same_text_keeps_it() -> None:
    pending = PendingActions()
    pending.press(Intent.PICK, shown_text="", typed_text="zeb", answer_coming=True, row=2)
    assert not pending.text_changed("zeb")
    assert pending.waiting == PendingAction(Intent.PICK, "zeb", 2)
    assert pending.text_changed("zebr")
    assert pending.results_arrived("zeb") is None


def test_esc_cancels_and_says_whether_anything_waited() -> None:
    pending = PendingActions()
    assert not pending.cancel()
    pending.press(Intent.FOCUS, shown_text="a", typed_text="ab", answer_coming=True)
    assert pending.cancel()
    assert pending.results_arrived("ab") is None


def test_stale_rows_with_no_answer_coming_do_nothing() -> None:
    """SessionDock unreachable: an Enter must neither act on the old rows nor fire much later."""
    pending = PendingActions()
    press = pending.press(Intent.FOCUS, shown_text="", typed_text="mid", answer_coming=False)
    assert press is Press.NOTHING
    assert pending.results_arrived("mid") is None


def test_a_failed_search_drops_the_action_waiting_for_it() -> None:
    pending = PendingActions()
    pending.press(Intent.FOCUS, shown_text="", typed_text="mid", answer_coming=True)
    assert not pending.search_failed("other")
    assert pending.search_failed("mid")
    assert pending.results_arrived("mid") is None  # a later sync's results never run it
