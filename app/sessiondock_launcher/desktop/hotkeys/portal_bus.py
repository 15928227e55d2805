"""A non-blocking session-bus connection for the portal backend (jeepney + QSocketNotifier).

Why not QtDBus: ``BindShortcuts`` takes an ``a(sa{sv})`` argument, and PySide6 cannot marshal
an array of structures (``QDBusArgument.beginArray`` needs a D-Bus-registered element type, and
``qDBusRegisterMetaType`` is not exposed; trying aborts inside libdbus). jeepney (pure Python,
already required by keyring on Linux) builds any signature. Only the authentication handshake
blocks, bounded to one second; after it, the socket is read when Qt says it is readable.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from itertools import count
from typing import Any

from jeepney import DBusAddress, HeaderFields, MessageType, new_method_call  # type: ignore[import-untyped]  # jeepney ships no types
from jeepney.bus import get_bus  # type: ignore[import-untyped]  # jeepney ships no types
from jeepney.bus_messages import MatchRule, message_bus  # type: ignore[import-untyped]  # jeepney ships no types
from jeepney.io.blocking import prep_socket  # type: ignore[import-untyped]  # jeepney ships no types
from jeepney.low_level import Parser  # type: ignore[import-untyped]  # jeepney ships no types
from PySide6.QtCore import QObject, QSocketNotifier

from sessiondock_launcher.desktop.hotkeys.portal import PORTAL_SERVICE, Body

logger = logging.getLogger(__name__)

BUS_SERVICE = "org.freedesktop.DBus"
BUS_PATH = "/org/freedesktop/DBus"
_DISCONNECTED = "org.freedesktop.DBus.Error.Disconnected"
_SIGNAL_KEY = (HeaderFields.path, HeaderFields.interface, HeaderFields.member)


class SessionBusConnection(QObject):
    """:class:`~sessiondock_launcher.desktop.hotkeys.portal.PortalBus` on a real D-Bus bus.

    Args:
        address: A D-Bus address (``unix:path=…``); the session bus of the environment if None.
        destination: The service that :meth:`call` talks to.
    """

    def __init__(
        self,
        address: str | None = None,
        destination: str = PORTAL_SERVICE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._sock: socket.socket | None = prep_socket(get_bus(address or "SESSION"), timeout=1.0)
        self._sock.settimeout(1.0)  # bounds sends; reads happen only when Qt says readable
        self._parser = Parser()
        self._serials = count(1)
        self._destination = destination
        self._pending: dict[int, tuple[Callable[[Body], None], Callable[[str, str], None]]] = {}
        self._subscriptions: dict[int, tuple[str, str, str, Callable[[Body], None]]] = {}
        self._handles = count(1)
        self._unique_name = ""
        self._notifier = QSocketNotifier(self._sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_readable)
        self._send(message_bus.Hello(), self._on_hello, self._log_error)

    @property
    def unique_name(self) -> str:
        """Our unique name on the bus; empty until the bus answered Hello."""
        return self._unique_name

    def call(
        self,
        path: str,
        interface: str,
        method: str,
        signature: str,
        body: Body,
        *,
        on_reply: Callable[[Body], None],
        on_error: Callable[[str, str], None],
    ) -> None:
        """Call ``method`` on the destination service without waiting for the answer."""
        address = DBusAddress(path, bus_name=self._destination, interface=interface)
        message = new_method_call(address, method, signature or None, body)
        self._send(message, on_reply, on_error)

    def subscribe(
        self, path: str, interface: str, member: str, callback: Callable[[Body], None]
    ) -> object:
        """Ask the bus for matching signals (queued before any later call) and route them."""
        handle = next(self._handles)
        self._subscriptions[handle] = (path, interface, member, callback)
        rule = MatchRule(type="signal", path=path, interface=interface, member=member)
        self._send(message_bus.AddMatch(rule), _ignore, self._log_error)
        return handle

    def unsubscribe(self, handle: object) -> None:
        """Forget a subscription and remove its match rule."""
        entry = self._subscriptions.pop(handle, None)  # type: ignore[call-overload]
        if entry is not None and self._sock is not None:
            path, interface, member, _ = entry
            rule = MatchRule(type="signal", path=path, interface=interface, member=member)
            self._send(message_bus.RemoveMatch(rule), _ignore, _ignore_error)

    def close(self) -> None:
        """Close the socket; pending calls fail with Disconnected."""
        if self._sock is None:
            return
        self._notifier.setEnabled(False)
        self._sock.close()
        self._sock = None
        self._subscriptions.clear()
        pending, self._pending = self._pending, {}
        for _on_reply, on_error in pending.values():
            on_error(_DISCONNECTED, "the connection was closed")

    def _send(
        self,
        message: Any,
        on_reply: Callable[[Body], None],
        on_error: Callable[[str, str], None],
    ) -> None:
        if self._sock is None:
            on_error(_DISCONNECTED, "the connection is closed")
            return
        serial = next(self._serials)
        self._pending[serial] = (on_reply, on_error)
        try:
            self._sock.sendall(message.serialise(serial=serial))
        except OSError as exc:
            logger.warning("D-Bus send failed: %s", exc)
            self.close()

    def _on_readable(self) -> None:
        # One recv per notification: the notifier fired, so it cannot block, and Qt fires
        # again while data remains (a second recv could wait for the send timeout).
        if self._sock is None:
            return
        try:
            data = self._sock.recv(65536)
        except (BlockingIOError, InterruptedError, TimeoutError):
            return
        except OSError as exc:
            logger.warning("D-Bus read failed: %s", exc)
            data = b""
        if not data:
            logger.warning("The session bus closed the connection")
            self.close()
            return
        self._parser.add_data(data)
        while self._sock is not None:
            message = self._parser.get_next_message()
            if message is None:
                return
            self._dispatch(message)

    def _dispatch(self, message: Any) -> None:
        fields = message.header.fields
        kind = message.header.message_type
        if kind in (MessageType.method_return, MessageType.error):
            callbacks = self._pending.pop(fields.get(HeaderFields.reply_serial, -1), None)
            if callbacks is None:
                return
            if kind is MessageType.method_return:
                callbacks[0](message.body)
            else:
                text = str(message.body[0]) if message.body else ""
                callbacks[1](str(fields.get(HeaderFields.error_name, "")), text)
        elif kind is MessageType.signal:
            key = tuple(fields.get(f) for f in _SIGNAL_KEY)
            for path, interface, member, callback in list(self._subscriptions.values()):
                if key == (path, interface, member):
                    callback(message.body)

    def _on_hello(self, body: Body) -> None:
        self._unique_name = str(body[0])

    def _log_error(self, name: str, message: str) -> None:
        logger.warning("D-Bus call failed: %s: %s", name, message)


def _ignore(_body: Body) -> None:
    pass


def _ignore_error(_name: str, _message: str) -> None:
    pass
