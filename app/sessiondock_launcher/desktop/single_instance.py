"""One launcher per user: a ``QLockFile`` plus a ``QLocalServer`` that takes remote commands.

The address, the lock path and the wire protocol live in the Qt-free ``sessiondock_launcher.ctl``
(the client side); this is the server. Order matters (research/ecosystem.md §5):

1. ``acquire()`` takes the lock. ``False`` means another instance holds it: forward the command
   with ``ctl.send(..., retry_for=2)`` (it may still be starting) and exit.
2. ``listen()`` removes a stale socket file and listens. Only the lock holder may do that: on Unix
   ``QLocalServer.listen`` with ``UserAccessOption`` silently replaces a live socket
   (QTBUG-48635), and on Windows two servers can share a pipe name.
3. Each connection sends one JSON line, read asynchronously on ``readyRead`` (the GUI thread never
   waits on a client), gets one answer line, and is closed. Bad input is answered with
   ``ok: false`` where possible, logged at WARNING and never emitted.
4. A command that shows the palette (``toggle``, ``show``, ``search``) is answered once the
   palette can take keys (:attr:`SingleInstance.ready_for_keys`, at most ``READY_LIMIT_MS``), so
   ``sessiondock-launcher --toggle && xdotool type …`` loses no keystroke to the window the
   palette has not yet taken the focus from. ``quit`` is emitted, then answered with
   :attr:`SingleInstance.quit_outcome` (a script learns that the launcher asks the user about an
   unsaved edit instead of quitting). The others are answered first, then emitted.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Qt, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from sessiondock_launcher import ctl
from sessiondock_launcher._ctl_address import PIPE_PREFIX
from sessiondock_launcher._ctl_protocol import ANSWERED
from sessiondock_launcher.core.fsio import ensure_private_dir

logger = logging.getLogger(__name__)

READ_TIMEOUT_MS = 2_000  # a client that connects but sends no full line is dropped after this
# The XDG base-dir spec lets the system delete runtime files untouched for 6 hours.
ATIME_INTERVAL_MS = 5 * 60 * 1000
SHOWING_COMMANDS = frozenset({"toggle", "show", "search"})
READY_LIMIT_MS = 1_000  # well inside the client's 2 s reply timeout
READY_POLL_MS = 10


class SingleInstance(QObject):
    """The single-instance lock and the command server of the running launcher.

    Signals:
        command_received(str, dict): A valid command arrived: ``cmd`` is one of
            ``ctl.COMMANDS``, ``args`` holds only the keys that command takes
            (``{"text": ...}`` for ``search``). Emitted after the client got its answer, except
            for ``SHOWING_COMMANDS``: answered once the palette is ready for keys.
    """

    command_received = Signal(str, dict)

    def __init__(
        self,
        address: str,
        lock_path: str,
        parent: QObject | None = None,
        *,
        read_timeout_ms: int = READ_TIMEOUT_MS,
    ) -> None:
        """Prepare, without touching the file system yet.

        Args:
            address: ``ctl.server_address()``: a unix socket path or a Windows pipe path.
            lock_path: ``ctl.lock_file_path()``.
            parent: Qt parent.
            read_timeout_ms: A client that sends no complete line in this time is dropped.
        """
        super().__init__(parent)
        self._address = address
        self._read_timeout_ms = read_timeout_ms
        self._lock_path = lock_path
        self._lock = QLockFile(lock_path)
        # 0: never stale by age; a lock is stale only when its process is gone.
        self._lock.setStaleLockTime(0)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_new_connection)
        self._buffers: dict[QLocalSocket, bytearray] = {}
        self._atime_timer = QTimer(self)
        self._atime_timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._atime_timer.setInterval(ATIME_INTERVAL_MS)
        self._atime_timer.timeout.connect(self._on_atime_timeout)
        self.problem: str | None = None
        self.answer: Callable[[str, dict[str, object]], object] | None = None
        """Computes the ``result`` of an ``ctl.ANSWERED`` command (``query``) on the GUI thread,
        synchronously and bounded; ``None``: such commands are refused (still starting)."""
        self.ready_for_keys: Callable[[], bool] = lambda: True
        self.quit_outcome: Callable[[], object] = lambda: None
        """The ``result`` of a ``quit`` once handled: ``None`` (quitting) or why not."""
        """Whether keys typed now reach the palette (asked after a ``SHOWING_COMMANDS`` one)."""

    @classmethod
    def for_current_user(cls, parent: QObject | None = None) -> SingleInstance:
        """The instance at the address ``sessiondock-launcher --toggle`` connects to."""
        return cls(ctl.server_address(), ctl.lock_file_path(), parent)

    @property
    def address(self) -> str:
        return self._address

    @property
    def lock_path(self) -> str:
        return self._lock_path

    def is_locked(self) -> bool:
        return self._lock.isLocked()

    def is_listening(self) -> bool:
        return self._server.isListening()

    def acquire(self) -> bool:
        """Take the single-instance lock without waiting.

        Returns:
            ``True`` if this process holds the lock now (also when it already did), ``False``
            if a live process holds it. A lock left by a dead process is taken over.

        Raises:
            OSError: The lock directory cannot be made private (another user owns it) or the
                lock file cannot be written (not "another instance": :meth:`claim` reports it).
        """
        if self._lock.isLocked():
            return True
        ensure_private_dir(Path(self._lock_path).parent)
        if self._lock.tryLock(0):
            logger.debug("Holding the single-instance lock %s", self._lock_path)
            return True
        error = self._lock.error()
        if error == QLockFile.LockError.LockFailedError:
            pid = self._lock.getLockInfo()[0]
            logger.info("Another instance (pid %s) holds %s", pid, self._lock_path)
            return False
        raise OSError(f"cannot create the lock file {self._lock_path}: {error.name}")

    def claim(self) -> bool:
        """Become the single instance, or run without it when that is impossible.

        Returns:
            ``False`` only when another live instance holds the lock (forward the command to
            it and exit). ``True`` otherwise: this process listens for commands, or, when the
            lock or socket cannot be used for another reason (a folder another user owns, a
            full disk), it runs without single-instance and :attr:`problem` says so.
        """
        self.problem = None
        try:
            if not self.acquire():
                return False
            self.listen()
        except OSError as exc:
            self.close()
            self.problem = (
                "Running without single-instance: commands such as "
                "'sessiondock-launcher --toggle' cannot reach this launcher, and a second start "
                f"opens a second launcher. Reason: {exc}"
            )
            logger.warning("%s", self.problem)
        return True

    def listen(self) -> None:
        """Remove a stale socket (under the lock) and start taking commands.

        Raises:
            RuntimeError: The lock is not held: never touch another instance's socket.
            OSError: Listening failed.
        """
        if not self._lock.isLocked():
            raise RuntimeError("listen() needs the single-instance lock: call acquire() first")
        if self._server.isListening():
            return
        if not self._address.startswith(PIPE_PREFIX):
            ensure_private_dir(Path(self._address).parent)
            if os.path.lexists(self._address):
                logger.info("Removing the stale IPC socket %s", self._address)
        QLocalServer.removeServer(self._address)  # safe: we hold the lock
        if not self._server.listen(self._address):
            raise OSError(f"cannot listen on {self._address}: {self._server.errorString()}")
        if sys.platform != "win32":
            _make_user_only(self._server.fullServerName())
            self._atime_timer.start()
        logger.info("Listening for commands on %s", self._server.fullServerName())

    def close(self) -> None:
        """Stop listening, drop open connections and release the lock (idempotent)."""
        self._atime_timer.stop()
        for socket in list(self._buffers):
            self._drop(socket)
        if self._server.isListening():
            self._server.close()  # removes the socket file on Unix
        if self._lock.isLocked():
            self._lock.unlock()

    def _on_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if socket is None:
                break
            self._buffers[socket] = bytearray()
            socket.readyRead.connect(lambda s=socket: self._on_ready_read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))
            QTimer.singleShot(
                self._read_timeout_ms, socket, lambda s=socket: self._on_read_timeout(s)
            )
            if socket.bytesAvailable():
                self._on_ready_read(socket)

    def _on_ready_read(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.get(socket)
        if buffer is None:  # already answered; ignore anything after the first line
            socket.readAll()
            return
        buffer += socket.read(ctl.MAX_MESSAGE_BYTES + 1 - len(buffer)).data()
        end = buffer.find(b"\n")
        if end < 0:
            if len(buffer) > ctl.MAX_MESSAGE_BYTES:
                logger.warning(
                    "Dropped an IPC connection: message over %d bytes", ctl.MAX_MESSAGE_BYTES
                )
                self._drop(socket)
            return
        del self._buffers[socket]
        self._handle_line(socket, bytes(buffer[:end]))

    def _handle_line(self, socket: QLocalSocket, line: bytes) -> None:
        try:
            cmd, args = ctl.parse_request(line)
        except ctl.ProtocolError as exc:
            logger.warning("Ignored an IPC message: %s: %r", exc, line[:120])
            self._answer(socket, ctl.encode_reply(False, str(exc)))
            return
        logger.debug("IPC command %s %s", cmd, args)
        if cmd in ANSWERED:
            if self.answer is None:
                self._answer(socket, ctl.encode_reply(False, "the launcher is still starting"))
                return
            self._answer(socket, ctl.encode_reply(True, result=self.answer(cmd, args)))
            return
        if cmd == "quit":  # its answer says whether it quits, so it is handled first
            self.command_received.emit(cmd, args)
            self._answer(socket, ctl.encode_reply(True, result=self.quit_outcome()))
            return
        if cmd in SHOWING_COMMANDS:
            self.command_received.emit(cmd, args)
            self._answer_when_ready(socket, READY_LIMIT_MS // READY_POLL_MS)
            return
        self._answer(socket, ctl.encode_reply(True))
        self.command_received.emit(cmd, args)

    def _answer_when_ready(self, socket: QLocalSocket, polls_left: int) -> None:
        """Answer once the palette has the focus (the window manager decides when), or anyway
        when that takes over ``READY_LIMIT_MS``: the command itself was carried out."""
        if polls_left <= 0 or self.ready_for_keys():
            if polls_left <= 0:
                logger.info("Answered a show command before the palette had the focus")
            if socket.state() == QLocalSocket.LocalSocketState.ConnectedState:
                self._answer(socket, ctl.encode_reply(True))
            return
        QTimer.singleShot(
            READY_POLL_MS, socket, lambda: self._answer_when_ready(socket, polls_left - 1)
        )

    def _answer(self, socket: QLocalSocket, reply: bytes) -> None:
        socket.write(reply)
        socket.flush()
        socket.disconnectFromServer()  # flushes pending bytes first
        if socket.state() == QLocalSocket.LocalSocketState.UnconnectedState:
            self._forget(socket)

    def _on_read_timeout(self, socket: QLocalSocket) -> None:
        if socket in self._buffers:
            logger.warning(
                "Dropped an IPC connection: no complete message within %d ms",
                self._read_timeout_ms,
            )
            self._drop(socket)

    def _drop(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.abort()
        self._forget(socket)

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()  # safe to call more than once

    def _on_atime_timeout(self) -> None:
        try:
            os.utime(self._server.fullServerName())
        except OSError as exc:
            logger.warning("Could not touch the IPC socket: %s", exc)


def _make_user_only(path: str) -> None:
    # Qt sets 0700 with UserAccessOption; older Qts did not (QTBUG-48635), so make sure.
    socket = Path(path)
    if socket.stat().st_mode & 0o077:
        socket.chmod(0o700)
