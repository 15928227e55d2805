"""Renders the message model (``core/message_life.py``) in the palette's toast.

The rules of when a message ends live in core; this only shows the message, starts the fade timer
the model asks for, and hides the toast when the model says the message ended (or the user
dismissed it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer

from sessiondock_launcher.core.message_fixes import Fix, fix_for
from sessiondock_launcher.core.message_life import MessageLife
from sessiondock_launcher.core.messages import MessageAction, UserMessage
from sessiondock_launcher.core.status import LauncherStatus
from sessiondock_launcher.ui.common.theme import Theme
from sessiondock_launcher.ui.palette.toast import Toast


class ToastLife(QObject):
    """The toast's message and its lifetime (fade, condition cleared, acted on, dismissed)."""

    def __init__(self, toast: Toast, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.toast = toast
        self.life = MessageLife()
        self.fixes: dict[Fix, Callable[[], object]] = {}
        """How to start each fix a message may offer (app.py fills it: Settings, a retry)."""
        self._fade = QTimer(self)
        self._fade.setSingleShot(True)
        self._fade.timeout.connect(self._tick)
        toast.dismissed.connect(self._on_dismissed)

    def show(self, message: UserMessage, theme: Theme) -> None:
        shown = self.life.post(message, time.monotonic())  # lives as posted, button or not
        self.toast.show_message(self.with_fix(message), theme)
        self._arm(shown.expires_at)

    def with_fix(self, message: UserMessage) -> UserMessage:
        """``message`` with the button of the fix it names, when there is one to start."""
        fix = fix_for(message)
        start = self.fixes.get(fix) if fix is not None else None
        if fix is None or start is None:
            return message
        return replace(message, action=MessageAction(fix.value, start))

    def dismiss(self) -> None:
        """The user moved on (typed): the message on show goes."""
        self._on_dismissed()
        self.toast.clear()

    def _arm(self, expires_at: float | None) -> None:
        self._fade.stop()
        if expires_at is not None:
            self._fade.start(max(0, round((expires_at - time.monotonic()) * 1000)) + 1)

    def on_status(self, status: LauncherStatus) -> None:
        if self.life.on_status(status):
            self._end()

    def _tick(self) -> None:
        if self.life.tick(time.monotonic()):
            self._fade.stop()
            self.toast.fade_out()  # information goes softly; a cleared cause goes at once
        elif self.life.shown is not None:  # Qt's coarse timers may fire a little early
            self._arm(self.life.shown.expires_at)

    def _on_dismissed(self) -> None:
        self._fade.stop()
        self.life.dismiss()

    def _end(self) -> None:
        self._fade.stop()
        self.toast.clear()
