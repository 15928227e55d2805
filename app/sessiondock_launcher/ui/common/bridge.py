"""The one path for user-facing messages.

Core services word their outcomes (``core/messages.py``); adapters post them here as
:class:`UserMessage` objects; the palette shows them inline, the tray shows them as notifications
while the palette is hidden, and tests record them.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from sessiondock_launcher.core.messages import Level, MessageAction, UserMessage, for_this_setup

logger = logging.getLogger(__name__)

__all__ = ["Level", "MessageAction", "MessageBridge", "UserMessage"]


class MessageBridge(QObject):
    """Carries user messages from anywhere to whatever shows them.

    Signals:
        message_posted(UserMessage): a new message for the user.
    """

    message_posted = Signal(object)

    def post(self, message: UserMessage) -> None:
        message = replace(message, text=for_this_setup(message.text))  # this user's real fix
        log = logger.warning if message.level is not Level.INFO else logger.info
        log("user message: %s", message.text)
        self.message_posted.emit(message)

    def info(self, text: str, action: MessageAction | None = None) -> None:
        self.post(UserMessage(text, Level.INFO, action))

    def warning(self, text: str, action: MessageAction | None = None) -> None:
        self.post(UserMessage(text, Level.WARNING, action))

    def error(self, text: str, action: MessageAction | None = None) -> None:
        self.post(UserMessage(text, Level.ERROR, action))
