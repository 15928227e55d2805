"""Security: where the token may go, where it must never appear, the IPC socket, downloads.

- The token only travels to loopback, or to a host the user allowed, over https.
- After a full session of the real app (a subprocess), the token is in no log line, no file the
  app wrote (settings, cache, data), not on its command line nor on its demo simulator's.
- The single-instance socket is user-only and answers malformed/oversized input with a refusal,
  never a command.
- Preview downloads are size-capped and land only inside the cache directory.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.reliability.harness import TOKEN, Harness
from tests.support.keyrings import MemoryKeyring, using_keyring
from tests.support.processes import LineReader, stop
from tests.support.races import ignore_socket_race

from sessiondock_launcher import ctl
from sessiondock_launcher.api import (
    DownloadTooLarge,
    InsecureHostError,
    InvalidBaseUrl,
    SessionDockClient,
    SessionDockError,
    Unauthorized,
)
from sessiondock_launcher.core.audio_cache import AudioCache
from sessiondock_launcher.core.status import Link
from sessiondock_launcher.paths import AppPaths
from sessiondock_launcher.settings import ConnectionConfig, Settings
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState

Launch = Callable[..., Harness]
# Shutdown races leak a connecting socket now and then (see test_faults_link.py).
pytestmark = ignore_socket_race
SECRET = "sekret-token-9f8e7d6c5b4a"  # distinctive, so any leak is found by a plain search


# -- where the token may go --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("http://example.com/api/v1", ()),
        ("https://example.com/api/v1", ()),
        ("http://example.com/api/v1", ("example.com",)),  # allowed, but not https
        ("http://127.0.0.1.evil.example/api/v1", ()),
        ("http://localhost.evil.example/api/v1", ()),
        ("http://0.0.0.0:18432/api/v1", ()),
        ("http://192.168.1.20:18432/api/v1", ()),
        ("http://[::ffff:10.0.0.1]:18432/api/v1", ()),
        ("https://evil.example/api/v1", ("example.com",)),
    ],
)
def test_token_is_refused_to_non_loopback_hosts(url: str, allowed: tuple[str, ...]) -> None:
    """Any host that is not this computer, unless explicitly allowed *and* https, is refused
    before a connection exists (so no request can carry the token there)."""
    with pytest.raises(InsecureHostError) as caught:
        SessionDockClient(url, SECRET, allow_remote_hosts=allowed)
    assert SECRET not in str(caught.value) and SECRET not in caught.value.user_message


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("http://127.0.0.1:18432/api/v1", ()),
        ("http://127.8.9.10:1/api/v1", ()),
        ("http://localhost:18432/api/v1", ()),
        ("http://[::1]:18432/api/v1", ()),
        ("https://Studio.Example.com/api/v1", ("studio.example.com",)),
    ],
)
def test_token_may_go_to_loopback_or_an_allowed_https_host(
    url: str, allowed: tuple[str, ...]
) -> None:
    """Loopback in any spelling, and an allowed host over https, are accepted."""
    SessionDockClient(url, SECRET, allow_remote_hosts=allowed)


def test_credentials_in_the_address_are_refused_without_echoing_them() -> None:
    """``http://user:secret@127.0.0.1`` is refused, and the error text does not repeat it."""
    with pytest.raises(InvalidBaseUrl) as caught:
        SessionDockClient(f"http://me:{SECRET}@127.0.0.1:18432/api/v1", SECRET)
    assert SECRET not in str(caught.value) and SECRET not in caught.value.user_message


def _download(client: SessionDockClient, url: str) -> Awaitable[bytes]:
    return client.download(url)


async def _requests_seen(
    answer: httpx.Response, act: Callable[[SessionDockClient], Any]
) -> list[str]:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.url.host} {request.headers.get('authorization', '')}")
        return answer

    async with SessionDockClient(
        "http://127.0.0.1:18432/api/v1", SECRET, transport=httpx.MockTransport(handler)
    ) as client:
        with contextlib.suppress(SessionDockError):
            await act(client)
    return seen


