"""SingleInstance: commands from the real ctl client, bad input, the lock and stale sockets.

Clients run in worker threads (plain sockets, no Qt) so the Qt loop keeps running while sync
tests wait with qtbot.waitSignal/waitUntil.
"""

from __future__ import annotations

import logging
import os
import socket
import stat
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from sessiondock_launcher import ctl
from sessiondock_launcher.desktop.single_instance import SingleInstance

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="unix-socket paths")

LOGGER = "sessiondock_launcher.desktop.single_instance"
STALE_MTIME_NS = 1_000_000_000_000_000_000


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=8) as executor:
        yield executor


@pytest.fixture
def make_instance(tmp_path: Path) -> Iterator[Callable[..., SingleInstance]]:
    created: list[SingleInstance] = []

    def _make(**kwargs: Any) -> SingleInstance:
        instance = SingleInstance(
            str(tmp_path / "run" / "ipc.sock"), str(tmp_path / "run" / "ipc.lock"), **kwargs
        )
        created.append(instance)
        return instance

    yield _make
    for instance in created:
        instance.close()
        instance.deleteLater()


@pytest.fixture
def instance(make_instance: Callable[..., SingleInstance]) -> SingleInstance:
    server = make_instance()
    assert server.acquire()
    server.listen()
    return server


