"""What the palette's own intents do: act on a row, move, clear or hide, and wait for the typed
text's results when an action key comes before them (``core/pending.py`` decides).

Enter, Ctrl+Enter, Ctrl+K, Alt+1…9 and a double-click act only on rows that answer exactly the
text in the field. Pressed earlier, the action waits (the count line says so) and then acts on
the top row of those results (Alt+n: selects their n-th row); typing on, Esc or hiding cancels.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, SignalInstance

from sessiondock_launcher.core.keymap import NAVIGATION, Binding, Intent
from sessiondock_launcher.core.pending import PendingActions, Press
from sessiondock_launcher.core.store import HistoryWalk, QueryHistory
from sessiondock_launcher.ui.palette.window import PaletteWindow

logger = logging.getLogger(__name__)

PAGE_STEP = 6
_ACTS = (Intent.FOCUS, Intent.OPEN, Intent.ACTIONS)


class PaletteIntents:
    """The palette's key handlers, and the one action that may wait for results."""

    def __init__(self, palette: PaletteWindow, answer_coming: Callable[[str], bool]) -> None:
        self.palette = palette
        self._answer_coming = answer_coming
        self.pending = PendingActions()
        self.history: QueryHistory | None = None
        """The stored query history (↑ in an empty field); ``None``: no history."""
        self._walk: HistoryWalk | None = None
        self._recalled: str | None = None  # the text ↑/↓ put in the field
        self._signals: dict[Intent, SignalInstance] = {
            Intent.FOCUS: palette.focus_requested,
            Intent.OPEN: palette.open_requested,
            Intent.ACTIONS: palette.actions_requested,
        }
        palette.results_applied.connect(self._on_results)
        palette.search.textChanged.connect(self._on_text_changed)
        palette.hidden.connect(self._cancel)
        palette.list.doubleClicked.connect(self._on_double_clicked)

    def handlers(self) -> dict[Intent, Callable[[Binding], None]]:
        """What the palette does for each keymap intent it owns."""
        return {
            **{intent: self._act for intent in _ACTS},
            Intent.CLEAR_OR_HIDE: lambda _b: self._clear_or_hide(),
            Intent.HISTORY_OLDER: lambda _b: self._recall(older=True),
            Intent.HISTORY_NEWER: lambda _b: self._recall(older=False),
            **dict.fromkeys(NAVIGATION, self._move),
        }

    # -- acting on rows ----------------------------------------------------------------------
    def _answers_typed_text(self, intent: Intent, row: int = 0) -> bool:
        palette = self.palette
        typed = palette.search.text()
        press = self.pending.press(
            intent,
            shown_text=palette.answered_text(),
            typed_text=typed,
            answer_coming=self._answer_coming(typed),
            row=row,
        )
        if press is Press.WAIT:
            logger.info("%s waits for the results of the typed text", intent.value)
            palette.show_waiting(typed)
        elif press is Press.NOTHING:
            logger.info("%s ignored: the rows answer an older text, none coming", intent.value)
        return press is Press.ACT

    def _act(self, binding: Binding) -> None:
        if self._answers_typed_text(binding.intent):
            self._emit(binding.intent)

    def _on_double_clicked(self, _index: QModelIndex | QPersistentModelIndex) -> None:
        if self._answers_typed_text(Intent.FOCUS):
            self._emit(Intent.FOCUS)

    def _emit(self, intent: Intent) -> None:
        session = self.palette.current_session()
        if session is not None:
            self._signals[intent].emit(session)
        elif intent is Intent.FOCUS and self.palette.empty_label.new_button.isVisible():
            # Nothing matched and a New session is offered: Enter opens its form (nothing is
            # created until the form is confirmed), as a launcher's fallback item does.
            self.palette.empty_label.new_button.click()

    def _on_results(self, text: str) -> None:
        pending = self.pending.results_arrived(text)
        if pending is None:
            return
        self.palette.select_row(pending.row)
        if pending.intent in self._signals:
            self._emit(pending.intent)

    def on_search_failed(self, text: str) -> None:
        self.palette.note_search_failed(text)
        if self.pending.search_failed(text):
            self.palette.update_count()

    # -- query history -----------------------------------------------------------------------
    def history_active(self) -> bool:
        """↑ steps back: there is a history and the field is empty, or ↑/↓ recalled its text."""
        if self.history is None:
            return False
        return self.history_walking() or (
            not self.palette.search.text() and bool(self.history.recent(1))
        )

    def history_walking(self) -> bool:
        """↓ steps forward: the field shows a query ↑/↓ recalled (untouched since)."""
        return self._walk is not None and self.palette.search.text() == self._recalled

    def _recall(self, *, older: bool) -> None:
        if self.history is None:
            return
        if self._walk is None or self.palette.search.text() != self._recalled:
            self._walk = self.history.walk()
        entry = self._walk.older() if older else self._walk.newer()
        if entry is None:  # at the oldest (or ↓ before any ↑): the field keeps its text
            return
        self._recalled = entry
        self.palette.search.setText(entry)
        if not entry:
            self._walk = None

    def _on_text_changed(self, text: str) -> None:
        if text != self._recalled:
            self._walk = self._recalled = None
        if self.pending.text_changed(text):
            self.palette.update_count()

    def _cancel(self) -> bool:
        if self.pending.cancel():
            self.palette.update_count()
            return True
        return False

    # -- the rest ----------------------------------------------------------------------------
    def _clear_or_hide(self) -> None:
        if self._cancel():  # Esc first cancels a waiting action, keeping the text
            return
        palette = self.palette
        if palette.search.text():
            palette.search.clear()
        else:
            palette.hide()

    def _move(self, binding: Binding) -> None:
        palette = self.palette
        if binding.intent is Intent.PICK:
            row = int(binding.key) - 1
            if self._answers_typed_text(Intent.PICK, row):
                palette.select_row(row)
            return
        row = palette.list.currentIndex().row()
        last = palette.model.rowCount() - 1
        target = {
            Intent.NEXT: row + 1,
            Intent.PREVIOUS: row - 1,
            Intent.PAGE_DOWN: row + PAGE_STEP,
            Intent.PAGE_UP: row - PAGE_STEP,
            Intent.FIRST: 0,
            Intent.LAST: last,
        }[binding.intent]
        if last >= 0:
            palette.select_row(target)
