"""Transport failures and faulty answers against a real socket, mapped to the client's errors."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sessiondock_launcher.api import (
    ClientClosed,
    ConnectionLost,
    InvalidResponse,
    NetworkError,
    NotRunning,
    RequestTimeout,
    ServerError,
    SessionDockClient,
)
from sessiondock_launcher.simulator.runner import SimulatorProcess, SimulatorThread

pytestmark = pytest.mark.asyncio

StartSimulator = Callable[..., SimulatorThread]
MakeClient = Callable[..., SessionDockClient]

SLACK_S = 0.5  # scheduling slack on a loaded 2-core CI machine


@pytest.fixture
def unused_port() -> Iterator[int]:
    """A loopback port that is bound (so nobody else takes it) but not listening."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


async def test_connection_refused_is_not_running(unused_port: int, make_client: MakeClient) -> None:
    client = make_client(f"http://127.0.0.1:{unused_port}/api/v1", timeout=2.0)
    started = time.monotonic()
    with pytest.raises(NotRunning) as caught:
        await client.health()
    assert time.monotonic() - started < SLACK_S
    error = caught.value
    assert isinstance(error, NetworkError)
    assert error.origin == f"http://127.0.0.1:{unused_port}"
    assert "isn't running" in error.user_message
    with pytest.raises(NotRunning):
        await client.download("/api/v1/_assets/artwork/session_1.png")


async def test_slow_answer_is_request_timeout(
    start_simulator: StartSimulator, make_client: MakeClient
) -> None:
    # A dedicated server: its handler keeps sleeping after the client gave up.
    sim = start_simulator(size=5, fresh=True, latency_s=0.8)
    client = make_client(sim, timeout=0.2)
    for call in (client.health, client.list_sessions):
        started = time.monotonic()
        with pytest.raises(RequestTimeout) as caught:
            await call()
        elapsed = time.monotonic() - started
        assert 0.2 <= elapsed < 0.2 + SLACK_S
        assert caught.value.origin == sim.origin
    assert sim.state.request_count == 2  # both requests reached the server: read timeouts

    sim.state.update_config({"latency_s": 0.0})
    assert (await client.health()).status == "ok"


async def test_truncated_json_is_invalid_response(
    start_simulator: StartSimulator, make_client: MakeClient
) -> None:
    sim = start_simulator(size=20, malformed_rate=1.0)
    client = make_client(sim)
    calls = (
        client.health(),
        client.list_sessions(),
        client.get_session("session_1"),
        client.put_notes("session_1", "x"),
        client.list_tags(),
    )
    for call in calls:
        with pytest.raises(InvalidResponse) as caught:
            await call
        assert caught.value.status == 200
        assert "not valid JSON" in caught.value.reason
    sim.state.update_config({"malformed_rate": 0.0})
    assert (await client.get_session("session_1")).notes == "x"


async def test_html_500_is_server_error(
    start_simulator: StartSimulator, make_client: MakeClient
) -> None:
    sim = start_simulator(size=20, error_rate=1.0)
    client = make_client(sim)
    for call in (client.health(), client.list_sessions(), client.open_session("session_1")):
        with pytest.raises(ServerError) as caught:
            await call
        error = caught.value
        assert (error.status, error.code) == (500, "")
        assert error.message == "HTTP 500 Internal Server Error"
        assert "internal error (HTTP 500)" in error.user_message
    with pytest.raises(ServerError):
        await client.download("/api/v1/_assets/artwork/session_1.png")
    assert {r["status"] for r in sim.state.request_log()} == {500}
    assert sim.state.sessions["session_1"]["lastOpened"]  # the fault answered before the handler


async def test_server_stopped_between_requests_is_not_running(
    start_simulator: StartSimulator, make_client: MakeClient
) -> None:
    sim = start_simulator(size=5, fresh=True)
    client = make_client(sim, timeout=5.0)
    assert (await client.health()).running is True  # leaves a keep-alive connection in the pool
    await asyncio.to_thread(sim.stop)
    started = time.monotonic()
    with pytest.raises(NotRunning):
        await client.health()
    assert time.monotonic() - started < SLACK_S


async def test_closed_client_raises_client_closed(
    sim: SimulatorThread, make_client: MakeClient
) -> None:
    client = make_client(sim)
    await client.health()
    await client.aclose()
    with pytest.raises(ClientClosed):
        await client.health()
    assert len(sim.state.request_log()) == 1


# --- server killed mid-request -----------------------------------------------------------------


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = str(fd.readlink())
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    return inodes


def _server_has_read_a_request(pid: int, port: int) -> bool:
    """Whether process ``pid`` owns an accepted connection on ``port`` with nothing left unread.

    The simulator's request log only records finished requests, and a child process's state is
    out of reach, so the kernel's socket table is the witness that the request is in flight.
    """
    owned = _socket_inodes(pid)
    for table in ("tcp", "tcp6"):
        path = Path(f"/proc/{pid}/net/{table}")
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            local, state, queues, inode = fields[1], fields[3], fields[4], fields[9]
            established = state == "01"
            if (
                established
                and inode in owned
                and int(local.rsplit(":", 1)[1], 16) == port
                and int(queues.split(":")[1], 16) == 0
            ):
                return True
    return False


@pytest.fixture
def doomed_simulator() -> Iterator[SimulatorProcess]:
    """A simulator child process whose every API answer takes 5 s (it gets SIGKILLed)."""
    sim = SimulatorProcess(size=20, args=["--latency", "5"]).start()
    yield sim
    sim.terminate()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
async def test_server_killed_mid_request_is_connection_lost(
    doomed_simulator: SimulatorProcess, make_client: MakeClient
) -> None:
    # SimulatorThread.stop() is a graceful uvicorn shutdown (the in-flight request is answered, or
    # gets uvicorn's 500 after 2 s): only a killed process drops the connection like a crash.
    sim = doomed_simulator
    assert sim.pid is not None
    read_timeout = 10.0
    client = make_client(sim.base_url, sim.token, timeout=read_timeout)
    started = time.monotonic()
    request = asyncio.create_task(client.list_sessions())
    while not _server_has_read_a_request(sim.pid, sim.port):
        assert not request.done(), request
        assert time.monotonic() - started < 5.0, "the request never reached the simulator"
        await asyncio.sleep(0.01)

    killed = time.monotonic()
    os.kill(sim.pid, signal.SIGKILL)
    with pytest.raises(NetworkError) as caught:
        await asyncio.wait_for(request, read_timeout + 5)
    elapsed = time.monotonic() - killed
    assert isinstance(caught.value, ConnectionLost), repr(caught.value)
    assert caught.value.origin == sim.origin
    assert elapsed < 1.0, f"took {elapsed:.2f} s to notice the dead server"
    assert time.monotonic() - started < read_timeout / 2

    # Once the process is reaped (all its sockets closed), the next call is refused at once.
    while sim.returncode is None:
        assert time.monotonic() - killed < 5.0, "the killed simulator did not exit"
        await asyncio.sleep(0.01)
    assert sim.returncode == -signal.SIGKILL
    with pytest.raises(NotRunning):
        await client.health()
