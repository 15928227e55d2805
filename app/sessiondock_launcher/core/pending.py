"""Enter acts on what you typed: an action key pressed before the results for the typed text
exist waits for them instead of acting on the rows still on screen.

Before the first sync the results come from the server after a debounce, so for a moment the
rows on screen answer an older text. :class:`PendingActions` decides, per press, whether the rows
answer exactly the typed text (act now) or not (wait); when the answer for that text arrives the
waiting action runs on its top row (Alt+n: its n-th row). More typing, Esc or hiding the palette
cancels it. Nothing here knows Qt: the palette asks and shows the waiting state.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from sessiondock_launcher.core.keymap import Intent


class Press(Enum):
    """What an action key does now."""

    ACT = "act"  # the rows on screen answer the typed text: act on the selected row
    WAIT = "wait"  # their answer is on its way: wait for it, then act on its top row
    NOTHING = "nothing"  # stale rows and no answer coming (SessionDock unreachable): never guess


@dataclass(frozen=True, slots=True)
class PendingAction:
    """An action waiting for the results of ``text``; ``row`` is the row it will act on."""

    intent: Intent
    text: str
    row: int = 0


class PendingActions:
    """Holds at most one action that waits for the results of the text typed when it was pressed."""

    def __init__(self) -> None:
        self._pending: PendingAction | None = None

    @property
    def waiting(self) -> PendingAction | None:
        return self._pending

    def press(
        self,
        intent: Intent,
        *,
        shown_text: str | None,
        typed_text: str,
        answer_coming: bool,
        row: int = 0,
    ) -> Press:
        """An action key was pressed while the rows on screen answer ``shown_text`` (``None``:
        no text, after a failed search).

        ``answer_coming`` says whether the results of ``typed_text`` are on their way. A waiting
        action replaces any earlier one.
        """
        self._pending = None
        if shown_text == typed_text:
            return Press.ACT
        if not answer_coming:
            return Press.NOTHING
        self._pending = PendingAction(intent, typed_text, row)
        return Press.WAIT

    def results_arrived(self, text: str) -> PendingAction | None:
        """Results for ``text`` are on screen: the action that waited for them, if any (once)."""
        pending = self._pending
        if pending is None or pending.text != text:
            return None
        self._pending = None
        return pending

    def search_failed(self, text: str) -> bool:
        """The answer for ``text`` will not come: its waiting action is dropped. True if one was."""
        if self._pending is not None and self._pending.text == text:
            self._pending = None
            return True
        return False

    def text_changed(self, text: str) -> bool:
        """The user typed on: a waiting action for another text is dropped. True if one was."""
        if self._pending is not None and self._pending.text != text:
            self._pending = None
            return True
        return False

    def cancel(self) -> bool:
        """Esc or the palette hid: drop the waiting action. True if there was one."""
        had = self._pending is not None
        self._pending = None
        return had
