"""The portal backend over a real D-Bus: a private dbus-daemon, with the test playing the portal.

This checks what the fake bus cannot: the messages' wire signatures (``a(sa{sv})`` for
BindShortcuts), the predicted Request path matching our real unique name, match rules being in
place before the portal answers, and D-Bus errors when no portal owns the name.
"""

from __future__ import annotations

import select
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

jeepney = pytest.importorskip("jeepney")
from jeepney import (  # type: ignore[import-untyped]  # noqa: E402
    DBusAddress,
    HeaderFields,
    MessageType,
    new_method_return,
    new_signal,
)
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]  # noqa: E402
from jeepney.io.blocking import (  # type: ignore[import-untyped]  # noqa: E402
    DBusConnection,
    open_dbus_connection,
)

from sessiondock_launcher.desktop.hotkeys import HotkeyUnavailable, parse_chord  # noqa: E402
from sessiondock_launcher.desktop.hotkeys.portal import (  # noqa: E402
    PORTAL_PATH,
    PORTAL_SERVICE,
    REQUEST_IFACE,
    SHORTCUTS_IFACE,
    PortalBackend,
    request_path,
)
from sessiondock_launcher.desktop.hotkeys.portal_bus import (  # noqa: E402
    BUS_PATH,
    BUS_SERVICE,
    SessionBusConnection,
)

CHORD = parse_chord("Ctrl+Alt+Space")
SESSION = "/org/freedesktop/portal/desktop/session/1_1/s"


