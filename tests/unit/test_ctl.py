"""The Qt-free IPC client: address per OS, message encoding, errors and the exchange itself.

The server here is a plain-socket thread that records what it got and answers as scripted, so
the exact bytes on the wire are checked without Qt (tests/ui covers the real QLocalServer).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sessiondock_launcher import ctl, paths
from sessiondock_launcher._ctl_address import PIPE_PREFIX

unix_only = pytest.mark.skipif(sys.platform == "win32", reason="unix sockets; Windows uses pipes")


# --- address -----------------------------------------------------------------------------------


def test_constants_match_paths_module() -> None:
    # ctl copies them to avoid importing platformdirs on the fast path.
    assert ctl.HOME_ENV == paths.HOME_ENV
    assert ctl.APP_NAME == paths.APP_NAME


@pytest.mark.parametrize(
    ("platform", "environ", "expected"),
    [
        (
            "linux",
            {"HOME": "/home/ann"},
            "/home/ann/.cache/SessionDockLauncher/ipc.sock",
        ),
        (
            "linux",
            {"HOME": "/home/ann", "XDG_CACHE_HOME": "/var/tmp/annc/"},
            "/var/tmp/annc/SessionDockLauncher/ipc.sock",
        ),
        (
            "linux",  # a runtime dir that does not exist is not used
            {"XDG_RUNTIME_DIR": "/nonexistent/run/user/1000", "HOME": "/home/ann"},
            "/home/ann/.cache/SessionDockLauncher/ipc.sock",
        ),
        (
            "linux",  # relative XDG paths are invalid per the spec and ignored
            {"HOME": "/home/ann", "XDG_RUNTIME_DIR": "run", "XDG_CACHE_HOME": "cache"},
            "/home/ann/.cache/SessionDockLauncher/ipc.sock",
        ),
        (
            "darwin",
            {"HOME": "/Users/ann"},
            "/Users/ann/Library/Caches/SessionDockLauncher/ipc.sock",
        ),
        (
            "linux",  # the home override isolates an instance, even from the runtime dir
            {"XDG_RUNTIME_DIR": "/run/user/1000", "SESSIONDOCK_LAUNCHER_HOME": "/srv/demo"},
            "/srv/demo/cache/ipc.sock",
        ),
        (
            "darwin",
            {"SESSIONDOCK_LAUNCHER_HOME": "/srv/demo/"},
            "/srv/demo/cache/ipc.sock",
        ),
    ],
)
def test_unix_address(platform: str, environ: dict[str, str], expected: str) -> None:
    assert ctl.server_address(platform=platform, environ=environ) == expected
    assert ctl.lock_file_path(platform=platform, environ=environ) == expected.replace(
        "ipc.sock", "ipc.lock"
    )


@unix_only
def test_valid_runtime_dir_holds_the_socket(tmp_path: Path) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    runtime.chmod(0o700)
    environ = {"XDG_RUNTIME_DIR": str(runtime), "HOME": "/home/ann"}
    assert ctl.server_address(platform="linux", environ=environ) == (
        f"{runtime}/sessiondock-launcher/ipc.sock"
    )
    assert ctl.lock_file_path(platform="linux", environ=environ) == (
        f"{runtime}/sessiondock-launcher/ipc.lock"
    )


@unix_only
@pytest.mark.parametrize("mode", [0o755, 0o777, 0o1777])
def test_shared_runtime_dir_is_not_used(tmp_path: Path, mode: int) -> None:
    """A runtime dir others can enter or write is invalid (XDG spec: 0700): another user
    could plant a socket there and take the launcher's commands."""
    runtime = tmp_path / "run"
    runtime.mkdir()
    runtime.chmod(mode)
    environ = {"XDG_RUNTIME_DIR": str(runtime), "HOME": "/home/ann"}
    assert ctl.server_address(platform="linux", environ=environ) == (
        "/home/ann/.cache/SessionDockLauncher/ipc.sock"
    )


