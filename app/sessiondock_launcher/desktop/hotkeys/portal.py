"""Wayland global hotkey: the ``org.freedesktop.portal.GlobalShortcuts`` desktop portal.

The flow is asynchronous: ``Registry.Register`` (gives an unsandboxed app its app id, which
xdg-desktop-portal ≥ 1.21 requires), ``CreateSession``, ``BindShortcuts`` — each portal request
answers through a ``Response`` signal on a Request object whose path is predictable from our
unique bus name and a token, so we subscribe before calling. The desktop may show a dialog,
pick another trigger, or refuse; the outcome arrives as ``registered`` / ``registration_failed``.
``Activated`` signals for our shortcut become ``activated``; the XDG activation token the
portal passes along (``activation_token`` in the signal's options) is kept for the show path
(:meth:`PortalBackend.take_activation_token`), so the compositor lets the palette take focus
on Wayland. The app id is :data:`~sessiondock_launcher.desktop.app_id.APP_ID`, which must
match an installed ``.desktop`` file. The D-Bus traffic goes through a
:class:`PortalBus` (``portal_bus.SessionBusConnection`` in the app, a fake in tests).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, MutableMapping
from itertools import count
from typing import Any, Protocol

from PySide6.QtCore import QObject

from sessiondock_launcher.desktop.app_id import APP_ID
from sessiondock_launcher.desktop.hotkeys.base import HotkeyBackend, HotkeyUnavailable
from sessiondock_launcher.desktop.hotkeys.chord import Chord, Modifier, keysym_name
from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP

__all__ = ["APP_ID", "PortalBackend", "PortalBus", "export_activation_token", "portal_trigger"]

logger = logging.getLogger(__name__)

PORTAL_SERVICE = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
REGISTRY_IFACE = "org.freedesktop.host.portal.Registry"
SHORTCUTS_IFACE = "org.freedesktop.portal.GlobalShortcuts"
REQUEST_IFACE = "org.freedesktop.portal.Request"
SESSION_IFACE = "org.freedesktop.portal.Session"
SHORTCUT_ID = "toggle-palette"
SHORTCUT_DESCRIPTION = "Open the SessionDock quick-search palette"
_NO_PORTAL_ERRORS = {
    "org.freedesktop.DBus.Error.ServiceUnknown",
    "org.freedesktop.DBus.Error.NameHasNoOwner",
    "org.freedesktop.DBus.Error.UnknownMethod",
    "org.freedesktop.DBus.Error.UnknownInterface",
    "org.freedesktop.DBus.Error.UnknownObject",
}
_TRIGGER_MODIFIERS = {
    Modifier.CONTROL: "CTRL",
    Modifier.ALT: "ALT",
    Modifier.SHIFT: "SHIFT",
    Modifier.SUPER: "LOGO",
}

Body = tuple[Any, ...]
"""A D-Bus message body; variants are ``(signature, value)`` pairs (jeepney's convention)."""


class PortalBus(Protocol):
    """The D-Bus operations the portal backend needs, all non-blocking."""

    @property
    def unique_name(self) -> str:
        """Our unique connection name (``":1.42"``), known once the bus answered Hello."""
        ...

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
        """Call ``method`` on the portal service; exactly one callback runs later."""
        ...

    def subscribe(
        self, path: str, interface: str, member: str, callback: Callable[[Body], None]
    ) -> object:
        """Deliver matching signals to ``callback``; return a handle for :meth:`unsubscribe`."""
        ...

    def unsubscribe(self, handle: object) -> None:
        """Stop a subscription."""
        ...

    def close(self) -> None:
        """Close the connection."""
        ...


def export_activation_token(token: str, environ: MutableMapping[str, str]) -> bool:
    """Hand a portal activation token to Qt, which uses it for the next window activation.

    Qt's Wayland xdg-shell integration reads ``XDG_ACTIVATION_TOKEN`` when a window asks to be
    activated (and unsets it): the compositor then lets the palette take focus.
    """
    if not token:
        return False
    environ["XDG_ACTIVATION_TOKEN"] = token
    return True


def portal_trigger(chord: Chord) -> str:
    """The chord in the XDG shortcuts notation the portal takes (``"CTRL+ALT+space"``)."""
    parts = [_TRIGGER_MODIFIERS[m] for m in chord.ordered_modifiers()]
    return "+".join([*parts, keysym_name(chord.key)])


def request_path(unique_name: str, token: str) -> str:
    """The Request object path the portal will use for ``handle_token=token``."""
    sender = unique_name.lstrip(":").replace(".", "_")
    return f"{PORTAL_PATH}/request/{sender}/{token}"


class PortalBackend(HotkeyBackend):
    """Global shortcut through the desktop portal; results arrive through the signals."""

    name = "portal"
    answers_later = True

    def __init__(
        self,
        bus_factory: Callable[[], PortalBus],
        app_id: str = APP_ID,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bus_factory = bus_factory
        self._bus: PortalBus | None = None
        self._app_id = app_id
        self._tokens = count(1)
        self._generation = 0  # bumps on every register/unregister: late answers are dropped
        self._trigger = ""
        self._session: str | None = None
        self._request_subscription: object = None
        self._signal_subscriptions: list[object] = []
        self._activation_token = ""

    def _open_bus(self) -> PortalBus:
        if self._bus is None:
            try:
                self._bus = self._bus_factory()
            except (OSError, KeyError, ValueError, ImportError) as exc:
                raise HotkeyUnavailable(
                    QT_TRANSLATE_NOOP(
                        "Messages", "Cannot reach the desktop's session bus ({problem})."
                    ).format(problem=exc)
                ) from exc
        return self._bus

    def _register(self, chord: Chord) -> None:
        bus = self._open_bus()
        self._generation += 1
        generation = self._generation
        self._trigger = portal_trigger(chord)

        def registry_failed(name: str, message: str) -> None:
            # Older portals have no Registry; sandboxed apps get their id from the sandbox.
            logger.info("Portal Registry.Register unavailable (%s: %s)", name, message)
            self._create_session(generation)

        bus.call(
            PORTAL_PATH,
            REGISTRY_IFACE,
            "Register",
            "sa{sv}",
            (self._app_id, {}),
            on_reply=lambda _body: self._create_session(generation),
            on_error=registry_failed,
        )

    def _create_session(self, generation: int) -> None:
        if generation != self._generation or self._bus is None:
            return
        if not self._bus.unique_name:  # needed to predict the Request path
            self._fail(
                HotkeyUnavailable(
                    QT_TRANSLATE_NOOP("Messages", "The session bus did not tell us our name.")
                )
            )
            return
        token = self._request(generation, self._on_session_created)
        options = {
            "handle_token": ("s", token),
            "session_handle_token": ("s", f"sessiondock_session{next(self._tokens)}"),
        }
        self._call(generation, SHORTCUTS_IFACE, "CreateSession", "a{sv}", (options,))

    def _on_session_created(self, generation: int, results: dict[str, Any]) -> None:
        session = str(results.get("session_handle", ("o", ""))[1])
        if not session or self._bus is None:
            self._fail(
                HotkeyUnavailable(
                    QT_TRANSLATE_NOOP("Messages", "The desktop portal opened no shortcut session.")
                )
            )
            return
        self._session = session
        for member, slot in (
            ("Activated", self._on_activated),
            ("ShortcutsChanged", self._on_changed),
        ):
            handle = self._bus.subscribe(PORTAL_PATH, SHORTCUTS_IFACE, member, slot)
            self._signal_subscriptions.append(handle)
        token = self._request(generation, self._on_bound)
        shortcut = (
            SHORTCUT_ID,
            {"description": ("s", SHORTCUT_DESCRIPTION), "preferred_trigger": ("s", self._trigger)},
        )
        body = (session, [shortcut], "", {"handle_token": ("s", token)})
        self._call(generation, SHORTCUTS_IFACE, "BindShortcuts", "oa(sa{sv})sa{sv}", body)

    def _on_bound(self, _generation: int, results: dict[str, Any]) -> None:
        description = _trigger_description(results.get("shortcuts", ("a(sa{sv})", []))[1])
        if description is None:
            self._fail(
                HotkeyUnavailable(
                    QT_TRANSLATE_NOOP("Messages", "The desktop did not bind the shortcut.")
                )
            )
            return
        self.registered.emit(description)

    def _request(self, generation: int, on_success: Callable[[int, dict[str, Any]], None]) -> str:
        """Subscribe to the Response of the next request; return its ``handle_token``."""
        assert self._bus is not None
        token = f"sessiondock{next(self._tokens)}"
        self._drop_request_subscription()

        def on_response(body: Body) -> None:
            self._drop_request_subscription()
            if generation != self._generation:
                return
            code, results = int(body[0]), dict(body[1])
            if code == 0:
                on_success(generation, results)
            elif code == 1:
                self._fail(
                    HotkeyUnavailable(
                        QT_TRANSLATE_NOOP(
                            "Messages", "The desktop's shortcut dialog was cancelled."
                        )
                    )
                )
            else:
                self._fail(
                    HotkeyUnavailable(
                        QT_TRANSLATE_NOOP("Messages", "The desktop refused the global shortcut.")
                    )
                )

        path = request_path(self._bus.unique_name, token)
        self._request_subscription = self._bus.subscribe(
            path, REQUEST_IFACE, "Response", on_response
        )
        return token

    def _call(self, generation: int, interface: str, method: str, sig: str, body: Body) -> None:
        assert self._bus is not None

        def on_error(name: str, message: str) -> None:
            if generation != self._generation:
                return
            if name in _NO_PORTAL_ERRORS:
                reason = "This desktop offers no GlobalShortcuts portal."
            elif name == "org.freedesktop.portal.Error.NotAllowed":
                reason = (
                    f"The desktop portal refused the app ({message}); the "
                    f"{self._app_id}.desktop file may not be installed: run "
                    "`sessiondock-launcher --install-desktop-entry`."
                )
            else:
                reason = f"The desktop portal failed ({name}: {message})."
            self._fail(HotkeyUnavailable(reason))

        self._bus.call(
            PORTAL_PATH, interface, method, sig, body, on_reply=lambda _b: None, on_error=on_error
        )

    def _on_activated(self, body: Body) -> None:
        session, shortcut_id = str(body[0]), str(body[1])
        if session == self._session and shortcut_id == SHORTCUT_ID:
            options = dict(body[3]) if len(body) > 3 else {}  # (o, s, t, a{sv})
            token = options.get("activation_token", ("s", ""))[1]
            self._activation_token = str(token)
            self.activated.emit()

    def take_activation_token(self) -> str:
        """The XDG activation token of the last press (once; ``""`` when the portal sent none)."""
        token, self._activation_token = self._activation_token, ""
        return token

    def _on_changed(self, body: Body) -> None:
        if str(body[0]) == self._session:
            description = _trigger_description(body[1])
            if description is not None:
                self.registered.emit(description)

    def _drop_request_subscription(self) -> None:
        handle, self._request_subscription = self._request_subscription, None
        if handle is not None and self._bus is not None:
            self._bus.unsubscribe(handle)

    def _unregister(self, _chord: Chord) -> None:
        self._generation += 1
        self._drop_request_subscription()
        if self._bus is None:
            return
        for handle in self._signal_subscriptions:
            self._bus.unsubscribe(handle)
        self._signal_subscriptions.clear()
        session, self._session = self._session, None
        if session is not None:  # the portal cannot unbind; closing the session ends Activated
            self._bus.call(
                session,
                SESSION_IFACE,
                "Close",
                "",
                (),
                on_reply=lambda _b: None,
                on_error=lambda name, _msg: logger.info(
                    "Closing the portal session failed: %s", name
                ),
            )

    def _close(self) -> None:
        if self._bus is not None:
            self._bus.close()
            self._bus = None


def _trigger_description(shortcuts: list[tuple[str, dict[str, Any]]]) -> str | None:
    """What the desktop says triggers our shortcut, or None when it is not among ``shortcuts``."""
    for shortcut_id, props in shortcuts:
        if shortcut_id == SHORTCUT_ID:
            text = str(dict(props).get("trigger_description", ("s", ""))[1])
            return text or "the shortcut set in your desktop's settings"
    return None
