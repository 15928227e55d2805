"""Turn SIGTERM/SIGINT into a clean Quit instead of an abrupt death.

Python runs signal handlers only when the interpreter gets control, which can be never while Qt
sits in its C++ event loop. ``signal.set_wakeup_fd`` writes a byte to a socket for every signal; a
``QSocketNotifier`` on the other end wakes the Qt loop, and the callback requests a normal Quit
(so tasks are cancelled, the client closed and usage history saved).
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier

logger = logging.getLogger(__name__)


class QuitOnSignals(QObject):
    """Calls ``on_quit`` once per SIGTERM/SIGINT delivered to the process."""

    def __init__(self, on_quit: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_quit = on_quit
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {
            sig: signal.signal(sig, lambda *_: None) for sig in (signal.SIGTERM, signal.SIGINT)
        }
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_readable)

    def _on_readable(self) -> None:
        try:
            data = self._reader.recv(64)
        except BlockingIOError:
            return
        names = ", ".join(
            signal.Signals(b).name for b in data if b in signal.Signals._value2member_map_
        )
        logger.info("Received %s: quitting", names or "a signal")
        self._on_quit()

    def close(self) -> None:
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._reader.close()
        self._writer.close()