@unix_only
def test_foreign_runtime_dir_is_not_used(tmp_path: Path) -> None:
    from tests.support.fs import foreign_dir

    runtime = foreign_dir(tmp_path / "run", 0o700)
    environ = {"XDG_RUNTIME_DIR": str(runtime), "HOME": "/home/ann"}
    assert ctl.server_address(platform="linux", environ=environ) == (
        "/home/ann/.cache/SessionDockLauncher/ipc.sock"
    )


@unix_only
def test_too_long_path_goes_to_the_private_runtime_dir_not_tmp() -> None:
    import shutil
    import tempfile

    runtime = Path(tempfile.mkdtemp(prefix="rt"))  # short, 0700, like /run/user/<uid>
    deep = "/home/ann/" + "very-long-directory-name/" * 6
    environ = {"XDG_RUNTIME_DIR": str(runtime), "SESSIONDOCK_LAUNCHER_HOME": deep}
    try:
        address = ctl.server_address(platform="linux", environ=environ)
    finally:
        shutil.rmtree(runtime)
    assert address.startswith(f"{runtime}/sessiondock-launcher/")
    assert len(address.encode()) < ctl.MAX_SOCKET_PATH


def test_home_override_address_is_under_the_apps_cache_dir(tmp_path: Path) -> None:
    environ = {paths.HOME_ENV: str(tmp_path)}
    app_paths = paths.AppPaths.default(environ)
    expected = str(app_paths.cache_dir / "ipc.sock")
    assert ctl.server_address(platform="linux", environ=environ) == expected
    assert ctl.server_address(app_paths, platform="linux", environ={}) == expected


def test_explicit_paths_win_over_the_runtime_dir(tmp_path: Path) -> None:
    app_paths = paths.AppPaths.default({paths.HOME_ENV: str(tmp_path)})
    address = ctl.server_address(
        app_paths, platform="linux", environ={"XDG_RUNTIME_DIR": "/run/user/1"}
    )
    assert address == str(app_paths.cache_dir / "ipc.sock")


@unix_only
def test_too_long_unix_path_is_hashed_into_a_short_one() -> None:
    deep = "/home/ann/" + "very-long-directory-name/" * 6
    environ = {"SESSIONDOCK_LAUNCHER_HOME": deep}  # and no runtime dir
    address = ctl.server_address(platform="darwin", environ=environ)
    assert len(address.encode()) < ctl.MAX_SOCKET_PATH
    assert address.startswith(f"/tmp/sessiondock-launcher-{os.getuid()}/")
    assert address.endswith(".sock")
    assert address == ctl.server_address(platform="darwin", environ=environ)  # stable
    other = ctl.server_address(platform="darwin", environ={ctl.HOME_ENV: deep + "x"})
    assert other != address
    lock = ctl.lock_file_path(platform="darwin", environ=environ)
    assert lock == address.removesuffix(".sock") + ".lock"


@pytest.mark.parametrize(
    ("user", "environ", "expected"),
    [
        ("ann", {}, r"\\.\pipe\sessiondock-launcher-ann"),
        ("CORP\\Bob Smith", {}, r"\\.\pipe\sessiondock-launcher-CORP_Bob_Smith"),
        ("zoë", {}, r"\\.\pipe\sessiondock-launcher-zoë"),
    ],
)
def test_windows_pipe_name(user: str, environ: dict[str, str], expected: str) -> None:
    assert ctl.server_address(platform="win32", environ=environ, user=user) == expected


def test_windows_pipe_name_is_scoped_by_the_home_override() -> None:
    plain = ctl.server_address(platform="win32", environ={}, user="ann")
    demo = ctl.server_address(platform="win32", environ={ctl.HOME_ENV: r"C:\demo"}, user="ann")
    other = ctl.server_address(platform="win32", environ={ctl.HOME_ENV: r"C:\other"}, user="ann")
    assert demo.startswith(plain + "-")
    assert len({plain, demo, other}) == 3
    assert "\\" not in demo.removeprefix(PIPE_PREFIX)


def test_windows_lock_file_lives_in_the_cache_dir(tmp_path: Path) -> None:
    app_paths = paths.AppPaths.default({paths.HOME_ENV: str(tmp_path)})
    lock = ctl.lock_file_path(app_paths, platform="win32")
    assert lock == str(app_paths.cache_dir / "instance.lock")


