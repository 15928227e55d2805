"""The palette's toast: one quiet message floating over the bottom of the results.

It never takes part in the layout (the list does not move when it appears or goes), shows the
message's severity as a tinted card with an icon, offers the message's fix as a button ("Open in
DAW", "Quit anyway", …) and a × to dismiss it. Tab from the search field reaches the button,
↵ or Space presses it, Esc dismisses the toast and gives the search field its focus back. Screen
readers hear each message as it appears (errors assertively).

When a message ends is decided by ``core/message_life.py`` (``message_display.ToastLife``).

Signals:
    Toast.dismissed(): the user closed the toast (× or Esc) without running its action.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPropertyAnimation, QSize, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QColor, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QGraphicsDropShadowEffect,
    QGraphicsOpacityEffect,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QWidget,
)
from shiboken6 import isValid

from sessiondock_launcher.core.messages import Level, UserMessage
from sessiondock_launcher.ui.common import i18n
from sessiondock_launcher.ui.common.theme import Theme
from sessiondock_launcher.ui.palette.glyphs import glyph

logger = logging.getLogger(__name__)

MAX_WIDTH = 620
SIDE_GAP = 12
BOTTOM_GAP = 10
FADE_MS = 220


def level_color(theme: Theme, level: Level) -> QColor:
    return {Level.ERROR: theme.error, Level.WARNING: theme.warning, Level.INFO: theme.info}[level]


def _mix(base: QColor, tint: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(
        base.redF() + (tint.redF() - base.redF()) * amount,
        base.greenF() + (tint.greenF() - base.greenF()) * amount,
        base.blueF() + (tint.blueF() - base.blueF()) * amount,
    )


def _rgba(color: QColor, alpha: int) -> str:
    return f"rgba({color.red()}, {color.green()}, {color.blue()}, {alpha})"


class Toast(QFrame):
    """The message on show (``message``), placed over the bottom of its host (the body)."""

    dismissed = Signal()

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("toast")
        self.setAccessibleName(self.tr("Message"))
        self.message: UserMessage | None = None
        self.theme: Theme | None = None
        self.focus_home: QWidget | None = None  # where focus goes when the toast goes
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.setSpacing(10)
        self.icon = QLabel(self)
        self.icon.setFixedSize(16, 16)
        self.stays_above: list[QWidget] = []  # overlays a toast never covers while open
        self.label = QLabel(self)
        self.label.setObjectName("toastText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # titles and server words: never markup
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_button = QPushButton(self)
        self.action_button.setObjectName("toastAction")
        self.action_button.setAccessibleName(self.tr("Message action"))
        self.action_button.setAutoDefault(True)  # ↵ presses it once Tab reached it
        self.action_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.action_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("toastClose")
        self.close_button.setAccessibleName(self.tr("Dismiss message"))
        self.close_button.setToolTip(self.tr("Dismiss (Esc)"))
        self.close_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.close_button.setIconSize(QSize(12, 12))
        self.close_button.setCursor(Qt.CursorShape.PointingHandCursor)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._shadow: QGraphicsDropShadowEffect | None = None
        self._fading: QPropertyAnimation | None = None
        self.action_button.clicked.connect(self._run_action)
        self.close_button.clicked.connect(self.dismiss)
        for button in (self.action_button, self.close_button):
            button.installEventFilter(self)
        host.installEventFilter(self)  # follow the host's size
        self.hide()

    # -- showing -----------------------------------------------------------------------------
    def show_message(self, message: UserMessage, theme: Theme) -> None:
        self._stop_fading()
        self.message, self.theme = message, theme
        self._style(message.level, theme)
        text = i18n.tr_message(message.text)  # core's English, in the user's language
        label = i18n.tr_message(message.action.label) if message.action else ""
        self.label.setText(text)
        self.label.setAccessibleDescription(text)
        self.action_button.setVisible(message.action is not None)
        if message.action is not None:
            self.action_button.setText(label)
            hint = self.tr("{text} (Tab reaches “{action}”)")
            self.setAccessibleDescription(hint.format(text=text, action=label))
        else:
            self.setAccessibleDescription(text)
        self.place()
        self.show()
        self.raise_()
        for widget in self.stays_above:  # e.g. an open action panel keeps its field in view
            if isValid(widget) and widget.isVisible():
                widget.raise_()
        event = QAccessibleAnnouncementEvent(self, text)
        if message.level is Level.ERROR:
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
        QAccessible.updateAccessibility(event)

    def apply_theme(self, theme: Theme) -> None:
        """Light/dark changed: restyle the message on show (not said again)."""
        self.theme = theme
        if self.message is not None:
            self._style(self.message.level, theme)

    def _style(self, level: Level, theme: Theme) -> None:
        color = level_color(theme, level)
        background = _mix(theme.field, color, 0.16 if theme.dark else 0.08)
        border = _rgba(color, 120 if theme.dark else 90)
        focus = theme.match.name()
        self.icon.setPixmap(glyph(level.value, color, 16, self.devicePixelRatioF()))
        self.close_button.setIcon(QIcon(glyph("close", theme.subtext, 12, 2.0)))
        if self._shadow is None:  # a fade replaced it
            self._shadow = QGraphicsDropShadowEffect(self)
            self._shadow.setBlurRadius(22)
            self._shadow.setOffset(0, 4)
            self.setGraphicsEffect(self._shadow)
        self._shadow.setColor(QColor(0, 0, 0, 110 if theme.dark else 70))
        self.setStyleSheet(
            f"#toast {{ background: {background.name()}; border: 1px solid {border};"
            " border-radius: 9px; }"
            f"#toastText {{ color: {theme.text.name()}; font-size: 13px; background: transparent;"
            " border: none; }"
            f"#toastAction {{ background: {_rgba(color, 40)}; color: {theme.text.name()};"
            f" border: 1px solid {_rgba(color, 140)}; border-radius: 6px; padding: 4px 12px;"
            " font-size: 12px; font-weight: 600; }"
            f"#toastAction:hover {{ background: {_rgba(color, 70)}; }}"
            f"#toastAction:focus {{ border: 2px solid {focus}; }}"
            "#toastClose { background: transparent; border: none; border-radius: 4px;"
            " padding: 3px; }"
            f"#toastClose:hover, #toastClose:focus {{ background: {_rgba(theme.subtext, 50)}; }}"
        )

    def place(self) -> None:
        """Centred over the bottom of the host, as tall as its text needs."""
        host = self.parentWidget()
        if host is None:
            return
        width = max(0, min(MAX_WIDTH, host.width() - 2 * SIDE_GAP))
        height = self.heightForWidth(width)
        if height <= 0:
            height = self.sizeHint().height()
        self.setGeometry(
            (host.width() - width) // 2, host.height() - height - BOTTOM_GAP, width, height
        )

    def keep_clear(self, view: QAbstractItemView, index: QModelIndex) -> None:
        """Scroll ``view`` (not move it) so the row at ``index`` is not under the toast."""
        host = self.parentWidget()
        if host is None or not self.isVisible() or not index.isValid():
            return
        row = view.visualRect(index)
        top = view.viewport().mapFrom(host, self.geometry().topLeft()).y()
        overlap = row.bottom() + 4 - top
        if overlap > 0 and row.top() - overlap >= 0:
            bar = view.verticalScrollBar()
            bar.setValue(bar.value() + overlap)

    # -- ending ------------------------------------------------------------------------------
    def fade_out(self) -> None:
        """Its message faded (information): go in a short fade rather than vanish."""
        if self.isHidden() or self._fading is not None:
            return
        self.message = None
        effect = QGraphicsOpacityEffect(self)
        self.setGraphicsEffect(effect)  # Qt deletes the shadow it replaces
        self._shadow = None
        self._fading = QPropertyAnimation(effect, b"opacity", self)
        self._fading.setDuration(FADE_MS)
        self._fading.setStartValue(1.0)
        self._fading.setEndValue(0.0)
        self._fading.finished.connect(self.clear)
        self._fading.start()

    def _stop_fading(self) -> None:
        if self._fading is not None:
            fading, self._fading = self._fading, None
            fading.finished.disconnect(self.clear)
            fading.stop()
            fading.deleteLater()

    def clear(self) -> None:
        """Hide it (its message ended); focus inside it goes back to the search field."""
        self._stop_fading()
        self.message = None
        focused = QApplication.focusWidget()
        had_focus = focused is not None and self.isAncestorOf(focused)
        self.hide()
        if had_focus and self.focus_home is not None:
            self.focus_home.setFocus(Qt.FocusReason.OtherFocusReason)

    def dismiss(self) -> None:
        if self.message is None:
            return
        self.clear()
        self.dismissed.emit()

    def _run_action(self) -> None:
        if self.message is not None and self.message.action is not None:
            action = self.message.action
            logger.info("Message action chosen: %s", action.label)
            self.clear()
            self.dismissed.emit()
            action.callback()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget():
            if event.type() == QEvent.Type.Resize and self.isVisible():
                self.place()
            return False
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape
        ):
            self.dismiss()
            return True
        return False
