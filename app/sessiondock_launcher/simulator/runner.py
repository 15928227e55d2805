"""Running the simulator: in a thread (tests) or as a child process (``--demo``, e2e tests).

``SimulatorThread`` serves a :class:`SimulatorState` with uvicorn on a loopback socket from a
daemon thread; ``start()`` returns once the server accepts connections. ``SimulatorProcess`` runs
``python -m sessiondock_launcher.simulator`` and reads its ``listening`` JSON line.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from types import TracebackType
from typing import IO, Any

import uvicorn

from sessiondock_launcher.simulator.envelopes import API_PREFIX
from sessiondock_launcher.simulator.server import create_app
from sessiondock_launcher.simulator.state import SimulatorState

__all__ = ["TOKEN_ENV", "SimulatorProcess", "SimulatorStartError", "SimulatorThread", "bind_socket"]

logger = logging.getLogger(__name__)

TOKEN_ENV = "SESSIONDOCK_SIMULATOR_TOKEN"
CONTROL_TOKEN_ENV = "SESSIONDOCK_SIMULATOR_CONTROL_TOKEN"
# In a frozen bundle sys.executable is the launcher itself; packaging/entry_gui.py runs the
# simulator when this is the first argument.
FROZEN_SIMULATOR_FLAG = "--run-simulator"
_POLL_S = 0.005


def simulator_command() -> list[str]:
    """The command that runs the simulator's CLI: ``python -m …``, or the frozen app binary."""
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_SIMULATOR_FLAG]
    return [sys.executable, "-m", "sessiondock_launcher.simulator"]


class SimulatorStartError(RuntimeError):
    """The simulator did not come up (bind failure, child died, timeout)."""


