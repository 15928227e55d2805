"""The Wayland portal backend's request/response handling, through a fake bus.

No portal runs on this machine; tests/unit/test_hotkey_portal_bus.py drives the same flow over
a real dbus-daemon.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from sessiondock_launcher.desktop.hotkeys import HotkeyUnavailable, parse_chord
from sessiondock_launcher.desktop.hotkeys.portal import (
    PORTAL_PATH,
    REGISTRY_IFACE,
    REQUEST_IFACE,
    SESSION_IFACE,
    SHORTCUTS_IFACE,
    PortalBackend,
    portal_trigger,
    request_path,
)

CHORD = parse_chord("Ctrl+Alt+Space")
SESSION = "/org/freedesktop/portal/desktop/session/1_42/sessiondock_session2"


@dataclass
class Call:
    path: str
    interface: str
    method: str
    signature: str
    body: tuple[Any, ...]
    on_reply: Callable[[tuple[Any, ...]], None]
    on_error: Callable[[str, str], None]


class FakeBus:
    """Records calls and subscriptions; tests answer calls and emit signals."""

    unique_name = ":1.42"

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.events: list[str] = []
        self.subscriptions: dict[int, tuple[str, str, str, Callable[..., None]]] = {}
        self.closed = False
        self._next = 0

    def call(
        self,
        path: str,
        interface: str,
        method: str,
        signature: str,
        body: tuple[Any, ...],
        *,
        on_reply: Callable[[tuple[Any, ...]], None],
        on_error: Callable[[str, str], None],
    ) -> None:
        self.events.append(f"call {method}")
        self.calls.append(Call(path, interface, method, signature, body, on_reply, on_error))

    def subscribe(self, path: str, interface: str, member: str, callback: Any) -> object:
        self._next += 1
        self.events.append(f"subscribe {member} {path}")
        self.subscriptions[self._next] = (path, interface, member, callback)
        return self._next

    def unsubscribe(self, handle: object) -> None:
        del self.subscriptions[handle]  # type: ignore[arg-type]

    def close(self) -> None:
        self.closed = True

    def last(self, method: str) -> Call:
        return [c for c in self.calls if c.method == method][-1]

    def emit(self, path: str, interface: str, member: str, *body: Any) -> None:
        for p, i, m, callback in list(self.subscriptions.values()):
            if (p, i, m) == (path, interface, member):
                callback(body)

    def respond(self, call: Call, code: int, results: dict[str, Any]) -> None:
        """The portal's Response signal for the request ``call`` started."""
        token = call.body[-1]["handle_token"][1]
        self.emit(request_path(self.unique_name, token), REQUEST_IFACE, "Response", code, results)


def bound(description: str = "Ctrl+Alt+Space") -> dict[str, Any]:
    props = {"description": ("s", "x"), "trigger_description": ("s", description)}
    return {"shortcuts": ("a(sa{sv})", [("toggle-palette", props)])}


@pytest.fixture
def bus() -> FakeBus:
    return FakeBus()


@pytest.fixture
def backend(bus: FakeBus, qtbot: QtBot) -> PortalBackend:
    return PortalBackend(lambda: bus)


def bind(bus: FakeBus, backend: PortalBackend, qtbot: QtBot) -> None:
    """Run the whole successful flow."""
    backend.register(CHORD)
    bus.last("Register").on_reply(())
    bus.respond(bus.last("CreateSession"), 0, {"session_handle": ("s", SESSION)})
    with qtbot.waitSignal(backend.registered, timeout=100):
        bus.respond(bus.last("BindShortcuts"), 0, bound())


@pytest.mark.parametrize(
    ("text", "trigger"),
    [("Ctrl+Alt+Space", "CTRL+ALT+space"), ("Super+Shift+K", "SHIFT+LOGO+k"), ("F13", "F13")],
)
def test_portal_trigger(text: str, trigger: str) -> None:
    assert portal_trigger(parse_chord(text)) == trigger


def test_request_path_follows_the_portal_convention() -> None:
    assert request_path(":1.42", "tok7") == f"{PORTAL_PATH}/request/1_42/tok7"