@pytest.fixture(scope="module")
def bus_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private session bus (dbus-daemon), so no real desktop is involved."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed (apt-get install dbus)")
    socket_path = tmp_path_factory.mktemp("dbus") / "bus"
    proc = subprocess.Popen(
        [
            daemon,
            "--session",
            "--nofork",
            "--print-address=1",
            f"--address=unix:path={socket_path}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 10)
        address = proc.stdout.readline().decode().strip() if ready else ""
        if not address:
            pytest.fail(f"dbus-daemon did not start (exit code {proc.poll()})")
        yield address
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()


class ScriptedPortal:
    """The test's side of the portal: a blocking jeepney connection owning the portal name."""

    def __init__(self, address: str) -> None:
        self.conn: DBusConnection = open_dbus_connection(address)
        reply = self.conn.send_and_get_reply(message_bus.RequestName(PORTAL_SERVICE))
        assert reply.body == (1,)  # primary owner

    def next_call(self, qtbot: QtBot) -> Any:
        """Pump Qt until the backend's next method call arrives here."""
        found: list[Any] = []

        def arrived() -> bool:
            try:
                message = self.conn.receive(timeout=0)
            except TimeoutError:
                return False
            if message.header.message_type is MessageType.method_call:
                found.append(message)
            return bool(found)

        qtbot.waitUntil(arrived, timeout=5000)
        return found[0]

    def reply(self, call: Any, signature: str | None = None, body: tuple[Any, ...] = ()) -> None:
        self.conn.send(new_method_return(call, signature, body))

    def respond(self, call: Any, token: str, code: int, results: dict[str, Any]) -> None:
        """Answer a portal request: return its handle, then emit Response on it."""
        path = request_path(call.header.fields[HeaderFields.sender], token)
        self.reply(call, "o", (path,))
        emitter = DBusAddress(path, interface=REQUEST_IFACE)
        self.conn.send(new_signal(emitter, "Response", "ua{sv}", (code, results)))

    def emit(self, member: str, signature: str, body: tuple[Any, ...]) -> None:
        emitter = DBusAddress(PORTAL_PATH, interface=SHORTCUTS_IFACE)
        self.conn.send(new_signal(emitter, member, signature, body))

    def close(self) -> None:
        self.conn.close()


@pytest.fixture
def portal(bus_address: str) -> Iterator[ScriptedPortal]:
    scripted = ScriptedPortal(bus_address)
    yield scripted
    scripted.close()


@pytest.fixture
def backend(bus_address: str, qtbot: QtBot) -> Iterator[PortalBackend]:
    hotkey = PortalBackend(lambda: SessionBusConnection(bus_address))
    yield hotkey
    hotkey.close()


def member(message: Any) -> tuple[str, str, str]:
    fields = message.header.fields
    return (
        fields[HeaderFields.interface],
        fields[HeaderFields.member],
        fields.get(HeaderFields.signature, ""),
    )


def test_bind_and_activate_over_a_real_bus(
    portal: ScriptedPortal, backend: PortalBackend, qtbot: QtBot
) -> None:
    backend.register(CHORD)
    call = portal.next_call(qtbot)
    assert member(call) == ("org.freedesktop.host.portal.Registry", "Register", "sa{sv}")
    assert call.body == ("com.sessiondock.Launcher", {})
    portal.reply(call)

    call = portal.next_call(qtbot)
    assert member(call) == (SHORTCUTS_IFACE, "CreateSession", "a{sv}")
    portal.respond(call, call.body[0]["handle_token"][1], 0, {"session_handle": ("s", SESSION)})

    call = portal.next_call(qtbot)
    assert member(call) == (SHORTCUTS_IFACE, "BindShortcuts", "oa(sa{sv})sa{sv}")
    session, [(shortcut_id, props)], _parent, options = call.body
    assert (session, shortcut_id) == (SESSION, "toggle-palette")
    assert props["preferred_trigger"] == ("s", "CTRL+ALT+space")
    result = [("toggle-palette", {"trigger_description": ("s", "Ctrl+Alt+Space")})]
    with qtbot.waitSignal(backend.registered, timeout=5000) as registered:
        portal.respond(call, options["handle_token"][1], 0, {"shortcuts": ("a(sa{sv})", result)})
    assert registered.args == ["Ctrl+Alt+Space"]

    with qtbot.waitSignal(backend.activated, timeout=5000):
        portal.emit("Activated", "osta{sv}", (SESSION, "toggle-palette", 1, {}))
    assert backend.take_activation_token() == ""
    token = {"activation_token": ("s", "mutter/1234_TIME5678")}  # what xdg-desktop-portal adds
    with qtbot.waitSignal(backend.activated, timeout=5000):
        portal.emit("Activated", "osta{sv}", (SESSION, "toggle-palette", 2, token))
    assert backend.take_activation_token() == "mutter/1234_TIME5678"

    backend.unregister()
    call = portal.next_call(qtbot)
    assert member(call) == ("org.freedesktop.portal.Session", "Close", "")
    assert call.header.fields[HeaderFields.path] == SESSION


def test_no_portal_on_the_bus_is_unavailable(backend: PortalBackend, qtbot: QtBot) -> None:
    with qtbot.waitSignal(backend.registration_failed, timeout=5000) as failed:
        backend.register(CHORD)
    error = failed.args[0]
    assert isinstance(error, HotkeyUnavailable)
    assert "no GlobalShortcuts portal" in str(error)
    assert "sessiondock-launcher --toggle" in str(error)


def test_closing_fails_pending_calls(bus_address: str, qtbot: QtBot) -> None:
    bus = SessionBusConnection(bus_address, destination=BUS_SERVICE)
    errors: list[str] = []
    bus.call(
        BUS_PATH,
        BUS_SERVICE,
        "GetId",
        "",
        (),
        on_reply=_no_reply,
        on_error=lambda n, _m: errors.append(n),
    )
    bus.close()
    bus.close()
    assert errors == ["org.freedesktop.DBus.Error.Disconnected"]


def test_calls_get_replies(bus_address: str, qtbot: QtBot) -> None:
    bus = SessionBusConnection(bus_address, destination=BUS_SERVICE)
    replies: list[tuple[Any, ...]] = []
    bus.call(BUS_PATH, BUS_SERVICE, "GetId", "", (), on_reply=replies.append, on_error=_no_error)
    qtbot.waitUntil(lambda: bool(replies), timeout=5000)
    assert len(replies[0][0]) == 32  # the bus id
    assert bus.unique_name.startswith(":")
    bus.close()


def _no_reply(body: tuple[Any, ...]) -> None:
    pytest.fail(f"unexpected reply {body}")


def _no_error(name: str, message: str) -> None:
    pytest.fail(f"unexpected error {name}: {message}")