@pytest.mark.asyncio
async def test_redirects_and_foreign_downloads_never_carry_the_token() -> None:
    """A redirect to another host is not followed, and an absolute download URL on another
    origin (including scheme-relative ``//host``) is refused without any request."""
    redirect = httpx.Response(302, headers={"Location": "http://evil.example/steal"})
    seen = await _requests_seen(redirect, lambda c: c.health())
    assert seen == [f"127.0.0.1 Bearer {SECRET}"]
    for url in (
        "http://evil.example/a.png",
        "//evil.example/a.png",
        "http://127.0.0.1:18433/a.png",
        "https://127.0.0.1:18432/a.png",
        "file:///etc/passwd",
    ):
        seen = await _requests_seen(httpx.Response(200, content=b"x"), partial(_download, url=url))
        assert seen == [], url


@pytest.mark.asyncio
async def test_an_echoed_token_is_redacted_from_error_text() -> None:
    """A server (or proxy) that echoes the Authorization header in its error message does not
    get the token into exception text, user messages or repr()."""
    echo = httpx.Response(
        401,
        json={"error": {"code": "unauthorized", "message": f"bad header Bearer {SECRET}"}},
    )

    def handler(request: httpx.Request) -> httpx.Response:
        return echo

    async with SessionDockClient(
        "http://127.0.0.1:18432/api/v1", SECRET, transport=httpx.MockTransport(handler)
    ) as client:
        with pytest.raises(Unauthorized) as caught:
            await client.health()
        assert SECRET not in repr(client)
    error = caught.value
    for text in (str(error), repr(error), error.user_message, error.message):
        assert SECRET not in text
    assert SECRET not in repr(ConnectionConfig("http://127.0.0.1/api/v1", SECRET, "x", "y"))


@pytest.mark.log_errors(r"^Cannot use http://192\.168\.1\.20")
def test_remote_address_not_allowed_is_explained_and_never_contacted(
    launch: Launch, gaps: Any
) -> None:
    """Settings pointing at a LAN host that is not allowed: the launcher makes no client at all
    and tells the user how to allow it (https only)."""
    with gaps.paused():
        h = launch("http://192.168.1.20:18432/api/v1", synced=False)
    h.wait_link(Link.MISCONFIGURED)
    assert h.launcher.client is None
    text = h.launcher.palette.link_label.text() or h.status.link_text()
    assert "will not send your SessionDock token" in text and "https only" in text


# -- where the token must never appear ---------------------------------------------------------
def _app_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("SESSIONDOCK_TOKEN", None)
    env.pop("SESSIONDOCK_BASE_URL", None)
    env.update(QT_QPA_PLATFORM="offscreen", SESSIONDOCK_LAUNCHER_HOME=str(home), **extra)
    return env


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _cmdline(pid: int) -> str:
    return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()


def _files_containing(root: Path, secret: str) -> list[str]:
    return [
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and secret.encode() in path.read_bytes()
    ]