def test_default_address_uses_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ctl.HOME_ENV, "/srv/demo")
    assert ctl.server_address() == ctl.server_address(environ=dict(os.environ))


# --- messages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("cmd", ["toggle", "show", "hide", "quit"])
def test_plain_requests_are_compact_json_lines(cmd: str) -> None:
    line = ctl.encode_request(cmd)
    expected = json.dumps({"v": 1, "cmd": cmd, "args": {}}, separators=(",", ":")) + "\n"
    assert line == expected.encode()
    assert ctl.parse_request(line) == (cmd, {})


def test_search_request_round_trips_any_text() -> None:
    text = 'drum loop "café"\nnext line \\ 🥁'
    line = ctl.encode_request("search", {"text": text})
    assert line.endswith(b"\n")
    assert line.count(b"\n") == 1  # the newline inside the text is escaped
    assert json.loads(line) == {"v": 1, "cmd": "search", "args": {"text": text}}
    assert ctl.parse_request(line) == ("search", {"text": text})


@pytest.mark.parametrize(
    ("cmd", "args"),
    [
        ("open", None),
        ("search", None),
        ("search", {"text": 3}),
        ("toggle", {"text": "x"}),
        ("search", {"text": "x", "extra": 1}),
        ("search", {"text": "x" * ctl.MAX_MESSAGE_BYTES}),
    ],
)
def test_invalid_requests_are_not_encoded(cmd: str, args: dict[str, object] | None) -> None:
    with pytest.raises(ValueError):
        ctl.encode_request(cmd, args)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"garbage", "not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"", "not valid JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'"toggle"', "not a JSON object"),
        (b'{"cmd": "toggle"}', "version None"),
        (b'{"v": 2, "cmd": "toggle"}', "version 2"),
        (b'{"v": "1", "cmd": "toggle"}', "version '1'"),
        (b'{"v": true, "cmd": "toggle"}', "version True"),
        (b'{"v": 1, "cmd": "rm -rf"}', "unknown command"),
        (b'{"v": 1, "cmd": ["toggle"]}', "unknown command"),
        (b'{"v": 1, "cmd": "toggle", "args": []}', "args must be an object"),
        (b'{"v": 1, "cmd": "search", "args": {}}', "args.text must be a string"),
        (b'{"v": 1, "cmd": "search", "args": {"text": null}}', "args.text must be a string"),
        (b'{"v": 1, "cmd": "hide", "args": {"text": "x"}}', "unexpected args"),
        (b"[" * 100_000, "over"),
        (b"[" * 60_000, "not valid JSON"),  # recursion depth, not a crash
    ],
)
def test_untrusted_requests_are_rejected_with_a_reason(line: bytes, reason: str) -> None:
    with pytest.raises(ctl.ProtocolError, match=re.escape(reason)):
        ctl.parse_request(line)


def test_replies_round_trip() -> None:
    assert ctl.encode_reply(True) == b'{"v":1,"ok":true}\n'
    assert ctl.decode_reply(ctl.encode_reply(True)) == {"v": 1, "ok": True}
    refused = ctl.decode_reply(ctl.encode_reply(False, "unknown command 'x'"))
    assert refused == {"v": 1, "ok": False, "error": "unknown command 'x'"}
    assert ctl.decode_reply(b'{"ok": true, "v": 1}') == {"ok": True, "v": 1}
    assert ctl.decode_reply(b'{"v":1,"ok":false}')["error"] == "refused"


@pytest.mark.parametrize(
    "line",
    [b"", b"OK", b"[]", b'{"v":2,"ok":true}', b'{"v":1,"ok":"yes"}', b'{"v":true,"ok":true}'],
)
def test_unexpected_replies_raise(line: bytes) -> None:
    with pytest.raises(ctl.ProtocolError):
        ctl.decode_reply(line)


# --- exchange ----------------------------------------------------------------------------------


