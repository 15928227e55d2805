"""The one path for user-facing messages.

Core and controller code post :class:`UserMessage` objects here; the palette shows them inline,
the tray shows them as notifications while the palette is hidden, and tests record them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QObject, Signal

logger = logging.getLogger(__name__)


class Level(Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class MessageAction:
    """A button offered with a message, e.g. "Open in DAW" when focus is unavailable."""

    label: str
    callback: Callable[[], object]


@dataclass(frozen=True, slots=True)
class UserMessage:
    text: str
    level: Level = Level.INFO
    action: MessageAction | None = None


class MessageBridge(QObject):
    """Carries user messages from anywhere to whatever shows them.

    Signals:
        message_posted(UserMessage): a new message for the user.
        message_cleared(): the current message no longer applies.
    """

    message_posted = Signal(object)
    message_cleared = Signal()

    def post(self, message: UserMessage) -> None:
        log = logger.warning if message.level is not Level.INFO else logger.info
        log("user message: %s", message.text)
        self.message_posted.emit(message)

    def info(self, text: str, action: MessageAction | None = None) -> None:
        self.post(UserMessage(text, Level.INFO, action))

    def warning(self, text: str, action: MessageAction | None = None) -> None:
        self.post(UserMessage(text, Level.WARNING, action))

    def error(self, text: str, action: MessageAction | None = None) -> None:
        self.post(UserMessage(text, Level.ERROR, action))

    def clear(self) -> None:
        self.message_cleared.emit()