def _ctl(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sessiondock_launcher", *args],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc")
def test_token_absent_from_logs_files_and_command_lines_after_a_session(
    tmp_path: Path,
) -> None:
    """The real app (subprocess, DEBUG logging) with its demo simulator child: after a session
    (sync, searches through the control socket, quit), the token is in no output line, no log,
    no file under the app's home, and on neither process's command line."""
    home = tmp_path / "home"
    env = _app_env(home, SESSIONDOCK_SIMULATOR_TOKEN=SECRET)
    app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sessiondock_launcher",
            "--demo",
            "--demo-size",
            "300",
            "--log-level",
            "DEBUG",
        ],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    log = LineReader(app.stdout)  # type: ignore[arg-type]
    try:
        log.wait_for("Library synced", timeout=60)
        children = _children(app.pid)
        assert children, "the demo simulator child was not found"
        cmdlines = [_cmdline(app.pid), *(_cmdline(pid) for pid in children)]
        assert any("sessiondock_launcher.simulator" in line for line in cmdlines)
        for line in cmdlines:
            assert SECRET not in line, line
        _ctl(env, "--search", "midnight")
        log.wait_for("Command received: search")
        _ctl(env, "--toggle")
        log.wait_for("Command received: toggle")
        _ctl(env, "--quit")
        log.wait_for("Shut down cleanly", timeout=30)
        assert app.wait(30) == 0
    finally:
        stop(app)
        log.drain()
        app.stdout.close()  # type: ignore[union-attr]
    output = "\n".join(log.lines)
    assert "GET /sessions" in output or "Library synced" in output  # DEBUG logging was on
    assert SECRET not in output
    assert _files_containing(home, SECRET) == []


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc")
def test_token_from_the_environment_stays_out_of_logs_and_files(tmp_path: Path) -> None:
    """``SESSIONDOCK_TOKEN`` against a SessionDock that later regenerates its token (401s are
    logged): the token is on no command line, in no log line and in no file of the app."""
    state = SimulatorState(SimulatorConfig(token=SECRET), generate_library(200, seed=2))
    home = tmp_path / "home"
    with SimulatorThread(state) as sim:
        env = _app_env(home, SESSIONDOCK_TOKEN=SECRET, SESSIONDOCK_BASE_URL=sim.base_url)
        app = subprocess.Popen(
            [sys.executable, "-m", "sessiondock_launcher", "--log-level", "DEBUG"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        log = LineReader(app.stdout)  # type: ignore[arg-type]
        try:
            log.wait_for("Library synced", timeout=60)
            assert SECRET not in _cmdline(app.pid)
            state.update_config({"token": "rotated-token-000000"})
            _ctl(env, "--show")  # opening the palette re-checks the link
            log.wait_for("Command received: show")
            deadline = time.monotonic() + 10
            while not any(r["status"] == 401 for r in state.request_log()):
                assert time.monotonic() < deadline, "no request after the token rotated"
                time.sleep(0.05)
            _ctl(env, "--quit")
            log.wait_for("Shut down cleanly", timeout=30)
            assert app.wait(30) == 0
        finally:
            stop(app)
            log.drain()
            app.stdout.close()  # type: ignore[union-attr]
        assert all(r["authorized"] for r in state.request_log() if r["status"] != 401)
    assert SECRET not in "\n".join(log.lines)
    assert _files_containing(home, SECRET) == []


def test_settings_file_holds_no_token_when_a_keyring_exists(
    launch: Launch, sims: Callable[..., SimulatorThread], gaps: Any, tmp_path: Path
) -> None:
    """Saving a new token in Settings with a keyring present: the keyring has it; settings.json
    and every other file under the app's directories do not (no fallback token file either)."""
    from sessiondock_launcher.ui.settings.dialog import SettingsResult

    sim = sims(SimulatorState(SimulatorConfig(token=SECRET), generate_library(20, seed=1)))
    keyring = MemoryKeyring()
    with using_keyring(keyring):
        with gaps.paused():
            h = launch(sim.base_url, token="old-token-000000", synced=False)
        launcher = h.launcher
        launcher.connection = ConnectionConfig(sim.base_url, "old", "settings", "keyring")
        # posing as a normal start: it may save the address
        launcher.settings_flow.store.demo = False
        launcher.apply_settings(SettingsResult(Settings(base_url=sim.base_url), token=SECRET))
        h.wait_synced()
        assert SECRET in keyring.values.values()
        settings_text = launcher.paths.settings_file.read_text()
        assert json.loads(settings_text)["base_url"] == sim.base_url
        assert not launcher.paths.token_fallback_file.exists()
        assert _files_containing(tmp_path, SECRET) == []
    gaps.assert_responsive()


CRASH_SCRIPT = """
import sys
from pathlib import Path
from sessiondock_launcher.lifecycle import install_excepthook
from sessiondock_launcher.logs import configure_logging

class Bridge:
    def error(self, text):
        print("USER:", text)

secrets = configure_logging(Path(sys.argv[1]), "INFO")
secrets.add(sys.argv[2])
install_excepthook(Bridge())
try:
    raise RuntimeError("request failed with Authorization: Bearer " + sys.argv[2])
except RuntimeError:
    sys.excepthook(*sys.exc_info())
"""


def test_crash_report_masks_the_token(tmp_path: Path) -> None:
    """The excepthook's crash report (log file and stderr) masks a registered token even when
    it sits in the exception's own text. (No outside trigger exists in the app, so the hook is
    driven directly in a child process with the app's real logging set-up.)"""
    log_file = tmp_path / "launcher.log"
    done = subprocess.run(
        [sys.executable, "-c", CRASH_SCRIPT, str(log_file), SECRET],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    assert "Unhandled exception" in log_file.read_text()
    assert "USER: Something went wrong (RuntimeError)" in done.stdout
    assert SECRET not in log_file.read_text()
    assert SECRET not in done.stderr


# -- the IPC socket ----------------------------------------------------------------------------
@pytest.fixture
def ipc_server(qapp: Any, tmp_path: Path) -> Iterator[tuple[Any, list[tuple[str, dict[str, Any]]]]]:
    from sessiondock_launcher.desktop.single_instance import SingleInstance

    short = Path("/tmp") / f"sdl-rel-{os.getpid()}-{tmp_path.name[-12:]}"
    paths = AppPaths(short / "c", short / "d", short / "k", short / "l")
    server = SingleInstance(
        ctl.server_address(paths), ctl.lock_file_path(paths), read_timeout_ms=500
    )
    received: list[tuple[str, dict[str, Any]]] = []
    server.command_received.connect(lambda cmd, args: received.append((cmd, args)))
    assert server.acquire()
    server.listen()
    yield server, received
    server.close()
    for path in sorted(short.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    short.rmdir()


def _exchange(qtbot: Any, address: str, payload: bytes, timeout_ms: int = 3_000) -> bytes:
    """Send ``payload`` and read until the server closes, pumping Qt meanwhile."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(address)
    sock.setblocking(False)
    reply = bytearray()
    closed = False
    pending = memoryview(payload)

    def step() -> bool:
        nonlocal closed, pending
        if pending:
            try:
                pending = pending[sock.send(pending) :]
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:  # the server dropped us mid-message
                closed = True
        try:
            chunk = sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return closed
        except OSError:
            closed = True
            return True
        if not chunk:
            closed = True
        reply.extend(chunk)
        return closed

    try:
        qtbot.waitUntil(step, timeout=timeout_ms)
    finally:
        sock.close()
    return bytes(reply)


def test_ipc_socket_is_user_only(ipc_server: Any) -> None:
    """The control socket and its directory give no access to group or others."""
    server, _ = ipc_server
    address = Path(server.address)
    assert stat.S_ISSOCK(address.stat().st_mode)
    assert address.stat().st_mode & 0o077 == 0
    assert address.parent.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    "payload",
    [
        b"not json\n",
        b"\xff\xfe\xfd\n",
        b"[1, 2]\n",
        b'{"v": 2, "cmd": "show"}\n',
        b'{"v": "1", "cmd": "show"}\n',
        b'{"v": 1, "cmd": "rm -rf /"}\n',
        b'{"v": 1, "cmd": "search", "args": {"text": 5}}\n',
        b'{"v": 1, "cmd": "search", "args": {"text": "x", "exec": "y"}}\n',
        b'{"v": 1, "cmd": "show", "args": []}\n',
        b"[" * 10_000 + b"\n",
    ],
    ids=lambda p: re.sub(r"\W+", "_", p[:24].decode("latin-1")).strip("_") or "binary",
)
def test_ipc_rejects_malformed_messages(qtbot: Any, ipc_server: Any, payload: bytes) -> None:
    """Malformed requests get ``ok: false`` with a reason and never become commands; the server
    keeps serving (a valid command right after works)."""
    server, received = ipc_server
    reply = json.loads(_exchange(qtbot, server.address, payload))
    assert reply["ok"] is False and reply["error"]
    assert received == []
    assert json.loads(_exchange(qtbot, server.address, ctl.encode_request("hide")))["ok"] is True
    qtbot.waitUntil(lambda: received == [("hide", {})], timeout=2_000)


@pytest.mark.parametrize("newline", [False, True], ids=["endless", "oversized-line"])
def test_ipc_drops_oversized_messages(qtbot: Any, ipc_server: Any, newline: bool) -> None:
    """More than 64 KiB (with or without a newline) closes the connection without a command;
    a client that sends nothing is dropped after the read timeout."""
    server, received = ipc_server
    payload = b'{"v": 1, "cmd": "search", "args": {"text": "' + b"x" * 200_000
    payload += b'"}}\n' if newline else b""
    reply = _exchange(qtbot, server.address, payload)
    assert b'"ok":true' not in reply
    silent = _exchange(qtbot, server.address, b"", timeout_ms=3_000)
    assert silent == b""
    assert received == []


# -- preview downloads -------------------------------------------------------------------------
def _full_sessions(h: Any) -> list[Any]:
    """Sessions with every field (the index keeps lean ones; previews are read from the store)."""
    launcher = h.launcher
    return [launcher.controller.full_session(s) for s in launcher.index.recent(300)]


def test_preview_download_is_size_capped_on_a_real_socket(
    launch: Launch, sim: SimulatorThread, run_async: Callable[..., Any], gaps: Any
) -> None:
    """A preview bigger than the cap raises DownloadTooLarge instead of being read into memory;
    within the cap it downloads."""
    with gaps.paused():
        h = launch(sim.base_url)
    url = next(s.preview_audio_url for s in _full_sessions(h) if s.preview_audio_url)
    client = h.launcher.client
    assert client is not None
    data = run_async(client.download(url))
    assert data[:4] == b"RIFF"
    with pytest.raises(DownloadTooLarge):
        run_async(client.download(url, max_bytes=len(data) - 1))


HOSTILE_URLS = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            "/api/v1/_assets/audio/../../../../etc/passwd",
            "http://127.0.0.1/../../../../tmp/x.wav",
            "..\\..\\..\\windows\\x.wav",
            "/" + "a/" * 200 + "x.wav",
            "\x00/etc/passwd",
            "%2e%2e%2f%2e%2e%2f",
        ]
    ),
)


@settings(max_examples=300, deadline=None)
@given(url=HOSTILE_URLS, mime=st.one_of(st.text(max_size=60), st.just("audio/wav/../../../x")))
def test_audio_cache_paths_stay_inside_the_cache_dir(url: str, mime: str) -> None:
    """Whatever URL and MIME type the server sends, the cache file is a plain ``pv-<hash>.<ext>``
    directly inside the cache directory (no traversal, no odd characters)."""
    cache = AudioCache(Path("/nonexistent/cache/audio"))
    path = cache.path_for(url, mime)
    assert path.parent == cache.directory
    assert re.fullmatch(r"pv-[0-9a-f]{40}\.[a-z0-9]{2,5}", path.name), path.name


def test_downloaded_preview_is_written_inside_the_cache_dir(
    launch: Launch,
    sims: Callable[..., SimulatorThread],
    run_async: Callable[..., Any],
    gaps: Any,
    tmp_path: Path,
) -> None:
    """Audio whose URL and MIME type try path traversal is fetched through the real player's
    cache: the one new file is inside the cache directory, nothing appears anywhere else."""
    from sessiondock_launcher.ui.preview.audio import AudioPlayer

    state = SimulatorState(SimulatorConfig(token=TOKEN), generate_library(30, seed=4))
    sim = sims(state)
    with gaps.paused():
        h = launch(sim.base_url)
    url = next(s.preview_audio_url for s in _full_sessions(h) if s.preview_audio_url)
    cache_dir = tmp_path / "k" / "audio"
    player = AudioPlayer(lambda: h.launcher.link.client, h.launcher.tasks, AudioCache(cache_dir))
    before = {p for p in tmp_path.rglob("*")}
    traversal = url.replace("/_assets/audio/", "/_assets/audio/../audio/")
    path = run_async(player.fetch(traversal, "audio/wav/../../../../evil"))
    player.close()
    assert path is not None and path.parent == cache_dir and path.read_bytes()[:4] == b"RIFF"
    created = {p for p in tmp_path.rglob("*")} - before
    assert created <= {cache_dir, path, cache_dir.parent}, created