def _raw_exchange(address: str, payload: bytes) -> bytes:
    """Send raw bytes, return everything the server answers before closing ('' if dropped)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(5)
        client.connect(address)
        try:
            client.sendall(payload)
            data = b""
            while chunk := client.recv(4096):
                data += chunk
        except ConnectionResetError:
            return b""
        return data


def _wait(qtbot: QtBot, future: Future[Any]) -> Any:
    qtbot.waitUntil(future.done, timeout=5_000)
    return future.result()


@pytest.mark.parametrize(
    ("cmd", "args"),
    [
        ("toggle", {}),
        ("show", {}),
        ("hide", {}),
        ("quit", {}),
        ("search", {"text": "drum loop"}),
        ("search", {"text": "Björk\n🥁"}),
    ],
)
def test_commands_from_ctl_are_emitted(
    qtbot: QtBot,
    pool: ThreadPoolExecutor,
    instance: SingleInstance,
    cmd: str,
    args: dict[str, str],
) -> None:
    with qtbot.waitSignal(instance.command_received, timeout=5_000) as blocker:
        future = pool.submit(ctl.send, cmd, args or None, address=instance.address)
    assert blocker.args == [cmd, args]
    assert _wait(qtbot, future) == {"v": 1, "ok": True}


@pytest.mark.parametrize("cmd", ["toggle", "show", "search"])
def test_a_show_command_is_answered_once_the_palette_takes_keys(
    qtbot: QtBot, pool: ThreadPoolExecutor, instance: SingleInstance, cmd: str
) -> None:
    """``--toggle && xdotool type …``: the client returns only when keys reach the palette."""
    ready = False
    instance.ready_for_keys = lambda: ready
    args = {"text": "drum"} if cmd == "search" else None
    with qtbot.waitSignal(instance.command_received, timeout=5_000):
        future = pool.submit(ctl.send, cmd, args, address=instance.address)
    qtbot.wait(150)  # the window manager takes its time; meanwhile the client must wait
    assert not future.done()
    ready = True
    assert _wait(qtbot, future) == {"v": 1, "ok": True}


def test_a_show_command_is_answered_anyway_when_the_focus_never_comes(
    qtbot: QtBot, pool: ThreadPoolExecutor, instance: SingleInstance
) -> None:
    instance.ready_for_keys = lambda: False  # a window manager that refuses the focus
    future = pool.submit(ctl.send, "show", address=instance.address)
    qtbot.waitUntil(future.done, timeout=1_900)  # inside the client's 2 s reply timeout
    assert future.result() == {"v": 1, "ok": True}


def test_concurrent_clients_are_all_served(
    qtbot: QtBot, pool: ThreadPoolExecutor, instance: SingleInstance
) -> None:
    received: list[tuple[str, dict[str, Any]]] = []
    instance.command_received.connect(lambda cmd, args: received.append((cmd, args)))
    texts = [f"query {i}" for i in range(16)]
    futures = [
        pool.submit(ctl.send, "search", {"text": t}, address=instance.address) for t in texts
    ]
    qtbot.waitUntil(lambda: all(f.done() for f in futures), timeout=10_000)
    assert all(f.result()["ok"] for f in futures)
    qtbot.waitUntil(lambda: len(received) == len(texts), timeout=5_000)
    assert sorted(args["text"] for _, args in received) == sorted(texts)


@pytest.mark.parametrize(
    ("payload", "logged"),
    [
        (b"garbage\n", "not valid JSON"),
        (b"\xff\xfe\xfd\n", "not UTF-8"),
        (b"[1, 2]\n", "not a JSON object"),
        (b'{"v": 2, "cmd": "toggle", "args": {}}\n', "unsupported protocol version 2"),
        (b'{"cmd": "toggle"}\n', "unsupported protocol version None"),
        (b'{"v": 1, "cmd": "shutdown", "args": {}}\n', "unknown command 'shutdown'"),
        (b'{"v": 1, "cmd": "search", "args": {"text": 1}}\n', "args.text must be a string"),
        (b'{"v": 1, "cmd": "quit", "args": {"force": true}}\n', "unexpected args"),
    ],
)
def test_bad_messages_are_refused_logged_and_not_emitted(
    qtbot: QtBot,
    pool: ThreadPoolExecutor,
    instance: SingleInstance,
    caplog: pytest.LogCaptureFixture,
    payload: bytes,
    logged: str,
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    with qtbot.assertNotEmitted(instance.command_received):
        reply = _wait(qtbot, pool.submit(_raw_exchange, instance.address, payload))
    decoded = ctl.decode_reply(reply)
    assert decoded["ok"] is False
    assert logged in decoded["error"]
    assert any(logged in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


def test_oversized_message_drops_the_connection(
    qtbot: QtBot,
    pool: ThreadPoolExecutor,
    instance: SingleInstance,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    payload = b'{"v": 1, "cmd": "search", "args": {"text": "' + b"x" * ctl.MAX_MESSAGE_BYTES
    with qtbot.assertNotEmitted(instance.command_received):
        reply = _wait(qtbot, pool.submit(_raw_exchange, instance.address, payload + b'"}}\n'))
    assert reply == b""
    assert any("over 65536 bytes" in r.getMessage() for r in caplog.records)
    # still serving afterwards
    with qtbot.waitSignal(instance.command_received, timeout=5_000):
        future = pool.submit(ctl.send, "show", address=instance.address)
    assert _wait(qtbot, future)["ok"]


def test_client_that_sends_no_line_is_dropped_after_the_read_timeout(
    qtbot: QtBot,
    pool: ThreadPoolExecutor,
    make_instance: Callable[..., SingleInstance],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    server = make_instance(read_timeout_ms=200)
    assert server.acquire()
    server.listen()
    with qtbot.assertNotEmitted(server.command_received):
        reply = _wait(qtbot, pool.submit(_raw_exchange, server.address, b'{"v": 1, "cmd"'))
    assert reply == b""
    assert any("no complete message within 200 ms" in r.getMessage() for r in caplog.records)


def test_only_the_first_line_of_a_connection_counts(
    qtbot: QtBot, pool: ThreadPoolExecutor, instance: SingleInstance
) -> None:
    payload = ctl.encode_request("show") + ctl.encode_request("quit")
    with qtbot.waitSignal(instance.command_received, timeout=5_000) as blocker:
        reply = _wait(qtbot, pool.submit(_raw_exchange, instance.address, payload))
    assert blocker.args == ["show", {}]
    assert reply == ctl.encode_reply(True)


def test_second_instance_cannot_take_the_lock_or_the_socket(
    qtbot: QtBot,
    pool: ThreadPoolExecutor,
    make_instance: Callable[..., SingleInstance],
) -> None:
    first = make_instance()
    second = make_instance()
    assert first.acquire()
    first.listen()
    assert second.acquire() is False
    assert not second.is_locked()
    with pytest.raises(RuntimeError, match="acquire"):
        second.listen()
    # the first instance still gets the commands
    with qtbot.waitSignal(first.command_received, timeout=5_000):
        future = pool.submit(ctl.send, "toggle", address=first.address)
    assert _wait(qtbot, future)["ok"]

    first.close()
    assert not Path(first.address).exists()  # close() removes the socket file
    with pytest.raises(ctl.NoInstanceError):
        ctl.send("toggle", address=first.address)
    assert second.acquire()  # released with close()


def test_stale_socket_is_removed_only_while_holding_the_lock(
    qtbot: QtBot,
    pool: ThreadPoolExecutor,
    make_instance: Callable[..., SingleInstance],
    tmp_path: Path,
) -> None:
    server = make_instance()
    (tmp_path / "run").mkdir(mode=0o700)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(server.address)
    dead.close()  # a crashed instance leaves its socket file behind
    os.utime(server.address, ns=(STALE_MTIME_NS, STALE_MTIME_NS))  # marks this very file
    # (inode numbers do not tell files apart: a freed inode is reused at once)

    with pytest.raises(RuntimeError):
        server.listen()
    assert Path(server.address).stat().st_mtime_ns == STALE_MTIME_NS  # untouched without the lock

    assert server.acquire()
    server.listen()
    assert server.is_listening()
    assert Path(server.address).stat().st_mtime_ns != STALE_MTIME_NS
    with qtbot.waitSignal(server.command_received, timeout=5_000):
        future = pool.submit(ctl.send, "show", address=server.address)
    assert _wait(qtbot, future)["ok"]


def test_socket_and_its_directory_are_user_only(instance: SingleInstance) -> None:
    assert stat.S_IMODE(Path(instance.address).stat().st_mode) & 0o077 == 0
    assert stat.S_IMODE(Path(instance.address).parent.stat().st_mode) == 0o700
    assert instance.is_locked()


def test_lock_directory_that_is_not_a_directory_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    server = SingleInstance(
        str(tmp_path / "file" / "ipc.sock"), str(tmp_path / "file" / "ipc.lock")
    )
    try:
        with pytest.raises(OSError):
            server.acquire()
    finally:
        server.deleteLater()


def test_close_is_idempotent_and_releases_everything(
    make_instance: Callable[..., SingleInstance],
) -> None:
    server = make_instance()
    assert server.acquire()
    server.listen()
    server.close()
    server.close()
    assert not server.is_listening()
    assert not server.is_locked()
    assert not Path(server.lock_path).exists()


def test_for_current_user_uses_the_ctl_address(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(ctl.HOME_ENV, str(tmp_path))
    server = SingleInstance.for_current_user()
    try:
        assert server.address == ctl.server_address() == str(tmp_path / "cache" / "ipc.sock")
        assert server.lock_path == ctl.lock_file_path()
    finally:
        server.deleteLater()


# -- start-up that never dies (issue 15.4) ---------------------------------------------------------


def test_foreign_folder_means_running_without_single_instance(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Another local user planted the socket folder (e.g. the /tmp fallback): run anyway, say so."""
    from tests.support.fs import foreign_dir

    planted = foreign_dir(tmp_path / "run", 0o777)
    server = SingleInstance(str(planted / "ipc.sock"), str(planted / "ipc.lock"))
    try:
        with caplog.at_level(logging.WARNING, LOGGER):
            assert server.claim() is True  # not "another instance": go on
        assert not server.is_listening() and not server.is_locked()
        assert server.problem and "without single-instance" in server.problem
        assert "another user" in server.problem
        assert "Running without single-instance" in caplog.text
        assert list(planted.iterdir()) == []  # nothing created in the other user's folder
    finally:
        server.close()
        server.deleteLater()


def test_own_world_writable_folder_is_tightened_and_used(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    folder.mkdir()
    folder.chmod(0o777)
    server = SingleInstance(str(folder / "ipc.sock"), str(folder / "ipc.lock"))
    try:
        assert server.claim() is True
        assert server.is_listening() and server.problem is None
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    finally:
        server.close()
        server.deleteLater()


def test_full_disk_means_running_without_single_instance(tmp_path: Path) -> None:
    from tests.support.fs import full_disk_dir

    with full_disk_dir(tmp_path / "disk") as disk:
        server = SingleInstance(str(disk / "ipc.sock"), str(disk / "ipc.lock"))
        try:
            assert server.claim() is True
            assert not server.is_locked()
            assert server.problem and "without single-instance" in server.problem
        finally:
            server.close()
            server.deleteLater()


def test_claim_returns_false_only_for_a_live_instance(
    make_instance: Callable[..., SingleInstance],
) -> None:
    first = make_instance()
    assert first.claim() is True and first.is_listening() and first.problem is None
    second = make_instance()
    assert second.claim() is False
    assert second.problem is None