def bind_socket(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A listening TCP socket with SO_REUSEADDR (so a restarted server can take the same port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio only disables Nagle on accepted sockets whose protocol is
    # IPPROTO_TCP, and with protocol 0 every response body waited ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


class _QuickServer(uvicorn.Server):
    """uvicorn.Server that notices ``should_exit`` within 20 ms instead of 100 ms."""

    async def main_loop(self) -> None:
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864_000
            for _ in range(5):
                if self.should_exit:
                    break
                await asyncio.sleep(0.02)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """uvicorn's shutdown, then drop what its graceful timeout left behind.

        A peer that stopped reading keeps its connection until the send buffer drains, which
        never happens; uvicorn gives up waiting but leaves the transport open for the garbage
        collector to close (an unclosed-transport warning later, a peer that never sees the end).
        """
        await super().shutdown(sockets)
        lingering = [getattr(c, "transport", None) for c in self.server_state.connections]
        for transport in lingering:
            if transport is not None:
                transport.abort()  # also when closing: stuck on a buffer nobody reads
        if lingering:
            await asyncio.sleep(0)  # connection_lost runs, the sockets close now


def uvicorn_server(state: SimulatorState) -> uvicorn.Server:
    config = uvicorn.Config(
        create_app(state),
        log_level="warning",
        access_log=False,
        lifespan="off",
        ws="none",
        timeout_graceful_shutdown=2,
    )
    return _QuickServer(config)


class SimulatorThread:
    """uvicorn serving ``state`` from a daemon thread, on 127.0.0.1.

    Args:
        state: What to serve; shared with the caller (change ``state.config`` freely).
        port: 0 for a free port, or a port to rebind (e.g. the one of a stopped instance).
        host: Loopback address to bind.

    Example:
        ``sim = SimulatorThread(state).start(); ...; sim.stop()``, or ``with SimulatorThread(s):``.
    """

    def __init__(self, state: SimulatorState, port: int = 0, host: str = "127.0.0.1") -> None:
        self.state = state
        self._host = host
        self._requested_port = port
        self._sock: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._port = 0

    @property
    def port(self) -> int:
        return self._port

    @property
    def origin(self) -> str:
        return f"http://{self._host}:{self._port}"

    @property
    def base_url(self) -> str:
        return self.origin + API_PREFIX

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, timeout: float = 10.0) -> SimulatorThread:
        """Bind, start serving and return once the server is accepting connections."""
        if self._thread is not None:
            raise RuntimeError("SimulatorThread already started")
        self._sock = bind_socket(self._host, self._requested_port)
        self._port = self._sock.getsockname()[1]
        self._server = server = uvicorn_server(self.state)
        self._thread = threading.Thread(
            target=server.run,
            kwargs={"sockets": [self._sock]},
            name=f"simulator-{self._port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not self._thread.is_alive():
                self._close_socket()
                raise SimulatorStartError("simulator thread exited during start-up")
            if time.monotonic() > deadline:
                self.stop()
                raise SimulatorStartError(f"simulator not started within {timeout} s")
            time.sleep(_POLL_S)
        logger.debug("simulator serving %s", self.base_url)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Shut down (closing keep-alive connections) and join the thread. Idempotent."""
        server, thread = self._server, self._thread
        if server is not None:
            server.should_exit = True
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive() and server is not None:
                server.force_exit = True
                thread.join(timeout)
            if thread.is_alive():
                logger.warning("simulator thread did not stop within %s s", 2 * timeout)
        self._close_socket()
        self._server = None
        self._thread = None

    def _close_socket(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    def __enter__(self) -> SimulatorThread:
        return self.start() if self._thread is None else self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class SimulatorProcess:
    """The simulator as a child process (``python -m sessiondock_launcher.simulator``).

    The API token is passed through the environment (``SESSIONDOCK_SIMULATOR_TOKEN``), never on
    the command line; without one the child generates it. After :meth:`start`, ``token``,
    ``control_token``, ``port``, ``origin`` and ``base_url`` come from the child's first stdout
    line, ``{"event": "listening", ...}``. The child's stderr is drained into ``stderr_tail``.

    Args:
        size: Library size. seed: Library seed. mode / effective_mode: configured / effective mode.
        token: API token (default: generated by the child). port: 0 for a free port.
        args: Extra CLI arguments (e.g. ``["--latency", "0.2"]``).
        env: Extra environment variables. startup_timeout: Seconds to wait for the line.
    """

    def __init__(  # noqa: PLR0913  (keyword-only options, each with a default)
        self,
        *,
        size: int = 500,
        seed: int = 7,
        mode: str = "full-automation",
        effective_mode: str | None = None,
        token: str | None = None,
        port: int = 0,
        args: Sequence[str] = (),
        env: dict[str, str] | None = None,
        startup_timeout: float = 20.0,
    ) -> None:
        self._argv = [
            *simulator_command(),
            "--port",
            str(port),
            "--size",
            str(size),
            "--seed",
            str(seed),
            "--mode",
            mode,
            *(["--effective-mode", effective_mode] if effective_mode else []),
            *args,
        ]
        self._env = {**os.environ, **(env or {})}
        if token is not None:
            self._env[TOKEN_ENV] = token
        self._startup_timeout = startup_timeout
        self._proc: subprocess.Popen[str] | None = None
        self.stderr_tail: collections.deque[str] = collections.deque(maxlen=200)
        self.info: dict[str, Any] = {}
        self._pumps: list[threading.Thread] = []

    @property
    def token(self) -> str:
        return str(self.info["token"])

    @property
    def control_token(self) -> str:
        return str(self.info["controlToken"])

    @property
    def port(self) -> int:
        return int(self.info["port"])

    @property
    def origin(self) -> str:
        return str(self.info["origin"])

    @property
    def base_url(self) -> str:
        return str(self.info["baseUrl"])

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    @property
    def returncode(self) -> int | None:
        return self._proc.poll() if self._proc else None

    def start(self) -> SimulatorProcess:
        """Spawn the child and wait for its ``listening`` line (raises SimulatorStartError)."""
        if self._proc is not None:
            raise RuntimeError("SimulatorProcess already started")
        self._proc = proc = subprocess.Popen(
            [*self._argv, "--exit-with-stdin"],
            # We keep the write end: if this process dies, the child sees EOF and stops.
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=self._env,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        lines: queue.Queue[str | None] = queue.Queue()
        assert proc.stdout is not None and proc.stderr is not None
        self._pumps = [
            threading.Thread(target=self._pump_stdout, args=(proc.stdout, lines), daemon=True),
            threading.Thread(target=self._pump_stderr, args=(proc.stderr,), daemon=True),
        ]
        for pump in self._pumps:
            pump.start()
        try:
            line = lines.get(timeout=self._startup_timeout)
        except queue.Empty:
            self.terminate()
            raise SimulatorStartError(
                self._failure(f"no listening line within {self._startup_timeout} s")
            ) from None
        if line is None:
            self.terminate()
            raise SimulatorStartError(
                self._failure(f"simulator exited with code {proc.returncode}")
            )
        try:
            info = json.loads(line)
        except ValueError:
            info = None
        if not isinstance(info, dict) or info.get("event") != "listening":
            self.terminate()
            raise SimulatorStartError(self._failure(f"unexpected first line {line!r}"))
        self.info = info
        return self

    def _failure(self, what: str) -> str:
        tail = "".join(list(self.stderr_tail)[-20:]).strip()
        return f"{what}; stderr:\n{tail}" if tail else what

    @staticmethod
    def _pump_stdout(stream: IO[str], lines: queue.Queue[str | None]) -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    def _pump_stderr(self, stream: IO[str]) -> None:
        for line in stream:
            self.stderr_tail.append(line)
            logger.debug("simulator: %s", line.rstrip())

    def terminate(self, timeout: float = 5.0) -> int | None:
        """SIGTERM, then kill after ``timeout`` seconds; returns the exit code."""
        proc = self._proc
        if proc is None:
            return None
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                logger.warning("simulator pid %s ignored SIGTERM; killing it", proc.pid)
                proc.kill()
                proc.wait(timeout)
        for pump in self._pumps:  # they end at EOF now that the child is gone
            pump.join(timeout)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
        return proc.returncode

    def __enter__(self) -> SimulatorProcess:
        return self.start() if self._proc is None else self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.terminate()