class ScriptedServer:
    """A plain unix-socket server thread: records each request line, answers ``reply``.

    ``reply=None`` closes without answering; ``hold=True`` keeps the connection open without
    answering until ``release()``.
    """

    def __init__(self, address: str, reply: bytes | None, *, hold: bool = False) -> None:
        self.received: list[bytes] = []
        self._reply = reply
        self._hold = hold
        self._released = threading.Event()
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(address)
        self._listener.listen()
        self._listener.settimeout(5)
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self._listener.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(5)
            data = b""
            while b"\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
            if not data:
                return  # the wake-up from close(): no request
            self.received.append(data)
            if self._hold:
                self._released.wait(5)
            elif self._reply is not None:
                conn.sendall(self._reply)

    def release(self) -> None:
        self._released.set()

    def close(self) -> None:
        self._released.set()
        if self._thread.is_alive():  # still in accept(): nobody connected (a refused send)
            with contextlib.suppress(OSError), socket.socket(socket.AF_UNIX) as wake:
                wake.connect(self._listener.getsockname())
        self._thread.join(5)
        self._listener.close()


Serve = Callable[..., ScriptedServer]


@pytest.fixture
def address(tmp_path: Path) -> str:
    return str(tmp_path / "ipc.sock")


@pytest.fixture
def serve(address: str) -> Iterator[Callable[..., ScriptedServer]]:
    servers: list[ScriptedServer] = []

    def _start(reply: bytes | None, *, hold: bool = False) -> ScriptedServer:
        server = ScriptedServer(address, reply, hold=hold)
        servers.append(server)
        return server

    yield _start
    for server in servers:
        server.close()


@unix_only
def test_nothing_listening_is_no_instance_and_fast(address: str) -> None:
    started = time.monotonic()
    with pytest.raises(ctl.NoInstanceError) as info:
        ctl.send("toggle", address=address)
    assert time.monotonic() - started < 1.0
    assert str(info.value) == ctl.NO_INSTANCE_MESSAGE
    assert "not running" in ctl.NO_INSTANCE_MESSAGE


@unix_only
def test_stale_socket_file_is_no_instance(address: str) -> None:
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(address)
    dead.close()  # the file stays, nobody listens: ConnectionRefused
    assert Path(address).exists()
    with pytest.raises(ctl.NoInstanceError):
        ctl.send("show", address=address)


@unix_only
def test_retry_for_waits_for_a_starting_instance(address: str) -> None:
    started = time.monotonic()
    with pytest.raises(ctl.NoInstanceError):
        ctl.send("show", address=address, retry_for=0.2)
    assert 0.2 <= time.monotonic() - started < 1.0


@unix_only
def test_sends_exactly_one_line_and_returns_the_reply(serve: Serve, address: str) -> None:
    server = serve(b'{"v":1,"ok":true}\n')
    assert ctl.send("search", {"text": "drum loop"}, address=address) == {"v": 1, "ok": True}
    assert server.received == [b'{"v":1,"cmd":"search","args":{"text":"drum loop"}}\n']


@unix_only
def test_refused_command_raises_with_the_reason(serve: Serve, address: str) -> None:
    serve(b'{"v":1,"ok":false,"error":"busy"}\n')
    with pytest.raises(ctl.CommandRefusedError) as info:
        ctl.send("toggle", address=address)
    assert info.value.reason == "busy"
    assert "busy" in str(info.value)


@unix_only
def test_reply_without_newline_before_close_is_accepted(serve: Serve, address: str) -> None:
    serve(b'{"v":1,"ok":true}')
    assert ctl.send("hide", address=address)["ok"] is True


@unix_only
def test_garbage_reply_is_a_protocol_error(serve: Serve, address: str) -> None:
    serve(b"HTTP/1.1 400 Bad Request\r\n")
    with pytest.raises(ctl.ProtocolError):
        ctl.send("toggle", address=address)


@unix_only
def test_closed_without_reply_is_no_reply(serve: Serve, address: str) -> None:
    serve(None)
    with pytest.raises(ctl.NoReplyError, match="without answering"):
        ctl.send("toggle", address=address)


