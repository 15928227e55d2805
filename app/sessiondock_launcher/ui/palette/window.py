"""The quick-search palette: a frameless, always-on-top tool window created hidden at start-up.

Signals:
    PaletteWindow.focus_requested(Session), open_requested(Session), actions_requested(Session),
    text_edited(str), results_applied(str) (rows for this text are on screen), shown(), hidden().

What the palette's keys do is in ``intents.py``; which key is which, in ``core/keymap.py``.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from sessiondock_launcher.api import Session
from sessiondock_launcher.core import messages
from sessiondock_launcher.core.humanize import count
from sessiondock_launcher.core.keymap import hint_row
from sessiondock_launcher.core.search import ResultSet
from sessiondock_launcher.core.status import LauncherStatus, Link
from sessiondock_launcher.ui.common.bridge import UserMessage
from sessiondock_launcher.ui.common.hold import PaletteHold
from sessiondock_launcher.ui.common.theme import Theme
from sessiondock_launcher.ui.palette.message_display import BannerLife
from sessiondock_launcher.ui.palette.result_delegate import ResultDelegate
from sessiondock_launcher.ui.palette.results_model import ResultsModel
from sessiondock_launcher.ui.palette.widgets import (
    MessageBanner,
    empty_state,
    results_list,
    search_field,
    status_label,
)

logger = logging.getLogger(__name__)

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
        self.banner = MessageBanner(self.frame)
        self.banner_life = BannerLife(self.banner, self)  # when a message ends (core rules)
        layout.addWidget(self.banner)
        self.model = ResultsModel(self)
        self.list = results_list(self.frame, self.model, delegate)
        self.empty_label = empty_state(self.frame)
        # results (or the empty state) | the preview pane (app.py adds it)
        self.body = QHBoxLayout()
        self.body.setSpacing(10)
        self.body.addWidget(self.list, 1)
        self.body.addWidget(self.empty_label, 1)
        layout.addLayout(self.body, 1)
        self.count_label = status_label(self.frame, "Result count")
        self.sync_label = status_label(self.frame, "Sync state")
        self.link_label = status_label(self.frame, "Connection state")
        self.hints_label = status_label(self.frame, "Keyboard hints", hint_row(sys.platform))
        status = QHBoxLayout()
        status.setContentsMargins(4, 0, 4, 0)
        status.addWidget(self.count_label)
        status.addSpacing(12)
        status.addWidget(self.sync_label)
        status.addStretch(1)
        status.addWidget(self.link_label)
        layout.addLayout(status)
        layout.addWidget(self.hints_label, 0, Qt.AlignmentFlag.AlignRight)

        self.status = LauncherStatus()
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.setInterval(HIDE_GRACE_MS)
        self._hide_timer.timeout.connect(self._hide_if_inactive)

        self.search.textChanged.connect(self._on_text_changed)
        self.apply_theme(theme)

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
            f"#empty {{ color: {t.subtext.name()}; font-size: 13px; }}"
            f"QPushButton {{ color: {t.text.name()}; }}"
            "QScrollBar:vertical { background: transparent; width: 8px; margin: 2px 0; }"
            f"QScrollBar::handle:vertical {{ background: {t.border.name()}; border-radius: 4px;"
            " min-height: 24px; }"
            "QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; }"
            "QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: none; }"
        )
        self.list.viewport().update()

    def place_on_screen(self) -> None:
        """Centre horizontally on the screen under the mouse, a quarter of the way down."""
        screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area: QRect = screen.availableGeometry()
        width = min(self.width(), area.width() - 40)
        self.resize(width, min(self.height(), area.height() - 40))
        self.move(
            QPoint(area.left() + (area.width() - width) // 2, area.top() + area.height() // 4)
        )

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
        # cursor; a new text starts at the best match.
        same_text = results.text == self.model.text
        selected = self.current_session() if same_text else None
        self.model.set_results(results.text, results.matches, results.total, results.source)
        row = self.model.row_of(selected.id) if selected is not None else -1
        self.select_row(max(row, 0))
        self._update_empty_state()
        self.update_count()
        self.results_applied.emit(results.text)

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

    def set_status(self, status: LauncherStatus) -> None:
        self.status = status
        self.banner_life.on_status(status)
        self.sync_label.setText(status.sync_text())
        self.link_label.setText(status.link_text())
        self._update_empty_state()

    def show_waiting(self, text: str) -> None:
        """An action waits for the results of ``text`` (shown where the count goes)."""
        self.count_label.setText(messages.waiting_for_results(text))

    def show_message(self, message: UserMessage) -> None:
        self.banner_life.show(message, self.theme)

    def update_count(self) -> None:
        rows = self.model.rowCount()
        if not self.model.text.strip():
            self.count_label.setText("Recent sessions" if rows else "")
        elif self.model.total > rows:
            self.count_label.setText(f"Top {rows} of {count(self.model.total)} results")
        else:
            self.count_label.setText(f"{count(rows)} result" + ("" if rows == 1 else "s"))

    def _update_empty_state(self) -> None:
        empty = self.model.rowCount() == 0
        text = ""
        if empty:
            if self.status.link is Link.CONNECTING:
                text = messages.LINK_CONNECTING
            elif self.status.link is not Link.CONNECTED and not self.model.text:
                text = self.status.link_text() + "\nThe launcher reconnects by itself."
            elif self.search.text().strip():
                text = f"No sessions match “{self.search.text().strip()}”"
            elif self.status.syncing:
                text = "Loading your library…"
            else:
                text = "No sessions yet"
        self.empty_label.setText(text)
        self.empty_label.setVisible(empty)
        self.list.setVisible(not empty)

    # -- input -------------------------------------------------------------------------------
    def _on_text_changed(self, text: str) -> None:
        self.banner.clear()
        self.text_edited.emit(text)