def test_full_flow(bus: FakeBus, backend: PortalBackend, qtbot: QtBot) -> None:
    backend.register(CHORD)
    register = bus.calls[0]
    assert (register.interface, register.method, register.signature) == (
        REGISTRY_IFACE,
        "Register",
        "sa{sv}",
    )
    assert register.body == ("com.sessiondock.Launcher", {})

    register.on_reply(())
    create = bus.last("CreateSession")
    assert (create.path, create.interface, create.signature) == (
        PORTAL_PATH,
        SHORTCUTS_IFACE,
        "a{sv}",
    )
    token = create.body[0]["handle_token"][1]
    # The Response subscription exists before the call goes out (no race with the portal).
    assert bus.events.index(
        f"subscribe Response {request_path(':1.42', token)}"
    ) < bus.events.index("call CreateSession")

    bus.respond(create, 0, {"session_handle": ("s", SESSION)})
    bind_call = bus.last("BindShortcuts")
    assert bind_call.signature == "oa(sa{sv})sa{sv}"
    session, shortcuts, parent_window, options = bind_call.body
    assert (session, parent_window) == (SESSION, "")
    [(shortcut_id, props)] = shortcuts
    assert shortcut_id == "toggle-palette"
    assert props["preferred_trigger"] == ("s", "CTRL+ALT+space")
    assert props["description"][0] == "s"
    assert "handle_token" in options

    with qtbot.waitSignal(backend.registered, timeout=100) as registered:
        bus.respond(bind_call, 0, bound("Super+Space"))  # the desktop chose another trigger
    assert registered.args == ["Super+Space"]
    assert backend.chord == CHORD

    with qtbot.waitSignal(backend.activated, timeout=100):
        bus.emit(PORTAL_PATH, SHORTCUTS_IFACE, "Activated", SESSION, "toggle-palette", 99, {})


def test_activations_of_other_sessions_or_shortcuts_are_ignored(
    bus: FakeBus, backend: PortalBackend, qtbot: QtBot
) -> None:
    bind(bus, backend, qtbot)
    with qtbot.assertNotEmitted(backend.activated):
        bus.emit(PORTAL_PATH, SHORTCUTS_IFACE, "Activated", SESSION, "other", 1, {})
        bus.emit(PORTAL_PATH, SHORTCUTS_IFACE, "Activated", SESSION + "x", "toggle-palette", 1, {})


def test_shortcuts_changed_reports_the_new_trigger(
    bus: FakeBus, backend: PortalBackend, qtbot: QtBot
) -> None:
    bind(bus, backend, qtbot)
    new = bound("Ctrl+Shift+P")["shortcuts"][1]
    with qtbot.waitSignal(backend.registered, timeout=100) as registered:
        bus.emit(PORTAL_PATH, SHORTCUTS_IFACE, "ShortcutsChanged", SESSION, new)
    assert registered.args == ["Ctrl+Shift+P"]


def test_without_registry_the_flow_goes_on(bus: FakeBus, backend: PortalBackend) -> None:
    backend.register(CHORD)
    bus.last("Register").on_error("org.freedesktop.DBus.Error.UnknownMethod", "no Registry")
    assert bus.last("CreateSession")


@pytest.mark.parametrize(
    ("code", "fragment"), [(1, "dialog was cancelled"), (2, "refused the global shortcut")]
)
def test_denied_binding_is_unavailable_with_toggle_advice(
    bus: FakeBus, backend: PortalBackend, qtbot: QtBot, code: int, fragment: str
) -> None:
    backend.register(CHORD)
    bus.last("Register").on_reply(())
    bus.respond(bus.last("CreateSession"), 0, {"session_handle": ("s", SESSION)})
    with qtbot.waitSignal(backend.registration_failed, timeout=100) as failed:
        bus.respond(bus.last("BindShortcuts"), code, {})
    error = failed.args[0]
    assert isinstance(error, HotkeyUnavailable)
    assert fragment in str(error)
    assert "sessiondock-launcher --toggle" in str(error)
    assert backend.chord is None
    # the half-open session is closed and nothing is left subscribed
    assert bus.last("Close").path == SESSION
    assert bus.subscriptions == {}


def test_binding_without_our_shortcut_is_a_failure(
    bus: FakeBus, backend: PortalBackend, qtbot: QtBot
) -> None:
    backend.register(CHORD)
    bus.last("Register").on_reply(())
    bus.respond(bus.last("CreateSession"), 0, {"session_handle": ("s", SESSION)})
    with qtbot.waitSignal(backend.registration_failed, timeout=100) as failed:
        bus.respond(bus.last("BindShortcuts"), 0, {"shortcuts": ("a(sa{sv})", [])})
    assert "did not bind" in str(failed.args[0])