@unix_only
def test_silent_instance_times_out(serve: Serve, address: str) -> None:
    server = serve(None, hold=True)
    started = time.monotonic()
    with pytest.raises(ctl.NoReplyError, match=r"did not answer within 0\.2 s"):
        ctl.send("toggle", address=address, reply_timeout=0.2)
    assert time.monotonic() - started < 1.0
    server.release()


# --- command line ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--toggle"], ("toggle", {})),
        (["--quit"], ("quit", {})),
        (["--search", "drum loop"], ("search", {"text": "drum loop"})),
        (["--search=--toggle"], ("search", {"text": "--toggle"})),
        (["--search", ""], ("search", {"text": ""})),
    ],
)
def test_parse_args(argv: list[str], expected: tuple[str, dict[str, str]]) -> None:
    assert ctl.parse_args(argv) == expected


@pytest.mark.parametrize(
    "argv", [[], ["--toggle", "--show"], ["--search"], ["--open"], ["toggle"], ["--Toggle"]]
)
def test_parse_args_rejects(argv: list[str]) -> None:
    with pytest.raises(ctl.UsageError):
        ctl.parse_args(argv)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(ctl.HOME_ENV, str(tmp_path))
    (tmp_path / "cache").mkdir()
    return tmp_path


@unix_only
def test_main_without_instance_exits_1_with_the_message(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ctl.main(["--toggle"]) == 1
    captured = capsys.readouterr()
    assert ctl.NO_INSTANCE_MESSAGE in captured.err
    assert captured.out == ""


@unix_only
def test_main_ok_exits_0(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = ScriptedServer(ctl.server_address(), b'{"v":1,"ok":true}\n')
    try:
        assert ctl.main(["--search", "kick"]) == 0
    finally:
        server.close()
    assert server.received == [b'{"v":1,"cmd":"search","args":{"text":"kick"}}\n']
    assert capsys.readouterr().err == ""


@unix_only
def test_main_refused_exits_2(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = ScriptedServer(ctl.server_address(), b'{"v":1,"ok":false,"error":"nope"}\n')
    try:
        assert ctl.main(["--show"]) == 2
    finally:
        server.close()
    assert "refused the command: nope" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [[], ["--bogus"], ["--search", "x" * ctl.MAX_MESSAGE_BYTES]])
def test_main_usage_errors_exit_2(
    home: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert ctl.main(argv) == 2
    assert "sessiondock-launcher:" in capsys.readouterr().err


def test_main_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert ctl.main(["--help"]) == 0
    assert "--toggle" in capsys.readouterr().out


# --- start-up cost guard -----------------------------------------------------------------------

_PROBE = """
import sys
from sessiondock_launcher import ctl
code = ctl.main(["--toggle"])
heavy = ("PySide6", "shiboken6", "qasync", "platformdirs", "json", "argparse", "typing", "socket",
         "sessiondock_launcher.paths")
print(code, sorted(m for m in sys.modules if m.split(".")[0] in heavy or m in heavy))
"""


@unix_only
def test_ctl_path_imports_no_qt_and_nothing_heavy(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"}
    env[ctl.HOME_ENV] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    # exit code 1: nothing listens; the list is every heavy module the run imported
    assert result.stdout.strip() == "1 []", result.stderr
    assert ctl.NO_INSTANCE_MESSAGE in result.stderr


@unix_only
def test_a_socket_in_a_folder_others_can_write_is_not_talked_to(serve: Serve, address: str) -> None:
    """Anyone who can write the folder can swap the socket for theirs and read what we send
    (a --query text) or answer in our name: refuse, and send nothing."""
    server = serve(b'{"v":1,"ok":true}\n')
    Path(address).parent.chmod(0o777)
    with pytest.raises(ctl.IpcError, match="other users can change"):
        ctl.send("search", {"text": "secret working title"}, address=address)
    assert server.received == []


@unix_only
def test_a_socket_owned_by_another_user_is_not_talked_to(
    serve: Serve, address: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = serve(b'{"v":1,"ok":true}\n')
    someone_else = Path(address).stat().st_uid + 1
    monkeypatch.setattr(os, "getuid", lambda: someone_else)
    with pytest.raises(ctl.IpcError, match="belongs to another user"):
        ctl.send("toggle", address=address)
    assert server.received == []
