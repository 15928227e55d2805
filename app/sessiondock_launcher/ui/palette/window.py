"""The quick-search palette: a frameless, always-on-top tool window created hidden at start-up.

Signals:
    PaletteWindow.focus_requested(Session), open_requested(Session), actions_requested(Session),
    text_edited(str), results_applied(str) (rows for this text are on screen), shown(), hidden(),
    new_session_requested(NewSessionDraft) (the empty state's "New session", from the search).

Geometry comes from ``placing.py`` over ``core/placement.py`` (fits the screen at any scale,
pane or not); what a screen reader hears is sent from here as accessibility announcements.

What the palette's keys do is in ``intents.py``; which key is which, in ``core/keymap.py``.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QColor,
    QHideEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from sessiondock_launcher.api import Session
from sessiondock_launcher.core import messages
from sessiondock_launcher.core.keymap import hint_row
from sessiondock_launcher.core.refresh import keep_under_cursor
from sessiondock_launcher.core.search import ResultSet
from sessiondock_launcher.core.status import LauncherStatus, Link, TrayState
from sessiondock_launcher.ui.common import i18n
from sessiondock_launcher.ui.common.bridge import UserMessage
from sessiondock_launcher.ui.common.hold import PaletteHold
from sessiondock_launcher.ui.common.icons import DOT_COLORS
from sessiondock_launcher.ui.common.theme import Theme
from sessiondock_launcher.ui.palette.action_panel import ActionPanel
from sessiondock_launcher.ui.palette.empty_text import count_text, empty_text, searching_text
from sessiondock_launcher.ui.palette.message_display import ToastLife
from sessiondock_launcher.ui.palette.placing import PalettePlacement
from sessiondock_launcher.ui.palette.result_delegate import ResultDelegate
from sessiondock_launcher.ui.palette.results_model import MatchRole, ResultsModel, accessible_text
from sessiondock_launcher.ui.palette.toast import Toast
from sessiondock_launcher.ui.palette.widgets import (
    StatusChip,
    empty_state,
    results_list,
    search_field,
    status_label,
)

logger = logging.getLogger(__name__)
translate = QCoreApplication.translate  # lupdate extracts translate("Context", "text")
FAILED = "failed"
"""The rows' source after a failed search: none, standing for no text's answer."""

WINDOW_TITLE = "SessionDock Launcher"
HIDE_GRACE_MS = 120


class PaletteWindow(QWidget):
    focus_requested = Signal(object)
    open_requested = Signal(object)
    actions_requested = Signal(object)
    text_edited = Signal(str)
    results_applied = Signal(str)
    shown = Signal()
    hidden = Signal()
    new_session_requested = Signal(object)

    def __init__(
        self,
        delegate: ResultDelegate,
        theme: Theme,
        parent: QWidget | None = None,
        *,
        hold: PaletteHold | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(WINDOW_TITLE)
        self.setAccessibleName(WINDOW_TITLE)
        self.setWindowFlags(
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground, False)
        self.theme = theme
        self.resize(720, 480)
        self.placement: Callable[[], str] = lambda: "cursor"  # the setting (app.py sets it)
        self._announce_rows = True
        self._last_announced: tuple[str, bool] | None = None
        self.hold = hold or PaletteHold()  # held while a menu or dialog of ours is up

        self.frame = QFrame(self)
        self.frame.setObjectName("paletteFrame")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.frame)
        layout = QVBoxLayout(self.frame)
        layout.setContentsMargins(10, 10, 10, 6)
        layout.setSpacing(6)

        self.search = search_field(self.frame)
        layout.addWidget(self.search)
        self.model = ResultsModel(self)
        self._failed_text: str | None = None  # the server search for this text failed
        self.in_library: Callable[[str], bool] = lambda _id: False  # app.py: the index's
        self._empty_shown: tuple[str, str, bool, bool] | None = None  # what the empty state says
        # results (or the empty state) | the preview pane (app.py adds it); the toast and the
        # action panel float over it, outside the layout, so nothing moves when they appear.
        self.body_host = QWidget(self.frame)
        self.list = results_list(self.body_host, self.model, delegate)
        self.empty_label = empty_state(self.body_host)
        self.body = QHBoxLayout(self.body_host)
        self._build_body(layout)
        self._placing = PalettePlacement(
            self, self.body, (self.list, self.empty_label), self._placement_setting
        )
        self.count_label = status_label(self.frame, translate("PaletteWindow", "Result count"))
        self.sync_label = status_label(self.frame, translate("PaletteWindow", "Sync state"))
        self.link_chip = StatusChip(self.frame, translate("PaletteWindow", "Connection state"))
        self.link_label = self.link_chip.label
        self.hints_label = status_label(
            self.frame,
            translate("PaletteWindow", "Keyboard hints"),
            hint_row(sys.platform, i18n.tr_message),
        )
        self._build_status_row(layout)

        self.status = LauncherStatus()
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.setInterval(HIDE_GRACE_MS)
        self._hide_timer.timeout.connect(self._hide_if_inactive)

        self.search.textChanged.connect(self._on_text_changed)
        self.empty_label.new_session_requested.connect(self.new_session_requested)
        self.list.selectionModel().currentChanged.connect(self._on_current_changed)
        self.model.row_repaint.connect(self.list.repaint_row)
        self.apply_theme(theme)

    def _build_body(self, layout: QVBoxLayout) -> None:
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(10)
        self.body.addWidget(self.list, 1)
        self.body.addWidget(self.empty_label, 1)
        layout.addWidget(self.body_host, 1)
        self.toast = Toast(self.body_host)
        self.toast.focus_home = self.search
        self.banner = self.toast  # the name older tests find the message element by
        self.toast_life = ToastLife(self.toast, self)  # when a message ends (core rules)
        QWidget.setTabOrder(self.search, self.toast.action_button)  # Tab reaches the fix
        QWidget.setTabOrder(self.toast.action_button, self.toast.close_button)

    def _build_status_row(self, layout: QVBoxLayout) -> None:
        status = QHBoxLayout()
        status.setContentsMargins(4, 0, 4, 0)
        status.addWidget(self.count_label)
        status.addSpacing(12)
        status.addWidget(self.sync_label)
        status.addStretch(1)
        status.addWidget(self.link_chip)
        layout.addLayout(status)
        layout.addWidget(self.hints_label, 0, Qt.AlignmentFlag.AlignRight)

    # -- appearance --------------------------------------------------------------------------
    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        t = theme
        self.setStyleSheet(
            f"#paletteFrame {{ background: {t.window.name()}; border: 1px solid {t.border.name()};"
            " border-radius: 10px; }"
            f"#search {{ background: {t.field.name()}; color: {t.text.name()}; font-size: 17px;"
            f" padding: 8px 10px; border: 1px solid {t.border.name()}; border-radius: 7px; }}"
            f"#results {{ background: transparent; color: {t.text.name()}; }}"
            f"#status {{ color: {t.subtext.name()}; font-size: 11px; }}"
            f"#empty {{ color: {t.text.name()}; font-size: 14px; }}"
            f"#emptyHelp {{ color: {t.subtext.name()}; font-size: 12px; }}"
            f"#emptyNew {{ background: {t.selection.name()}; color: {t.text.name()};"
            " border: none; border-radius: 7px; padding: 7px 14px; font-size: 13px; }"
            f"#emptyNew:hover {{ background: {t.border.name()}; }}"
            f"QPushButton {{ color: {t.text.name()}; }}"
            "QScrollBar:vertical { background: transparent; width: 8px; margin: 2px 0; }"
            f"QScrollBar::handle:vertical {{ background: {t.border.name()}; border-radius: 4px;"
            " min-height: 24px; }"
            "QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; }"
            "QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: none; }"
        )
        self.list.set_background(t.window)
        self.toast.apply_theme(theme)
        for panel in self.body_host.findChildren(ActionPanel):
            panel.apply_theme(theme)

    def _placement_setting(self) -> str:
        return self.placement()  # (app.py replaces ``placement`` after construction)

    def place_on_screen(self) -> None:
        """Fit the palette to the screen the setting picks (under the mouse, or the primary)."""
        self._placing.place_on_screen()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The pane opened or closed (it resizes us): refit around the placed centre."""
        super().resizeEvent(event)
        self._placing.on_resized()

    # -- show / hide -------------------------------------------------------------------------
    def show_palette(self) -> None:
        if not self.isVisible():
            self.place_on_screen()
        self.show()
        self.raise_()
        self.activateWindow()
        self.search.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
        self.search.selectAll()

    def toggle(self) -> None:
        if self.isVisible() and self.isActiveWindow():
            self.hide()
        else:
            self.show_palette()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.shown.emit()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.hidden.emit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow():
            self._hide_timer.start()

    def _hide_if_inactive(self) -> None:
        if self.isVisible() and not self.isActiveWindow() and not self.hold.active:
            self.hide()

    # -- results -----------------------------------------------------------------------------
    def apply_results(self, results: ResultSet) -> None:
        """Show ``results`` if they answer the text in the field now; drop them otherwise."""
        if results.text != self.search.text():
            logger.debug("Dropped results for %r (field has %r)", results.text, self.search.text())
            return
        # A refresh of the same text (a sync finished) keeps the selected session under the
        # cursor (core/refresh.py); a new text starts at the best match.
        same_text = results.text == self.model.text
        selected = self.current_session() if same_text else None
        if same_text:
            row = self.list.currentIndex().row()
            shown = self.model.data(self.model.index(row), MatchRole) if row >= 0 else None
            results = keep_under_cursor(results, row, shown, self.in_library)
        self.model.set_results(results.text, results.matches, results.total, results.source)
        row = self.model.row_of(selected.id) if selected is not None else -1
        self._announce_rows = False  # one announcement below: the count, then the first row
        try:
            self.select_row(max(row, 0))
        finally:
            self._announce_rows = True
        if self.model.rowCount() == 0:  # a reset clears the current row without a signal
            self.list.selectionModel().currentChanged.emit(QModelIndex(), QModelIndex())
        self._update_empty_state()
        self.update_count()
        self._announce_results(results.text)
        self.results_applied.emit(results.text)

    def _announce_results(self, text: str) -> None:
        """Say the count and the first row once per query (not on every sync refresh of it)."""
        current = self.current_session()
        key = (text, current is not None)
        if key == self._last_announced:
            return
        self._last_announced = key
        spoken = self.count_label.text() or self.empty_label.text()
        if current is not None:
            spoken = f"{spoken}. {accessible_text(current)}" if spoken else accessible_text(current)
        self.announce(self.count_label, spoken)

    def current_session(self) -> Session | None:
        index = self.list.currentIndex()
        return self.model.session_at(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        rows = self.model.rowCount()
        if rows == 0:
            return
        row = min(max(row, 0), rows - 1)
        index = self.model.index(row)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)
        self.toast.keep_clear(self.list, index)  # the highlighted row never hides under it

    def set_status(self, status: LauncherStatus) -> None:
        self.status = status
        self.toast_life.on_status(status)
        self.sync_label.setText(i18n.sync_text(status))
        state = TrayState.OFFLINE if status.link is Link.CONNECTING else status.tray_state
        color = DOT_COLORS[state]
        border = QColor(color)
        border.setAlpha(110)
        self.link_chip.set_state(i18n.link_text(status), color, border)
        self._update_empty_state()

    def show_waiting(self, text: str) -> None:
        """An action waits for the results of ``text`` (shown where the count goes)."""
        self.count_label.setText(i18n.tr_message(messages.waiting_for_results(text)))

    def show_message(self, message: UserMessage) -> None:
        self.toast_life.show(message, self.theme)
        self.toast.keep_clear(self.list, self.list.currentIndex())

    def update_count(self) -> None:
        model = self.model
        text = count_text(model.text, model.rowCount(), model.total, failed=self.failed_shown())
        self.count_label.setText(text)
        self.count_label.setAccessibleDescription(text)

    def _update_empty_state(self) -> None:
        empty = self.model.rowCount() == 0
        text = ""
        if empty:
            typed, answered = self.search.text(), self.answered_text()
            pending = self._answer_pending()
            failed = self._failed_text == typed or (answered is None and not pending)
            text = empty_text(self.status, answered or "", typed, failed=failed, pending=pending)
        query = self.search.text().strip()
        no_match = (
            empty
            and bool(query)
            and self.status.link is Link.CONNECTED
            and not self._answer_pending()
            and not self.failed_shown()
        )
        shown = (text, query if no_match else "", self.status.can_write, empty)
        if shown == self._empty_shown:  # (typing on with rows: twice a keystroke, unchanged)
            return
        self._empty_shown = shown
        self.empty_label.show_state(shown[0], shown[1], can_write=shown[2])
        self.empty_label.setVisible(empty)
        self.list.setVisible(not empty)

    # -- accessibility ---------------------------------------------------------------------
    def announce(self, source: QObject, text: str) -> None:
        """Say ``text`` through the platform's screen reader (a live-region announcement)."""
        if text:
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(source, text))

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """The highlighted row changed: tell assistive tech which one (the list has no focus)."""
        if not current.isValid():
            return
        event = QAccessibleEvent(self.list, QAccessible.Event.Selection)
        event.setChild(current.row())
        QAccessible.updateAccessibility(event)
        session = self.model.session_at(current.row())
        if self._announce_rows and session is not None:
            self.announce(self.list, accessible_text(session))

    # -- input -------------------------------------------------------------------------------
    def _on_text_changed(self, text: str) -> None:
        self.toast_life.dismiss()  # typing on ends the message
        self._failed_text = None  # a new text is a new search (even one typed before)
        self.text_edited.emit(text)  # a local search answers in here; a server one later
        self._update_empty_state()
        if self._answer_pending():  # the rows on show answer an older text: not these results
            self.count_label.setText(searching_text(self.search.text()))

    def failed_shown(self) -> bool:
        """The list stands for a failed search: no rows, and no answer to any text."""
        return self.model.source == FAILED

    def answered_text(self) -> str | None:
        """The text the rows on screen answer (``None`` after a failed search: they answer
        nothing, so going back to that text is a new search, not "no match")."""
        return None if self.failed_shown() else self.model.text

    def _answer_pending(self) -> bool:
        """The rows answer an older text and SessionDock is asked for the typed one."""
        typed = self.search.text()
        return (
            bool(typed.strip())
            and typed not in (self.answered_text(), self._failed_text)
            and self.status.link is Link.CONNECTED
        )

    def note_search_failed(self, text: str) -> None:
        """No results will come for ``text``: say so, and drop rows answering an older text."""
        self._failed_text = text
        if text == self.search.text() and (self.model.text != text or self.failed_shown()):
            self.apply_results(ResultSet(text, (), 0, FAILED))  # no rows: the failure is said
        else:
            self._update_empty_state()