@pytest.mark.parametrize(
    ("error_name", "fragment"),
    [
        ("org.freedesktop.DBus.Error.ServiceUnknown", "no GlobalShortcuts portal"),
        ("org.freedesktop.DBus.Error.UnknownInterface", "no GlobalShortcuts portal"),
        ("org.freedesktop.portal.Error.NotAllowed", "com.sessiondock.Launcher.desktop file"),
        ("org.freedesktop.DBus.Error.Failed", "portal failed"),
    ],
)
def test_call_errors_are_unavailable(
    bus: FakeBus, backend: PortalBackend, qtbot: QtBot, error_name: str, fragment: str
) -> None:
    backend.register(CHORD)
    bus.last("Register").on_reply(())
    with qtbot.waitSignal(backend.registration_failed, timeout=100) as failed:
        bus.last("CreateSession").on_error(error_name, "An app id is required")
    assert fragment in str(failed.args[0])
    assert backend.chord is None


def test_late_answers_after_unregister_are_ignored(
    bus: FakeBus, backend: PortalBackend, qtbot: QtBot
) -> None:
    backend.register(CHORD)
    register = bus.last("Register")
    backend.unregister()
    with (
        qtbot.assertNotEmitted(backend.registered),
        qtbot.assertNotEmitted(backend.registration_failed),
    ):
        register.on_reply(())
    assert [c.method for c in bus.calls] == ["Register"]


def test_unregister_closes_the_session(bus: FakeBus, backend: PortalBackend, qtbot: QtBot) -> None:
    bind(bus, backend, qtbot)
    backend.unregister()
    close = bus.last("Close")
    assert (close.path, close.interface, close.body) == (SESSION, SESSION_IFACE, ())
    assert bus.subscriptions == {}
    with qtbot.assertNotEmitted(backend.activated):
        bus.emit(PORTAL_PATH, SHORTCUTS_IFACE, "Activated", SESSION, "toggle-palette", 1, {})
    backend.close()
    assert bus.closed


def test_no_session_bus_is_unavailable(qtbot: QtBot) -> None:
    def no_bus() -> FakeBus:
        raise OSError("DBUS_SESSION_BUS_ADDRESS is not set")

    backend = PortalBackend(no_bus)
    with pytest.raises(HotkeyUnavailable, match="session bus"):
        backend.register(CHORD)
    backend.close()


def test_unknown_bus_name_fails_instead_of_waiting_forever(
    bus: FakeBus, backend: PortalBackend, qtbot: QtBot
) -> None:
    bus.unique_name = ""
    backend.register(CHORD)
    with qtbot.waitSignal(backend.registration_failed, timeout=100):
        bus.last("Register").on_reply(())
    assert [c.method for c in bus.calls] == ["Register"]


def test_registry_registers_a_valid_reverse_dns_app_id(
    bus: FakeBus, backend: PortalBackend, qtbot: QtBot
) -> None:
    from tests.unit.test_app_id import g_application_id_is_valid

    backend.register(CHORD)
    app_id, _options = bus.last("Register").body
    assert app_id == "com.sessiondock.Launcher"
    assert g_application_id_is_valid(app_id)
    assert bus.last("Register").interface == "org.freedesktop.host.portal.Registry"


def test_the_activation_token_reaches_the_show_path_once(
    bus: FakeBus, backend: PortalBackend, qtbot: QtBot
) -> None:
    bind(bus, backend, qtbot)
    options = {"activation_token": ("s", "gnome-shell/SessionDock/1234-0-host_TIME99")}
    with qtbot.waitSignal(backend.activated, timeout=100):
        bus.emit(PORTAL_PATH, SHORTCUTS_IFACE, "Activated", SESSION, "toggle-palette", 99, options)
    assert backend.take_activation_token() == "gnome-shell/SessionDock/1234-0-host_TIME99"
    assert backend.take_activation_token() == ""  # a token is good for one activation
    with qtbot.waitSignal(backend.activated, timeout=100):  # older portals send no token
        bus.emit(PORTAL_PATH, SHORTCUTS_IFACE, "Activated", SESSION, "toggle-palette", 100, {})
    assert backend.take_activation_token() == ""


def test_not_allowed_says_how_to_install_the_desktop_entry(
    bus: FakeBus, backend: PortalBackend, qtbot: QtBot
) -> None:
    backend.register(CHORD)
    bus.last("Register").on_reply(())
    with qtbot.waitSignal(backend.registration_failed, timeout=100) as failed:
        bus.last("CreateSession").on_error(
            "org.freedesktop.portal.Error.NotAllowed", "An app id is required"
        )
    message = str(failed.args[0])
    assert "com.sessiondock.Launcher.desktop" in message
    assert "--install-desktop-entry" in message
